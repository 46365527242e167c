import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { UNBOXING_WEBM_BASE64 } from './video';

/**
 * Demo evidence media that really exist: each photo is a small PNG drawn in code from its name, so
 * the backend can serve it (GET /v1/demo/media/:name) and the bundle can promise its sha256 without
 * any binary file in the repository. Every name gives a different file, hence a different hash:
 * identical files are a fraud signal in the viewer ("reused across cases"), so demo photos must not
 * share bytes by accident.
 */

export const DEMO_MEDIA_ROUTE = '/v1/demo/media/';
/** `p<category>-<8 hex>.png`: the category picks the palette, the hex everything else. */
const NAME = /^p([0-7])-([0-9a-f]{8})\.png$/;
/** `v0-<8 hex>.webm`: the unboxing clip, made unique by its name. */
const VIDEO_NAME = /^v0-([0-9a-f]{8})\.webm$/;

const W = 96;
const H = 72;

/** Box and label colours per product category (the index of PRODUCTS in content.ts). */
const PALETTES: readonly (readonly [number, number, number])[] = [
  [214, 196, 170],
  [196, 142, 84],
  [70, 74, 84],
  [232, 190, 200],
  [220, 220, 226],
  [170, 196, 170],
  [120, 160, 200],
  [236, 232, 220],
];

let crcTable: Uint32Array | undefined;
function crc32(buf: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IEND = chunk('IEND', new Uint8Array(0));

/** A PNG (8-bit RGB) from its filtered scanlines (`raw`: a 0 filter byte, then width × RGB, per row), with a text comment. */
export function encodePng(width: number, height: number, raw: Buffer, comment?: string): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const text = comment === undefined ? [] : [textChunk(comment)];
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), ...text, chunk('IDAT', deflateSync(raw, { level: 6 })), IEND]);
}

function textChunk(comment: string): Buffer {
  return chunk('tEXt', Buffer.from(`Comment\0${comment}`, 'latin1'));
}

/**
 * A parcel photo: a table-top gradient, the product's box with a shadow, and a shipping label with a
 * barcode of the layout's bits. Drawn in horizontal runs straight into the PNG scanlines.
 */
function drawPhoto(category: number, variant: number): Buffer {
  const stride = W * 3 + 1;
  const raw = Buffer.alloc(stride * H);
  const rgb = Buffer.alloc(3);
  const run = (y: number, x0: number, x1: number, r: number, g: number, b: number) => {
    const a = Math.max(0, x0);
    const z = Math.min(W, x1);
    if (y < 0 || y >= H || z <= a) return;
    rgb[0] = r;
    rgb[1] = g;
    rgb[2] = b;
    raw.fill(rgb, y * stride + 1 + a * 3, y * stride + 1 + z * 3);
  };
  const [br, bg, bb] = PALETTES[category]!;
  const tint = (variant >>> 24) % 24;
  const bw = 44 + ((variant >>> 4) % 16);
  const bh = 30 + ((variant >>> 8) % 12);
  const x0 = 8 + ((variant >>> 12) % Math.max(1, W - bw - 16));
  const y0 = 10 + ((variant >>> 16) % Math.max(1, H - bh - 18));
  const lx = x0 + 4;
  const ly = y0 + bh - 14;
  for (let y = 0; y < H; y++) {
    run(y, 0, W, 150 + tint + (y >> 1), 140 + (y >> 1), 124 + (tint >> 1) + (y >> 2));
    const by = y - y0;
    if (by >= 3 && by < bh + 3) run(y, x0 + 3, x0 + bw + 3, 90, 80, 70);
    if (by >= 0 && by < bh) {
      const edge = by === 0 || by === bh - 1;
      const shade = edge ? 0.6 : 1 - by / (bh * 4);
      run(y, x0, x0 + bw, br * shade, bg * shade, bb * shade);
      if (!edge) {
        run(y, x0, x0 + 1, br * 0.6, bg * 0.6, bb * 0.6);
        run(y, x0 + bw - 1, x0 + bw, br * 0.6, bg * 0.6, bb * 0.6);
      }
    }
    const ry = y - ly;
    if (ry >= 0 && ry < 10) {
      run(y, lx, lx + 36, 250, 250, 246);
      if (ry >= 2 && ry < 8) for (let bit = 0; bit < 32; bit++) if ((variant >>> bit) & 1) run(y, lx + 2 + bit, lx + 3 + bit, 20, 20, 20);
    }
  }
  return encodePng(W, H, raw);
}

