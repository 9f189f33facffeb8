// Draws the Accompany app icons (two interlocking rings on a teal tile) and writes them as PNGs.
// No image libraries: a tiny rasteriser with 4x4 supersampling and a hand-written PNG encoder.
// Usage: node scripts/make-icons.mjs   (from apps/web; writes public/icon-192.png and public/icon-512.png)
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const TEAL = [0x0b, 0x5f, 0x73];
const WHITE = [0xff, 0xff, 0xff];
const MINT = [0x9f, 0xe0, 0xd6];

/** CRC-32 as used by PNG chunks. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGB pixels (Uint8Array, width*height*3) → PNG file bytes (8-bit truecolour, filter 0). */
function encodePng(width, height, rgb) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    Buffer.from(rgb.buffer, y * width * 3, width * 3).copy(raw, y * (width * 3 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Colour at a point in a 64x64 design space. Full-bleed background so the icon also works as a
 * maskable icon: the rings stay inside the central safe zone (radius 40% of the size).
 */
function shade(x, y) {
  const ring = (cx, cy, r, w) => Math.abs(Math.hypot(x - cx, y - cy) - r) <= w / 2;
  // Draw the mint ring first and the white one on top, except where the mint ring crosses
  // back over it on the lower half, so the rings interlock.
  const white = ring(24.5, 32, 12, 5);
  const mint = ring(39.5, 32, 12, 5);
  if (mint && white) return y > 32 ? MINT : WHITE;
  if (white) return WHITE;
  if (mint) return MINT;
  return TEAL;
}

function render(size) {
  const rgb = new Uint8Array(size * size * 3);
  const ss = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = ((px + (sx + 0.5) / ss) / size) * 64;
          const y = ((py + (sy + 0.5) / ss) / size) * 64;
          const c = shade(x, y);
          r += c[0];
          g += c[1];
          b += c[2];
        }
      }
      const i = (py * size + px) * 3;
      rgb[i] = Math.round(r / (ss * ss));
      rgb[i + 1] = Math.round(g / (ss * ss));
      rgb[i + 2] = Math.round(b / (ss * ss));
    }
  }
  return encodePng(size, size, rgb);
}

const out = new URL('../public/', import.meta.url);
for (const size of [192, 512]) {
  const file = new URL(`icon-${size}.png`, out);
  writeFileSync(file, render(size));
  process.stdout.write(`wrote ${file.pathname}\n`);
}
