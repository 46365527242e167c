import type { Readable } from 'node:stream';
import { ApiError } from './errors';

/**
 * Streaming splitters for import bodies: one item at a time, memory bounded by the largest item,
 * never by the upload.
 */
export type RawItem = { index: number; raw: unknown } | { index: number; error: string };

const MAX_ITEM_BYTES = 16 * 1024 * 1024;

/** NDJSON: one JSON value per line; blank lines are skipped; a bad line is a per-item error. */
export async function* ndjsonItems(stream: Readable): AsyncGenerator<RawItem> {
  let buf = '';
  let index = 0;
  const parseLine = (line: string): RawItem | null => {
    const t = line.trim();
    if (t === '') return null;
    try {
      return { index: index++, raw: JSON.parse(t) as unknown };
    } catch (e) {
      return { index: index++, error: `line is not valid JSON: ${(e as Error).message}` };
    }
  };
  stream.setEncoding('utf8');
  for await (const chunk of stream) {
    buf += chunk as string;
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      const item = parseLine(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      if (item) yield item;
      nl = buf.indexOf('\n');
    }
    if (buf.length > MAX_ITEM_BYTES) throw new ApiError(413, 'payload_too_large', `an NDJSON line exceeds ${MAX_ITEM_BYTES} bytes`, `[${index}]`);
  }
  const item = parseLine(buf);
  if (item) yield item;
}

/**
 * A top-level JSON array, split into its elements by tracking string and nesting state; each
 * element is then parsed with JSON.parse. Structural errors outside elements end the upload (400).
 */
export async function* jsonArrayItems(stream: Readable): AsyncGenerator<RawItem> {
  let started = false;
  let ended = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let cur = '';
  let index = 0;
  const flush = (): RawItem | null => {
    const t = cur.trim();
    cur = '';
    if (t === '') return null;
    try {
      return { index: index++, raw: JSON.parse(t) as unknown };
    } catch (e) {
      return { index: index++, error: `element is not valid JSON: ${(e as Error).message}` };
    }
  };
  stream.setEncoding('utf8');
  for await (const chunk of stream) {
    const s = chunk as string;
    let from = 0;
    for (let i = 0; i < s.length; i++) {
      const ch = s[i]!;
      if (!started) {
        if (ch === '[') {
          started = true;
          from = i + 1;
        } else if (!/\s/.test(ch)) throw new ApiError(400, 'invalid_json', 'body must be a JSON array of case bundles (or NDJSON)', '(root)');
        continue;
      }
      if (ended) {
        if (!/\s/.test(ch)) throw new ApiError(400, 'invalid_json', 'unexpected data after the closing ]', '(root)');
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') inString = true;
      else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        if (depth === 0) {
          // The closing bracket of the top-level array.
          cur += s.slice(from, i);
          const item = flush();
          if (item) yield item;
          ended = true;
          continue;
        }
        depth--;
      } else if (ch === ',' && depth === 0) {
        cur += s.slice(from, i);
        from = i + 1;
        const item = flush();
        if (item) yield item;
        else throw new ApiError(400, 'invalid_json', `empty element in the array at index ${index}`, `[${index}]`);
      }
    }
    if (started && !ended) cur += s.slice(from);
    if (cur.length > MAX_ITEM_BYTES) throw new ApiError(413, 'payload_too_large', `an array element exceeds ${MAX_ITEM_BYTES} bytes`, `[${index}]`);
  }
  if (!started || !ended) throw new ApiError(400, 'invalid_json', 'body must be a complete JSON array of case bundles', '(root)');
}
