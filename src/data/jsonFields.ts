/**
 * Large nested fields stored as JSON text: a case's evidence bundle (its orders with it).
 *
 * IndexedDB copies every value it stores with the structured-clone serializer on the page's main
 * thread, walking the object graph node by node; a bundle is a few hundred nodes. The same bundle as
 * one string costs a copy: in Chromium here, putting 500 bundles took 124–163 ms of main thread as
 * objects and 26–64 ms as text (plus 9 ms of JSON.stringify), which is most of a first sync's page
 * (docs/performance.md). Nothing queries inside these fields, so nothing is lost.
 *
 * The middleware is the only place that knows: writers hand it objects, readers get objects back
 * (JSON.parse is cheaper than the structured-clone reader too), and rows stored as objects before
 * (older stores, tests that write them) are read as they are.
 */
import type { DBCore, DBCoreCursor, DBCoreMutateRequest, Middleware } from 'dexie';

/** Table → the field kept as JSON text. */
export const JSON_FIELDS: Readonly<Record<string, string>> = { bundles: 'bundle' };

export function jsonFieldsMiddleware(): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'gavel-json-fields',
    // Nearest IndexedDB: every other middleware sees the objects.
    level: 0,

    create(down) {
      return {
        ...down,
        table(name) {
          const table = down.table(name);
          const field = JSON_FIELDS[name];
          if (!field) return table;
          const encode = (value: unknown): unknown => {
            const row = value as Record<string, unknown> | null;
            return row && typeof row === 'object' && row[field] !== null && typeof row[field] === 'object' ? { ...row, [field]: JSON.stringify(row[field]) } : value;
          };
          const decode = (value: unknown): unknown => {
            const row = value as Record<string, unknown> | null | undefined;
            return row && typeof row === 'object' && typeof row[field] === 'string' ? { ...row, [field]: JSON.parse(row[field]) as unknown } : value;
          };
          return {
            ...table,
            mutate(req: DBCoreMutateRequest) {
              return req.type === 'put' || req.type === 'add' ? table.mutate({ ...req, values: req.values.map(encode) }) : table.mutate(req);
            },
            get: (req) => table.get(req).then(decode),
            getMany: (req) => table.getMany(req).then((values) => values.map(decode)),
            query: (req) => table.query(req).then((res) => (req.values ? { ...res, result: res.result.map(decode) } : res)),
            openCursor: (req) =>
              table.openCursor(req).then((cursor) => {
                if (!cursor || !req.values) return cursor;
                // Decoded once per position, however often the value is read there.
                let raw: unknown = Symbol('none');
                let decoded: unknown;
                return Object.create(cursor, {
                  value: {
                    get() {
                      if (cursor.value !== raw) {
                        raw = cursor.value;
                        decoded = decode(raw);
                      }
                      return decoded;
                    },
                  },
                }) as DBCoreCursor;
              }),
          };
        },
      };
    },
  };
}
