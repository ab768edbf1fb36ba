// A node:fs for fsStore({ fs }) that fails chosen operations on purpose, sync and
// async alike: `faults.set('rename', 'ENOSPC')` makes every rename fail with ENOSPC
// until `faults.delete('rename')`. 'ETIMEDOUT' fails after a delay, as a hung disk
// that gives up would. `onCall(op, args)` sees every operation first (a child process
// uses it to kill itself between writing and renaming); `beforeAsync(op, args)`, when it
// returns a promise, holds an async operation until it settles.
import * as fs from 'node:fs';

/** Store operations by the fs calls that carry them out. */
const OPS = {
  read: ['readFileSync', 'readFile', 'openSync', 'open'],
  write: ['writeFileSync', 'writeFile'],
  rename: ['renameSync', 'rename'],
  delete: ['unlinkSync', 'unlink', 'rmdirSync', 'rmdir'],
  list: ['readdirSync', 'readdir', 'statSync', 'stat'],
  mkdir: ['mkdirSync', 'mkdir'],
};
const opOf = new Map(Object.entries(OPS).flatMap(([op, names]) => names.map((n) => [n, op])));

const failure = (code, name, path) => Object.assign(new Error(`${code}: injected failure, ${name} '${path}'`), { code, syscall: name, path });

export const faultyFs = ({ timeoutMs = 20, onCall, beforeAsync } = {}) => {
  /** op → error code */
  const faults = new Map();
  const counts = new Map();
  const wrapSync = (name) => (...args) => {
    const op = opOf.get(name);
    onCall?.(op, args);
    counts.set(op, (counts.get(op) || 0) + 1);
    const code = faults.get(op);
    if (code) throw failure(code, name, args[0]);
    return fs[name](...args);
  };
  const wrapAsync = (name) => async (...args) => {
    const op = opOf.get(name);
    onCall?.(op, args);
    await beforeAsync?.(op, args);
    counts.set(op, (counts.get(op) || 0) + 1);
    const code = faults.get(op);
    if (code === 'ETIMEDOUT') await new Promise((r) => setTimeout(r, timeoutMs));
    if (code) throw failure(code, name, args[0]);
    return fs.promises[name](...args);
  };
  const impl = { promises: {} };
  for (const name of Object.keys(fs)) if (name.endsWith('Sync')) impl[name] = opOf.has(name) ? wrapSync(name) : fs[name];
  for (const name of Object.keys(fs.promises)) impl.promises[name] = opOf.has(name) ? wrapAsync(name) : fs.promises[name];
  return { fs: impl, faults, counts };
};
