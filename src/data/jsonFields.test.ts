import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPullPage, loadBundle, partyOrders } from './casesRepo';
import { GavelDb } from './db';
import { caseView, pullPage } from '../../testing/fixtures/caseViews';

let db: GavelDb;
let n = 0;
beforeEach(async () => {
  db = new GavelDb(`jf-${n++}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

/** A row as IndexedDB holds it, read past Dexie. */
function raw(store: string, key: IDBValidKey): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = db.backendDB().transaction(store).objectStore(store).get(key);
    req.onsuccess = () => resolve(req.result as Record<string, unknown>);
    req.onerror = () => reject(new Error(String(req.error)));
  });
}

describe('bundles (orders and all) stored as JSON text', () => {
  it('are text in IndexedDB and objects to every reader: get, bulk get, arrays, cursors, indexes, update', async () => {
    const view = caseView(1);
    await applyPullPage(db, pullPage([view, caseView(2)], '1.0'));
    const stored = await raw('bundles', 'c1');
    expect(typeof stored.bundle).toBe('string');
    // Indexed fields stay as they were.
    expect(Array.isArray(stored.mediaShas)).toBe(true);
    expect(Array.isArray(stored.partyTimes)).toBe(true);

    expect((await db.bundles.get('c1'))?.bundle).toEqual(view.bundle);
    expect((await db.bundles.bulkGet(['c1', 'c2'])).map((b) => b?.bundle.case.externalId)).toEqual(['EXT-1001', 'EXT-1002']);
    expect((await db.bundles.toArray()).map((b) => typeof b.bundle)).toEqual(['object', 'object']);
    const seen: string[] = [];
    await db.bundles.filter((b) => b.bundle.orders.length > 0).each((b) => seen.push(b.bundle.case.externalId));
    expect(seen).toEqual(['EXT-1001', 'EXT-1002']);
    expect((await loadBundle(db, 'c1'))?.bundle.case.externalId).toBe('EXT-1001');
    expect((await partyOrders(db, 'm-1', 0)).length).toBeGreaterThan(0);

    // A field-level update reads, changes and writes the row: the bundle survives it, still as text.
    await db.bundles.update('c1', { evidenceRequest: null });
    expect((await db.bundles.get('c1'))?.bundle).toEqual(view.bundle);
    expect(typeof (await raw('bundles', 'c1')).bundle).toBe('string');
  });

  it('reads rows stored as objects (older stores) as they are', async () => {
    const view = caseView(3);
    await applyPullPage(db, pullPage([view], '1.0'));
    const stored = await raw('bundles', 'c3');
    await new Promise<void>((resolve, reject) => {
      const tx = db.backendDB().transaction('bundles', 'readwrite');
      tx.objectStore('bundles').put({ ...stored, bundle: view.bundle });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(new Error(String(tx.error)));
    });
    expect(typeof (await raw('bundles', 'c3')).bundle).toBe('object');
    expect((await loadBundle(db, 'c3'))?.bundle).toEqual(view.bundle);
  });
});
