// A separate Node process using the LMDB store, for the cross-process tests of
// lmdb.test.js. argv: dir (`-`: the built-in persist=lmdb store, MEMOKIT_CACHE_DIR), mode,
// then mode-specific values. Prints one JSON line.
import { configure, clear } from 'memokit';
import { lmdbStore } from 'memokit/lmdb';
import { compile } from '../helpers/compiled.js';

const [dir, mode, ...rest] = process.argv.slice(2);
if (dir !== '-') configure({ stores: { lmdb: lmdbStore({ dir }) } });

if (mode === 'call-sync' || mode === 'call-async') {
  // One call of a shared function (non-async or async); reports whether its body ran here.
  let ran = false;
  const body = (n) => ((ran = true), { n, rows: [1, 2, 3], at: new Date(7), pid: process.pid });
  const f = mode === 'call-sync'
    ? compile('memo', { id: 'test/lmdb-child.js#sync', hash: 'h1', keys: ['n'], persist: 'lmdb' }, body)
    : compile('memo', { id: 'test/lmdb-child.js#async', hash: 'h1', keys: ['n'], persist: 'lmdb', async: true }, async (n) => body(n));
  const value = await f(Number(rest[0]));
  console.log(JSON.stringify({ ran, value }));
  // The process ends by itself (lmdb commits the queued write first), or by process.exit() at once
  // (the store writes what lmdb has not committed, in its exit listener).
  if (rest[1] === 'exit') process.exit(0);
} else if (mode === 'turn-exit') {
  // A non-async function with max=3 (one key per process), then process.exit() one or more event
  // turns later, while lmdb may be committing the write, and the first write's sweep is queued.
  let ran = false;
  const f = compile('memo', { id: 'test/lmdb-child.js#turn', hash: rest[2] || 'h1', keys: ['n'], persist: 'lmdb', max: 3 }, (n) => ((ran = true), { n }));
  f(Number(rest[0]));
  for (let turns = Number(rest[1]); turns > 0; turns--) await new Promise((r) => setImmediate(r));
  console.log(JSON.stringify({ ran }));
  process.exit(0);
} else if (mode === 'clear-all') {
  await clear();
  console.log(JSON.stringify({ cleared: true }));
}
