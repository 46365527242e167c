#!/usr/bin/env node
// `npx tsx scripts/icons.mjs`: renders resources/icon.svg (the one source) into every size the packager
// and the window need: resources/icons/NxN.png (Linux, and the window icon), resources/icon.png,
// resources/icon.ico (Windows) and resources/icon.icns (macOS). Rendered by the system Chromium, so
// no image toolchain is needed; the outputs are committed, run this again after changing the SVG.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../testing/chromium.ts';
import { parseCli } from '../server/cli.mjs';

parseCli({
  name: 'icons',
  usage: `usage: npx tsx scripts/icons.mjs

Renders resources/icon.svg to resources/icons/NxN.png, resources/icon.png, icon.ico and icon.icns.

  -h, --help   this text`,
});

const root = path.resolve(import.meta.dirname, '..');
const res = path.join(root, 'resources');
const svg = readFileSync(path.join(res, 'icon.svg'), 'utf8');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const png = new Map();
try {
  const page = await browser.newPage();
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    png.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
  }
} finally {
  await browser.close();
}

mkdirSync(path.join(res, 'icons'), { recursive: true });
for (const [size, data] of png) writeFileSync(path.join(res, 'icons', `${size}x${size}.png`), data);
writeFileSync(path.join(res, 'icon.png'), png.get(512));

// ICO: a directory of PNG images (Windows Vista and later read PNG entries); 256 is written as 0.
const icoSizes = [16, 24, 32, 48, 64, 128, 256];
const header = Buffer.alloc(6 + 16 * icoSizes.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(icoSizes.length, 4);
let offset = header.length;
icoSizes.forEach((size, i) => {
  const entry = 6 + 16 * i;
  const data = png.get(size);
  header.writeUInt8(size >= 256 ? 0 : size, entry);
  header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
  header.writeUInt16LE(1, entry + 4); // colour planes
  header.writeUInt16LE(32, entry + 6); // bits per pixel
  header.writeUInt32LE(data.length, entry + 8);
  header.writeUInt32LE(offset, entry + 12);
  offset += data.length;
});
writeFileSync(path.join(res, 'icon.ico'), Buffer.concat([header, ...icoSizes.map((s) => png.get(s))]));

// ICNS: typed PNG chunks (ic07 128, ic08 256, ic09 512, ic10 1024 = 512@2x, ic11 32 = 16@2x, ic12 64 = 32@2x, ic13 256 = 128@2x, ic14 512 = 256@2x).
const icns = [['icp4', 16], ['icp5', 32], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024], ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512]];
const chunks = icns.map(([type, size]) => {
  const data = png.get(size);
  const head = Buffer.alloc(8);
  head.write(type, 0, 'ascii');
  head.writeUInt32BE(data.length + 8, 4);
  return Buffer.concat([head, data]);
});
const icnsHead = Buffer.alloc(8);
icnsHead.write('icns', 0, 'ascii');
icnsHead.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
writeFileSync(path.join(res, 'icon.icns'), Buffer.concat([icnsHead, ...chunks]));
console.log(`icons: wrote ${SIZES.length} PNG sizes, icon.png, icon.ico and icon.icns to resources/`);