/** Drawn pictures per (category, layout): zlib is the cost of a photo, so each layout is compressed once. */
const LAYOUTS = 24;
const drawn = new Map<number, Buffer>();
function layout(category: number, variant: number): Buffer {
  const key = category * LAYOUTS + (variant % LAYOUTS);
  let png = drawn.get(key);
  if (!png) drawn.set(key, (png = drawPhoto(category, Math.imul(variant % LAYOUTS, 0x9e3779b1) >>> 0)));
  return png;
}

/**
 * One demo photo: its layout's picture with the file's own name in a tEXt comment, so two photos
 * never share bytes (identical files are what the viewer flags as reused evidence).
 */
function photoFile(category: number, variant: number, name: string): Buffer {
  const png = layout(category, variant);
  // The signature (8) and IHDR (25) come first; the comment goes right after them.
  return Buffer.concat([png.subarray(0, 33), textChunk(`Gavel demo photo ${name}`), png.subarray(33)]);
}

export type DemoFile = { bytes: Buffer; mimeType: string };

/** The file behind a demo media name, or null for a name the generator never makes. */
export function demoMediaFile(name: string): DemoFile | null {
  if (VIDEO_NAME.test(name)) return { bytes: videoFile(name), mimeType: 'video/webm' };
  const m = NAME.exec(name);
  if (!m) return null;
  return { bytes: photoFile(Number(m[1]), Number.parseInt(m[2]!, 16) >>> 0, name), mimeType: 'image/png' };
}

export type DemoMediaRef = { uri: string; sha256: string; bytes: number; mimeType: string };

/** The reference a bundle carries for a demo photo: a backend-relative URI and the real hash and size. */
export function demoPhoto(category: number, variant: number): DemoMediaRef {
  const name = `p${category}-${(variant >>> 0).toString(16).padStart(8, '0')}.png`;
  const file = demoMediaFile(name)!;
  return { uri: `${DEMO_MEDIA_ROUTE}${name}`, sha256: createHash('sha256').update(file.bytes).digest('hex'), bytes: file.bytes.length, mimeType: file.mimeType };
}

let clip: Buffer | undefined;
/** Where the clip's Segment starts: its ID (4 bytes), then an 8-byte size, then its children. */
const SEGMENT_ID = Buffer.from([0x18, 0x53, 0x80, 0x67]);

/**
 * The clip with the file's name in an EBML Void element at the end of its Segment (players skip
 * Void), and the Segment's size grown to match: every name a different file, as with the photos.
 */
function videoFile(name: string): Buffer {
  clip ??= Buffer.from(UNBOXING_WEBM_BASE64, 'base64');
  const at = clip.indexOf(SEGMENT_ID);
  if (at < 0 || clip[at + 4] !== 0x01) throw new Error('the demo clip has no 8-byte Segment size');
  const size = clip.readBigUInt64BE(at + 4) & 0x00ff_ffff_ffff_ffffn;
  if (BigInt(clip.length - (at + 12)) !== size) throw new Error('the demo clip does not end with its Segment');
  const words = Buffer.from(`Gavel demo clip ${name}`, 'latin1');
  const voidElement = Buffer.concat([Buffer.from([0xec, 0x80 | words.length]), words]);
  const out = Buffer.concat([clip, voidElement]);
  out.writeBigUInt64BE((0x01n << 56n) | (size + BigInt(voidElement.length)), at + 4);
  return out;
}

/** The reference a bundle carries for the demo's unboxing clip. */
export function demoVideo(variant: number): DemoMediaRef {
  const name = `v0-${(variant >>> 0).toString(16).padStart(8, '0')}.webm`;
  const file = demoMediaFile(name)!;
  return { uri: `${DEMO_MEDIA_ROUTE}${name}`, sha256: createHash('sha256').update(file.bytes).digest('hex'), bytes: file.bytes.length, mimeType: file.mimeType };
}
