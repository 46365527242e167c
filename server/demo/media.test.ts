import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DemoMediaParamsSchema } from '@common/api';
import { demoMediaFile, demoPhoto, demoVideo } from './media';

/** The chunks of a PNG, with their CRCs checked by zlib's own crc32 of type + data. */
function chunks(png: Buffer): { type: string; data: Buffer }[] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const out: { type: string; data: Buffer }[] = [];
  for (let i = 8; i < png.length; ) {
    const n = png.readUInt32BE(i);
    out.push({ type: png.toString('latin1', i + 4, i + 8), data: png.subarray(i + 8, i + 8 + n) });
    i += 12 + n;
  }
  return out;
}

describe('demo photos', () => {
  it('are PNGs whose reference (URI, size, sha256) is what the backend serves for the URI', () => {
    const ref = demoPhoto(3, 0xdeadbeef);
    const file = demoMediaFile(ref.uri.split('/').pop()!)!;
    expect(file.mimeType).toBe('image/png');
    expect(file.bytes.length).toBe(ref.bytes);
    expect(createHash('sha256').update(file.bytes).digest('hex')).toBe(ref.sha256);
    const cs = chunks(file.bytes);
    expect(cs.map((c) => c.type)).toEqual(['IHDR', 'tEXt', 'IDAT', 'IEND']);
    const ihdr = cs[0]!.data;
    const [w, h] = [ihdr.readUInt32BE(0), ihdr.readUInt32BE(4)];
    // Every scanline is there: a filter byte and width × RGB.
    expect(inflateSync(cs[2]!.data).length).toBe(h * (w * 3 + 1));
  });

  it('never share bytes: every name its own hash, also within one layout', () => {
    const seen = new Set<string>();
    for (let v = 0; v < 200; v++) for (const cat of [0, 7]) seen.add(demoPhoto(cat, v * 24).sha256);
    expect(seen.size).toBe(400);
  });

  it('refuse names the generator never makes', () => {
    for (const name of ['p8-00000000.png', 'p1-0000000.png', '../p1-00000000.png', 'p1-00000000.jpg', 'P1-00000000.png']) expect(demoMediaFile(name), name).toBeNull();
  });
});

describe('the demo clip', () => {
  it('is a WebM whose Segment holds the name, so every clip is its own file, as its reference says', () => {
    const a = demoVideo(0x1234_5679);
    const b = demoVideo(0x1234_567b);
    expect(a.sha256).not.toBe(b.sha256);
    const file = demoMediaFile(a.uri.split('/').pop()!)!;
    expect(file.mimeType).toBe('video/webm');
    expect(file.bytes.length).toBe(a.bytes);
    expect(createHash('sha256').update(file.bytes).digest('hex')).toBe(a.sha256);
    // EBML header, then a Segment whose 8-byte size runs exactly to the end of the file.
    expect(file.bytes.subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
    const at = file.bytes.indexOf(Buffer.from([0x18, 0x53, 0x80, 0x67]));
    expect(Number(file.bytes.readBigUInt64BE(at + 4) & 0x00ff_ffff_ffff_ffffn)).toBe(file.bytes.length - at - 12);
    expect(file.bytes.toString('latin1')).toContain(`Gavel demo clip ${a.uri.split('/').pop()!}`);
  });

  it('has a name the route accepts', () => {
    expect(DemoMediaParamsSchema.safeParse({ name: demoVideo(7).uri.split('/').pop() }).success).toBe(true);
    expect(DemoMediaParamsSchema.safeParse({ name: demoPhoto(1, 7).uri.split('/').pop() }).success).toBe(true);
  });

  it('refuses names it never makes', () => {
    for (const name of ['v0-1234567.webm', 'v0-12345678.mp4', '../v0-12345678.webm', 'v1-12345678.webm']) expect(demoMediaFile(name), name).toBeNull();
  });
});
