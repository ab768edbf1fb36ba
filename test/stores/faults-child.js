// A separate Node process on the disk store, for faults.test.js. argv: dir, mode, site id.
// Prints one JSON line (or is killed: kill-before-rename).
import { configure } from 'memokit';
import { fsStore } from 'memokit/fs';
import { compile } from '../helpers/compiled.js';
import { faultyFs } from '../helpers/faulty-fs.js';

const [dir, mode, id] = process.argv.slice(2);
// SIGKILL at the rename of an entry: its temporary file is written, the entry is not.
const onCall = mode === 'kill-before-rename' ? (op, args) => op === 'rename' && String(args[1]).endsWith('.mkc') && process.kill(process.pid, 'SIGKILL') : undefined;
configure({ stores: { disk: fsStore({ dir, fs: faultyFs({ onCall }).fs }) } });
let ran = false;
const f = compile('memo', { id, hash: 'h1', keys: ['k'], persist: 'disk', async: true }, async (k) => {
  ran = true;
  return { k, label: 'computed' };
});
const value = await f(mode === 'call-other' ? 2 : 1);
console.log(JSON.stringify({ ran, value }));
