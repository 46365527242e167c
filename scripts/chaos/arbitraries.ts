/**
 * Inputs for the fuzzers, from the same zod schemas the boundaries validate with:
 * - `validish(schema)`: values shaped like the schema (via its JSON Schema), so fuzzing reaches past
 *   the first type check into handlers;
 * - `mutated(schema)`: such a value with one field (anywhere in the tree) replaced by something hostile;
 * - `hostile`: wrong types, huge strings, prototype-pollution keys, deep nesting, NaN/±Infinity,
 *   lone surrogates and control characters, on their own.
 */
import fc from 'fast-check';
import { z } from 'zod';

type Json = Record<string, unknown>;

const HUGE = 'A'.repeat(200_000);
const DEEP_ARRAY = (depth: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};
const DEEP_OBJECT = (depth: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};
/** Own `__proto__` / `constructor` keys, as JSON.parse makes them (a literal would set the prototype instead). */
const PROTO = () =>
  JSON.parse(
    '{"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}}}',
  ) as unknown;

export const hostileScalars: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  2 ** 53 + 2,
  1e308,
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  '',
  ' ',
  HUGE,
  '\ud800',
  '\udfff\ud800',
  'a\u0000b',
  '\u202e\u0000\u200b',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '%E0%A4%A',
  '%',
  "'; drop table cases; --",
  '<script>window.__pwned=1</script>',
  '__proto__',
  'constructor',
  '1970-13-45T99:99:99Z',
  '0x10',
  '1e999',
  'NaN',
];

export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...hostileScalars),
  fc.constant(null).map(PROTO),
  fc.integer({ min: 50, max: 3000 }).map(DEEP_ARRAY),
  fc.integer({ min: 50, max: 3000 }).map(DEEP_OBJECT),
  fc.array(fc.constantFrom(...hostileScalars), { maxLength: 4 }),
  fc.dictionary(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'x'),
    fc.constantFrom(...hostileScalars),
    { maxKeys: 3 },
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** JSON Schema → arbitrary. Bounded: arrays get at most 4 items, optional keys appear half the time. */
export function fromJsonSchema(schema: unknown, defs: Json = {}, depth = 0): fc.Arbitrary<unknown> {
  if (typeof schema !== 'object' || schema === null || depth > 8) return fc.jsonValue({ maxDepth: 1 });
  const s = schema as Json;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.split('/').pop()!;
    return fc.constant(null).chain(() => fromJsonSchema(defs[name], defs, depth + 1));
  }
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const union = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(union) && union.length)
    return fc.oneof(...union.map((u) => fromJsonSchema(u, defs, depth + 1)));
  if (Array.isArray(s.allOf) && s.allOf.length) return fromJsonSchema(s.allOf[0], defs, depth + 1);
  const type = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
  if (type.length > 1) return fc.oneof(...type.map((t) => fromJsonSchema({ ...s, type: t }, defs, depth)));
  switch (type[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = typeof s.minimum === 'number' ? Math.max(s.minimum, -1e6) : -1000;
      const max = typeof s.maximum === 'number' ? Math.min(s.maximum, 1e6) : 1000;
      return fc.integer({ min: Math.min(min, max), max: Math.max(min, max) });
    }
    case 'number': {
      const min = typeof s.minimum === 'number' ? s.minimum : -1e6;
      const max = typeof s.maximum === 'number' ? s.maximum : 1e6;
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'string':
      return stringArb(s);
    case 'array': {
      const items = fromJsonSchema(s.items ?? {}, defs, depth + 1);
      const minLength = Math.min(typeof s.minItems === 'number' ? s.minItems : 0, 4);
      return fc.array(items, { minLength, maxLength: Math.max(minLength, 4) });
    }
    case 'object': {
      const props = (s.properties ?? {}) as Json;
      const required = new Set((s.required ?? []) as string[]);
      const keys = Object.keys(props);
      if (keys.length === 0)
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 });
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const k of keys) model[k] = fromJsonSchema(props[k], defs, depth + 1);
      return fc.record(model, { requiredKeys: keys.filter((k) => required.has(k)) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringArb(s: Json): fc.Arbitrary<string> {
  const minLength = typeof s.minLength === 'number' ? s.minLength : 0;
  const maxLength = Math.max(minLength, Math.min(typeof s.maxLength === 'number' ? s.maxLength : 40, 40));
  switch (s.format) {
    case 'date-time':
      return fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 10));
    case 'uri':
    case 'url':
      return fc.webUrl();
    case 'email':
      return fc.emailAddress();
    case 'uuid':
      return fc.uuid();
  }
  if (typeof s.pattern === 'string') {
    try {
      return fc
        .stringMatching(new RegExp(s.pattern))
        .filter((x) => x.length >= minLength && x.length <= Math.max(maxLength, 200));
    } catch {
      // a pattern JavaScript cannot compile: fall through to plain strings
    }
  }
  return fc.string({
    minLength,
    maxLength,
    unit: fc.oneof(
      fc.constant('a'),
      fc.string({ minLength: 1, maxLength: 1 }),
      fc.constantFrom('中', '文', '😀', ' ', '-', '_'),
    ),
  });
}

