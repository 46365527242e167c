import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPullPage } from './casesRepo';
import { GavelDb } from './db';
import { recordDecision } from './outboxRepo';
import { BULK_PUBLISH_MS, BULK_ROWS, FIRST_PAGE, QueueIndex } from './queueIndex';
import { caseRowFromView } from './rows';
import { caseView, decision, pullPage } from '../../testing/fixtures/caseViews';

let db: GavelDb;
let index: QueueIndex;
let n = 0;
beforeEach(async () => {
  db = new GavelDb(`qi-${n++}`);
  await db.open();
  index = new QueueIndex(db);
});
afterEach(async () => {
  index.stop();
  db.close();
  await db.delete();
});

const ids = (): string[] => (index.getSnapshot()?.rows ?? []).map((r) => r.id).sort();

describe('queue index', () => {
  it('reads the most urgent page first, then every row', async () => {
    const rows = Array.from({ length: FIRST_PAGE + 50 }, (_, i) => ({ ...caseRowFromView(caseView(1), 'open'), id: `r${i}`, dueAtMs: 1_000_000 - i }));
    await db.cases.bulkPut(rows);
    const seen: { size: number; complete: boolean }[] = [];
    index.subscribe(() => {
      const s = index.getSnapshot();
      if (s) seen.push({ size: s.rows.length, complete: s.complete });
    });
    await index.start();
    expect(seen[0]).toEqual({ size: FIRST_PAGE, complete: false });
    expect(seen.at(-1)).toEqual({ size: FIRST_PAGE + 50, complete: true });
    expect(index.getSnapshot()?.total).toBe(FIRST_PAGE + 50);
  });

  it('follows pulls and decisions by re-reading only what was written', async () => {
    await applyPullPage(db, pullPage([caseView(1), caseView(2)], '1.0'));
    await index.start();
    expect(ids()).toEqual(['c1', 'c2']);
    const before = index.getSnapshot()!;

    await applyPullPage(db, pullPage([caseView(3)], '2.0'));
    await index.settled();
    expect(ids()).toEqual(['c1', 'c2', 'c3']);
    // Unchanged rows keep their identity: nothing else was re-read.
    expect(index.getSnapshot()!.rows.find((r) => r.id === 'c1')).toBe(before.rows.find((r) => r.id === 'c1'));

    await recordDecision(db, 'c2', decision('m-1'));
    await index.settled();
    expect(index.get('c2')?.local).toBe('pending');
    expect(index.getSnapshot()!.version).toBeGreaterThan(before.version);
  });

  it('shows back-to-back pull pages (a first sync) at most every BULK_PUBLISH_MS, and a decision at once', async () => {
    await index.start();
    let shown = 0;
    index.subscribe(() => shown++);
    const page = (from: number) => pullPage(Array.from({ length: BULK_ROWS }, (_, i) => caseView(from + i)), `${from}.0`, true);
    const commitsApplied = () => new Promise((r) => setTimeout(r, 20));

    // The first page after a pause is shown at once: a first sign-in sees its cases without waiting.
    await applyPullPage(db, page(1000));
    await commitsApplied();
    expect(shown).toBe(1);
    expect(ids()).toHaveLength(BULK_ROWS);

    // The next page, right after: in the index at once, on screen with the next showing.
    const t0 = Date.now();
    await applyPullPage(db, page(2000));
    await commitsApplied();
    expect(index.get('c2000')).toBeDefined();
    expect(ids()).toHaveLength(BULK_ROWS);
    expect(shown).toBe(1);
    await index.settled();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(BULK_PUBLISH_MS - 50);
    expect(ids()).toHaveLength(2 * BULK_ROWS);
    expect(shown).toBe(2);

    // A third page waits again, but a decision meanwhile is shown at once, and the page with it.
    await applyPullPage(db, page(3000));
    await commitsApplied();
    expect(shown).toBe(2);
    await recordDecision(db, 'c1000', decision('m-1'));
    await commitsApplied();
    expect(shown).toBe(3);
    expect(index.getSnapshot()!.rows.find((r) => r.id === 'c1000')?.local).toBe('pending');
    expect(ids()).toHaveLength(3 * BULK_ROWS);
    // and the showing that page was waiting for does not come as well (one redraw, not two).
    await new Promise((r) => setTimeout(r, BULK_PUBLISH_MS + 50));
    expect(shown).toBe(3);
    // After that pause the next page is shown at once again.
    await applyPullPage(db, page(4000));
    await commitsApplied();
    expect(shown).toBe(4);
    expect(ids()).toHaveLength(4 * BULK_ROWS);
  });

  it('ignores writes whose transaction aborted', async () => {
    await applyPullPage(db, pullPage([caseView(1)], '1.0'));
    await index.start();
    const row = index.get('c1')!;
    await expect(
      db.transaction('rw', db.cases, async () => {
        await db.cases.put({ ...row, local: 'conflict' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await index.settled();
    expect(index.get('c1')?.local).toBe('open');
  });

  it('drops deleted rows and re-reads everything after a clear', async () => {
    await applyPullPage(db, pullPage([caseView(1), caseView(2)], '1.0'));
    await index.start();
    await db.cases.delete('c1');
    await index.settled();
    expect(ids()).toEqual(['c2']);
    await db.cases.clear();
    await index.settled();
    expect(ids()).toEqual([]);
  });

  it('takes the written rows from the commit, in the order written, without reading them back', async () => {
    await applyPullPage(db, pullPage([caseView(1), caseView(2)], '1.0'));
    await index.start();
    const reads: string[] = [];
    db.cases.hook('reading', (row) => {
      if (row) reads.push(row.id);
      return row;
    });
    const row = index.get('c1')!;
    await db.transaction('rw', db.cases, async () => {
      await db.cases.put({ ...row, local: 'conflict' });
      await db.cases.put({ ...row, local: 'pending' });
      await db.cases.delete('c2');
      await db.cases.put({ ...index.get('c2')!, externalId: 'back' });
    });
    await applyPullPage(db, pullPage([caseView(3)], '2.0'));
    await index.settled();
    expect(index.get('c1')?.local).toBe('pending');
    expect(index.get('c2')?.externalId).toBe('back');
    expect(ids()).toEqual(['c1', 'c2', 'c3']);
    expect(reads.filter((id) => id === 'c3')).toEqual([]);
    // The index equals the table.
    expect(Object.fromEntries(index.getSnapshot()!.rows.map((r) => [r.id, r]))).toEqual(Object.fromEntries((await db.cases.toArray()).map((r) => [r.id, r])));
  });

  it('catches writes that land while the first read is under way', async () => {
    await applyPullPage(db, pullPage([caseView(1)], '1.0'));
    const started = index.start();
    await applyPullPage(db, pullPage([caseView(2)], '2.0'));
    await started;
    await index.settled();
    expect(ids()).toEqual(['c1', 'c2']);
  });
});
