// The size of a value as maxBytes and stats() count it: an estimate of its encoded
// (structured clone) size, from its structure alone, without encoding it: a string by its
// length in bytes, binary data by its byte length (a view by its whole buffer), 9 bytes per number, a few bytes per
// object and property (docs/runtime.md, Sizes). Shared references count once.
import { tagOf } from './kind.js';

/** Beyond the Latin-1 range a string is stored two bytes per character. */
const WIDE = /[^\x00-\xff]/;

export const sizeOf = (value: unknown, seen?: Set<object>): number => {
  switch (typeof value) {
    case 'string':
      return 5 + (WIDE.test(value) ? 2 : 1) * value.length;
    case 'number':
      return 9;
    case 'bigint':
      return 9 + Math.ceil(value.toString(16).length / 16) * 8;
    case 'object':
      break;
    default: // undefined, boolean, symbol, function
      return 1;
  }
  if (value === null) return 1;
  if ((seen ||= new Set()).has(value)) return 5;
  seen.add(value);
  const tag = tagOf(value);
  if (tag === 'B' || tag === 'F') return 10 + (value as ArrayBuffer).byteLength;
  // A view is copied with its whole buffer (as structuredClone does): the buffer counts, once.
  if (tag === 'V' || tag === 'T') {
    const buffer = (value as ArrayBufferView).buffer;
    if (seen.has(buffer)) return 10;
    seen.add(buffer);
    return 10 + buffer.byteLength;
  }
  if (tag === 'D') return 9;
  if (tag === 'R') return 7 + (value as RegExp).source.length;
  if (tag === 'U') return 5 + (value as URL).href.length;
  let total = 5;
  if (tag === 'M') for (const [k, v] of value as Map<unknown, unknown>) total += sizeOf(k, seen) + sizeOf(v, seen);
  else if (tag === 'S') for (const member of value as Set<unknown>) total += sizeOf(member, seen);
  else if (tag === '[') for (const member of value as unknown[]) total += sizeOf(member, seen);
  else for (const key of Object.keys(value)) total += 5 + key.length + sizeOf((value as any)[key], seen);
  return total;
};

/**
 * The size of a value a cache keeps: remembered per object, since what a cache keeps is never
 * changed (callers get copies, or a frozen value), so stats() and the events of hits do not walk
 * a large value again on every call.
 */
const known = new WeakMap<object, number>();
export const keptSize = (value: unknown): number => {
  if (typeof value !== 'object' || value === null) return sizeOf(value);
  let size = known.get(value);
  if (size === undefined) known.set(value, (size = sizeOf(value)));
  return size;
};
