// Synchronous SHA-256 for runtimes without node:crypto (browsers, workers):
// Web Crypto is async only, and a key is needed synchronously on every call.
// Strings are hashed as docs/keys.md defines (UTF-8, or 0xFF + UTF-16LE when an unpaired
// surrogate would not survive UTF-8), exactly like the Node path. Written for size (issue #2).
import type { Digest } from './key.js';

/** Round constants (cube roots of the first 64 primes), then the initial state (square roots of the first 8). */
const K: number[] = [];
const H: number[] = [];
for (let n = 2; K.length < 64; n++) {
  let d = 2;
  while (n % d) d++;
  if (d === n) K.push((Math.cbrt(n) % 1) * 2 ** 32 | 0), H.length < 8 && H.push((Math.sqrt(n) % 1) * 2 ** 32 | 0);
}

export const sha256: Digest = (data) => {
  if (typeof data == 'string') {
    const s = data;
    // \p{Cs} under /u matches only unpaired surrogates (a pair is one code point).
    data = /\p{Cs}/u.test(s)
      ? Uint8Array.from({ length: 2 * s.length + 1 }, (_, i) => (i ? s.charCodeAt((i - 1) >> 1) >> (8 * ((i - 1) & 1)) : 255))
      : new TextEncoder().encode(s);
  }
  const n = data.length;
  const len = ((n + 72) >> 6) << 6;
  const m = new Uint8Array(len);
  m.set(data);
  m[n] = 128;
  // The length in bits, big-endian, in the last 8 bytes.
  for (let i = 1, x = n * 8; i < 9; i++, x = Math.floor(x / 256)) m[len - i] = x;
  const dv = new DataView(m.buffer);
  const h = H.slice();
  const w: number[] = [];
  const r = (x: number, k: number) => (x >>> k) | (x << (32 - k));
  for (let o = 0; o < len; o += 64) {
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i++) {
      const x = w[i - 15], y = w[i - 2];
      w[i] = i < 16 ? dv.getInt32(o + 4 * i) : (w[i - 16] + (r(x, 7) ^ r(x, 18) ^ (x >>> 3)) + w[i - 7] + (r(y, 17) ^ r(y, 19) ^ (y >>> 10))) | 0;
      const t = (hh + (r(e, 6) ^ r(e, 11) ^ r(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
      const u = (r(a, 2) ^ r(a, 13) ^ r(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      hh = g; g = f; f = e; e = (d + t) | 0; d = c; c = b; b = a; a = (t + u) | 0;
    }
    [a, b, c, d, e, f, g, hh].map((x, i) => (h[i] = (h[i] + x) | 0));
  }
  return h.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
};
