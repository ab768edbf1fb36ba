// SWC spans are UTF-8 byte positions counted from the program's start
// position (1 for a fresh parse), with a leading BOM removed; JavaScript
// strings and magic-string use UTF-16 indices. One converter per file (issue #4).

const ASCII = /^[\x00-\x7f]*$/;

export interface Offsets {
  /** UTF-16 index in the original code (BOM included) of an SWC span position. */
  (pos: number): number;
}

/**
 * Builds the converter for `code` (the text given to SWC) and the program's
 * base position. ASCII files map by subtraction; others by binary search over
 * one checkpoint per non-ASCII character.
 */
export const offsets = (code: string, base: number): Offsets => {
  const bom = code.charCodeAt(0) === 0xfeff ? 1 : 0;
  const text = bom ? code.slice(1) : code;
  if (ASCII.test(text)) return (pos) => pos - base + bom;
  // Checkpoints after each non-ASCII character: byte offset and UTF-16 index.
  const bytes: number[] = [0];
  const units: number[] = [0];
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) { b++; continue; }
    if (c < 0x800) b += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) { b += 4; i++; }
    else b += 3;
    bytes.push(b);
    units.push(i + 1);
  }
  return (pos) => {
    const byte = pos - base;
    let lo = 0, hi = bytes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bytes[mid] <= byte) lo = mid;
      else hi = mid - 1;
    }
    return units[lo] + (byte - bytes[lo]) + bom;
  };
};
