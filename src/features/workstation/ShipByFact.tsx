import { useTranslation } from 'react-i18next';
import type { CaseBundle } from '@common/domain';
import { compactSpan, formatDateTime } from '../../ui/format';

/**
 * A late-shipment case turns on two instants: the ship-by the shop promised and the parcel's first
 * carrier scan. Shown side by side in the case header, with how late the scan was (or that there is
 * none yet), so the arbitrator does not reconstruct it from the logistics tab.
 */
export function ShipByFact({ bundle }: { bundle: CaseBundle }) {
  const { t, i18n } = useTranslation();
  const c = bundle.case;
  if (c.kind !== 'late_shipment') return null;
  const order = bundle.orders.find((o) => c.subject.orderIds.includes(o.id));
  if (!order) return null;
  const shipBy = Date.parse(order.shipBy);
  let first: number | null = null;
  for (const tr of bundle.traces)
    if (tr.orderId === order.id && tr.direction === 'outbound')
      for (const e of tr.events) if (e.status !== 'created' && (first === null || Date.parse(e.at) < first)) first = Date.parse(e.at);
  const late = first === null ? Date.now() - shipBy : first - shipBy;
  return (
    <div data-testid="case-ship-by">
      <dt>{t('workstation.shipBy')}</dt>
      <dd>
        {formatDateTime(shipBy, i18n.language)}
        {' · '}
        {first === null ? t('workstation.noScan') : t('workstation.firstScan', { at: formatDateTime(first, i18n.language) })}{' '}
        <span className={late > 0 ? 'tone-bad' : 'tone-ok'}>({late > 0 ? t('workstation.shippedLate', { span: compactSpan(late, i18n.language) }) : t('workstation.shippedInTime')})</span>
      </dd>
    </div>
  );
}
