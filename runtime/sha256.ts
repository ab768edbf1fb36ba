// Synchronous SHA-256 for runtimes without node:crypto (browsers, workers):
// Web Crypto is async only, and a key is needed synchronously on every call.
// Strings are hashed as docs/keys.md defines (UTF-8, or 0xFF + UTF-16LE when a lone
// surrogate would not survive UTF-8), exactly like the Node path. Written for size (issue #2).
import type { Digest } from './key.js';

/** Round constants: first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K: number[] = [];
for (let n = 2; K.length < 64; n++) {
  let d = 2;
  while (n % d) d++;
  if (d === n) K.push((Math.cbrt(n) % 1) * 2 ** 32 | 0);
}

/** The bytes a string is hashed as (docs/keys.md, Digests). */
export const utf = (s: string): Uint8Array => {
  // \p{Cs} under /u matches only unpaired surrogates: pairs are one code point.
  if (!/\p{Cs}/u.test(s)) return new TextEncoder().encode(s);
  const b = new Uint8Array(2 * s.length + 1);
  b[0] = 255;
  for (let i = 0; i < s.length; i++) b[2 * i + 1] = s.charCodeAt(i), b[2 * i + 2] = s.charCodeAt(i) >> 8;
  return b;
};

export const sha256: Digest = (data) => {
  if (typeof data === 'string') data = utf(data);
  const n = data.length;
  const len = ((n + 72) >> 6) << 6;
  const m = new Uint8Array(len);
  m.set(data);
  m[n] = 128;
  const dv = new DataView(m.buffer);
  dv.setUint32(len - 4, n * 8);
  dv.setUint32(len - 8, n / 2 ** 29);
  const h = [1779033703, -1150833019, 1013904242, -1521486534, 1359893119, -1694144372, 528734635, 1541459225];
  const w: number[] = [];
  const r = (x: number, k: number) => (x >>> k) | (x << (32 - k));
  for (let o = 0; o < len; o += 64) {
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      if (i < 16) w[i] = dv.getInt32(o + 4 * i);
      else {
        const x = w[i - 15], y = w[i - 2];
        w[i] = (w[i - 16] + (r(x, 7) ^ r(x, 18) ^ (x >>> 3)) + w[i - 7] + (r(y, 17) ^ r(y, 19) ^ (y >>> 10))) | 0;
      }
      const t = (hh + (r(e, 6) ^ r(e, 11) ^ r(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
      const u = (r(a, 2) ^ r(a, 13) ^ r(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      hh = g; g = f; f = e; e = (d + t) | 0; d = c; c = b; b = a; a = (t + u) | 0;
    }
    [a, b, c, d, e, f, g, hh].map((x, i) => (h[i] = (h[i] + x) | 0));
  }
  return h.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
};
