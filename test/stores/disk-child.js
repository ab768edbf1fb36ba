// A separate Node process using the disk store, for the cross-process tests of
// disk.test.js. argv: dir, mode, then mode-specific values. Prints one JSON line.
import { configure, clear } from 'memokit';
import { fsStore } from 'memokit/fs';
import { compile } from '../helpers/compiled.js';

const [dir, mode, ...rest] = process.argv.slice(2);
// `-`: the built-in disk store (MEMOKIT_CACHE_DIR), created by the runtime on first use.
if (dir !== '-') configure({ stores: { disk: fsStore({ dir }) } });

if (mode === 'call') {
  // One call of a shared function; reports whether its body ran here.
  let ran = false;
  const f = compile('memo', { id: 'test/child.js#report', hash: 'h1', keys: ['n'], persist: 'disk', async: true }, async (n) => {
    ran = true;
    return { n, rows: [1, 2, 3], at: new Date(7) };
  });
  const value = await f(Number(rest[0]));
  console.log(JSON.stringify({ ran, value }));
} else if (mode === 'builtin-call' || mode === 'clear-fn-then-call' || mode === 'clear-all-then-call') {
  // A value computed by `rest[0]`'s code version; the clear modes clear before the first call.
  const f = compile('memo', { id: 'test/child.js#startup', hash: 'h1', persist: 'disk', async: true }, async () => rest[0]);
  if (mode === 'clear-fn-then-call') await clear(f);
  if (mode === 'clear-all-then-call') await clear();
  console.log(JSON.stringify({ value: await f() }));
} else if (mode === 'writer') {
  // Writes and reads back the same key many times, racing the other writer process.
  const tag = rest[0];
  const store = fsStore({ dir });
  let n = 0;
  for (let i = 0; i < 60; i++) {
    // Write directly (a call would hit after the first write).
    await store.set({ site: 'test/child.js#big', hash: 'h1', key: 'k' }, { value: { tag, i, data: 'x'.repeat(200_000) }, created: Date.now(), expires: 0, hash: 'h1' }, {});
    const got = await store.get({ site: 'test/child.js#big', hash: 'h1', key: 'k' }, {});
    if (got === undefined || got.value.data.length !== 200_000) throw new Error('torn read');
    n++;
  }
  console.log(JSON.stringify({ n }));
}
