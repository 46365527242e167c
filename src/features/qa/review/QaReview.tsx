import '../../../ui/casePage.css';
import { useLayoutEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { setContexts, useCommand } from '../../../app/commands/runtime';
import { useQaItem, useQaItems } from '../../../data/qaQueries';
import { neighbour } from '../qaModel';
import { qaUi } from '../qaStore';
import { BlindEvidence } from './BlindEvidence';
import { BlindHeader } from './BlindHeader';
import { Comparison } from './Comparison';
import { ReviewPanel } from './ReviewPanel';

/** One blind re-review: the case without its decision, the review panel, then the comparison. */
export function QaReview({ itemId }: { itemId: string }) {
  const { t } = useTranslation();
  const item = useQaItem(itemId);
  const items = useQaItems();
  const focused = qaUi.useFocused();
  const ids = (items ?? []).map((i) => i.itemId);
  useLayoutEffect(() => setContexts(focused ? ['decision', 'case'] : ['case']), [focused]);
  useCommand('case.back', qaUi.close);
  useCommand('case.next', () => {
    const id = neighbour(ids, itemId, 1);
    if (id && id !== itemId) qaUi.openItem(id);
  });
  useCommand('case.prev', () => {
    const id = neighbour(ids, itemId, -1);
    if (id && id !== itemId) qaUi.openItem(id);
  });
  if (item === undefined) return null;
  if (item === null)
    return (
      <section className="page" data-testid="qa-review">
        <p className="form-error" role="alert">
          {t('qa.itemMissing')}
        </p>
      </section>
    );
  return (
    <section className="case-page qa-review" aria-labelledby="case-title" data-testid="qa-review" data-item-id={item.itemId} data-kind={item.kind} data-state={item.local}>
      <BlindHeader item={item} />
      <div className="case-body">
        <div className="case-main">
          <BlindEvidence item={item} />
        </div>
        {item.local === 'reviewed' && item.comparison ? <Comparison item={item} /> : <ReviewPanel key={item.itemId} item={item} />}
      </div>
    </section>
  );
}