const cache = new WeakMap<z.ZodType, fc.Arbitrary<unknown>>();
/** Schema-shaped values for a zod schema (its input side: what a caller sends). */
export function validish(schema: z.ZodType): fc.Arbitrary<unknown> {
  let arb = cache.get(schema);
  if (!arb) {
    const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
    arb = fromJsonSchema(js, (js.$defs ?? js.definitions ?? {}) as Json);
    cache.set(schema, arb);
  }
  return arb;
}

/** Every path to a value inside `v` (objects and arrays), the root included. */
function paths(
  v: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
  depth = 0,
): (string | number)[][] {
  out.push(prefix);
  if (depth > 12 || out.length > 400) return out;
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out, depth + 1));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out, depth + 1);
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown, addKey: string | null): unknown {
  if (path.length === 0)
    return addKey && root && typeof root === 'object' && !Array.isArray(root)
      ? withOwnKey(root as Json, addKey, value)
      : value;
  const copy: unknown = structuredClone(root);
  let node = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  const target = node[last];
  if (addKey && target && typeof target === 'object' && !Array.isArray(target))
    node[last] = withOwnKey(target as Json, addKey, value);
  else node[last] = value;
  return copy;
}

/** Adds an own property even when the key is `__proto__`. */
function withOwnKey(obj: Json, key: string, value: unknown): Json {
  const out = { ...obj };
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

/** A schema-shaped value with one field replaced by a hostile one (or a hostile extra key added). */
export function mutated(schema: z.ZodType): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      validish(schema),
      hostile,
      fc.nat(),
      fc.option(fc.constantFrom('__proto__', 'constructor', 'prototype', 'unexpected'), { freq: 3 }),
    )
    .map(([value, bad, pick, addKey]) => {
      const all = paths(value);
      return setAt(value, all[pick % all.length]!, bad, addKey);
    });
}

export type FuzzInput = { kind: 'validish' | 'mutated' | 'hostile'; value: unknown };
/**
 * For any schema: valid-ish, mutated and hostile values, a third each by default (weights are integers). Targets whose valid
 * inputs cost a password hash (slow on purpose) lower the valid-ish weight so 10k inputs stay affordable.
 */
export function fuzzInput(
  schema: z.ZodType | undefined,
  weights: { validish: number; mutated: number; hostile: number } = {
    validish: 10,
    mutated: 10,
    hostile: 10,
  },
): fc.Arbitrary<FuzzInput> {
  if (!schema) return hostile.map((value) => ({ kind: 'hostile' as const, value }));
  return fc.oneof(
    {
      weight: weights.validish,
      arbitrary: validish(schema).map((value) => ({ kind: 'validish' as const, value })),
    },
    {
      weight: weights.mutated,
      arbitrary: mutated(schema).map((value) => ({ kind: 'mutated' as const, value })),
    },
    { weight: weights.hostile, arbitrary: hostile.map((value) => ({ kind: 'hostile' as const, value })) },
  );
}

/** Own keys of Object.prototype and friends; compared before and after a run to detect pollution. */
export function prototypeFingerprint(): string {
  const protos = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
  return protos.map((p) => Object.getOwnPropertyNames(p).sort().join(',')).join('|');
}
