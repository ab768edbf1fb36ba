// The debug log's line for one event (MEMOKIT_DEBUG=1, docs/runtime.md, Observability):
//   memokit miss  src/data.ts#loadSales key=3f2a9c1e0b7d 12.41ms 1.2 kB
// The key is shown by its digest: keys hold the call's arguments, which may be secrets.
import { digestOf } from './key.js';
import type { Event } from './registry.js';

const UNITS = ['B', 'kB', 'MB', 'GB'];

/** Bytes for people: 1.2 kB (decimal units, one decimal place above 1000). */
export function formatBytes(bytes: number): string {
  let unit = 0;
  while (bytes >= 1000 && unit < UNITS.length - 1) (bytes /= 1000), unit++;
  return (unit === 0 ? String(bytes) : bytes.toFixed(1)) + ' ' + UNITS[unit];
}

export function debugLine(event: Event): string {
  const parts = ['memokit', (event.status || event.type).padEnd(7), event.id];
  if (event.key !== undefined) parts.push('key=' + digestOf(event.key).slice(0, 12));
  if (event.ms !== undefined) parts.push(event.ms.toFixed(2) + 'ms');
  if (event.bytes !== undefined) parts.push(formatBytes(event.bytes));
  if (event.error !== undefined) parts.push('error: ' + ((event.error as Error)?.message ?? String(event.error)));
  return parts.join(' ');
}
