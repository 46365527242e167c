import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/**
 * Demo evidence media that really exist: each photo is a small PNG drawn in code from its name, so
 * the backend can serve it (GET /v1/demo/media/:name) and the bundle can promise its sha256 without
 * any binary file in the repository. Every name gives a different picture, hence a different hash:
 * identical files are a fraud signal in the viewer ("reused across cases"), so demo photos must not
 * share bytes by accident.
 */

export const DEMO_MEDIA_ROUTE = '/v1/demo/media/';
/** `p<category>-<8 hex>.png`: the category picks the palette, the hex everything else. */
const NAME = /^p([0-7])-([0-9a-f]{8})\.png$/;

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

/** A PNG (8-bit RGB) of `rgb`, rows top to bottom. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', new Uint8Array(0))]);
}

/**
 * A parcel photo: a table-top gradient, the product's box with a shadow, and a shipping label whose
 * barcode carries the 32 variant bits (which is what makes each photo's bytes unique).
 */
function drawPhoto(category: number, variant: number): Buffer {
  const px = new Uint8Array(W * H * 3);
  const [br, bg, bb] = PALETTES[category]!;
  const tint = (variant >>> 24) % 24;
  const set = (x: number, y: number, r: number, g: number, b: number) => {
    if (x < 0 || y < 0 || x >= W || y >= H) return;
    const i = (y * W + x) * 3;
    px[i] = r;
    px[i + 1] = g;
    px[i + 2] = b;
  };
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) set(x, y, 150 + tint + (y >> 1), 140 + (y >> 1), 124 + tint / 2 + (y >> 2));
  const bw = 44 + ((variant >>> 4) % 16);
  const bh = 30 + ((variant >>> 8) % 12);
  const x0 = 8 + ((variant >>> 12) % Math.max(1, W - bw - 16));
  const y0 = 10 + ((variant >>> 16) % Math.max(1, H - bh - 18));
  for (let y = 0; y < bh; y++) for (let x = 0; x < bw; x++) set(x0 + x + 3, y0 + y + 3, 90, 80, 70);
  for (let y = 0; y < bh; y++) for (let x = 0; x < bw; x++) {
    const edge = x === 0 || y === 0 || x === bw - 1 || y === bh - 1;
    const shade = edge ? 0.6 : 1 - y / (bh * 4);
    set(x0 + x, y0 + y, br * shade, bg * shade, bb * shade);
  }
  // The label: white, with a 32-bar barcode of the variant.
  const lx = x0 + 4;
  const ly = y0 + bh - 14;
  for (let y = 0; y < 10; y++) for (let x = 0; x < 36; x++) set(lx + x, ly + y, 250, 250, 246);
  for (let bit = 0; bit < 32; bit++) if ((variant >>> bit) & 1) for (let y = 2; y < 8; y++) set(lx + 2 + bit, ly + y, 20, 20, 20);
  return encodePng(W, H, px);
}

export type DemoFile = { bytes: Buffer; mimeType: string };

/** The file behind a demo media name, or null for a name the generator never makes. */
export function demoMediaFile(name: string): DemoFile | null {
  const m = NAME.exec(name);
  if (!m) return null;
  return { bytes: drawPhoto(Number(m[1]), Number.parseInt(m[2]!, 16) >>> 0), mimeType: 'image/png' };
}

export type DemoMediaRef = { uri: string; sha256: string; bytes: number; mimeType: string };

/** The reference a bundle carries for a demo photo: a backend-relative URI and the real hash and size. */
export function demoPhoto(category: number, variant: number): DemoMediaRef {
  const name = `p${category}-${(variant >>> 0).toString(16).padStart(8, '0')}.png`;
  const file = demoMediaFile(name)!;
  return { uri: `${DEMO_MEDIA_ROUTE}${name}`, sha256: createHash('sha256').update(file.bytes).digest('hex'), bytes: file.bytes.length, mimeType: file.mimeType };
}
