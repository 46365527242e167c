// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceRef } from '@common/domain';
import { initI18n } from '../app/i18n';
import { clean } from '../../testing/fixtures/bundles';
import { describeRef } from './evidenceWords';

let i18n: Awaited<ReturnType<typeof initI18n>>;
beforeAll(async () => {
  i18n = await initI18n('zh-CN');
});

describe('describeRef', () => {
  const b = clean();
  const tr = b.traces[0]!;
  const ev = tr.events[0]!;
  it('describes a cited tracking event in words, never as a code', () => {
    const ref: EvidenceRef = { type: 'trace_event', trackingNumber: tr.trackingNumber, seq: ev.seq };
    const zh = describeRef(ref, b, i18n.getFixedT('zh-CN'), 'zh-CN');
    expect(zh).toContain(ev.city);
    expect(zh).toContain('物流');
    expect(zh).not.toMatch(/trace_event|[a-z]+_[a-z]+/);
    const en = describeRef(ref, b, i18n.getFixedT('en'), 'en');
    expect(en).toContain('Tracking');
    expect(en).not.toContain('trace_event');
  });
  it('says so when the ref is not in the bundle', () => {
    expect(describeRef({ type: 'review', reviewId: 'ghost' }, b, i18n.getFixedT('zh-CN'), 'zh-CN')).toBe('（本案证据中没有这一条）');
  });
});
