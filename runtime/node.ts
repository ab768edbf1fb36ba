// Node entry: node:crypto for digests (hardware SHA-256), the built-in disk store
// for persist=disk and LMDB store for persist=lmdb; otherwise the same API as index.ts.
import * as crypto from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import { setDigest } from './key.js';
import { registry, listen, type Frame } from './registry.js';
import { debugLine } from './debug.js';
import { requestScopes } from './request.js';
import { fsStore } from '../stores/fs.js';
import { lmdbStore } from '../stores/lmdb.js';
import { persistence } from './persist.js';
import type { Store } from './store.js';

const { createHash } = crypto;
// crypto.hash (Node >= 20.12) is the one-shot form: about half the cost of createHash on short input.
// Read off the namespace: a named import of a missing export fails to link (runtimes without it).
const once = crypto.hash || ((alg: string, data: string | Uint8Array, enc: 'hex') => createHash(alg).update(data).digest(enc));

/** 0xFF, the first byte of a string hashed as UTF-16LE; UTF-8 never contains it (docs/keys.md). */
const UTF16 = new Uint8Array([255]);

setDigest((data) =>
  typeof data === 'string'
    ? data.isWellFormed() ? once('sha256', data, 'hex') : createHash('sha256').update(UTF16).update(data, 'utf16le').digest('hex')
    : once('sha256', data, 'hex'));

// persist=disk without configuration: node_modules/.cache/memokit in the running program's
// package folder (memokit/fs `defaultCacheDir`), created on first use. configure({ stores: { disk: fsStore({ dir }) } }) replaces it.
let disk: Store | undefined;
registry.builtinStores.disk ||= (peek?: boolean) => (peek ? disk : (disk ||= fsStore()));
// persist=lmdb: <same dir>/memokit-lmdb; the lmdb package is loaded on first use, so a program without it is unaffected.
let lmdb: Store | undefined;
registry.builtinStores.lmdb ||= (peek?: boolean) => (peek ? lmdb : (lmdb ||= lmdbStore()));
registry.persistence ||= persistence;

// A computation's frame follows its awaits (tags.ts): tags given or read after an await reach exactly their computation.
const frames = new AsyncLocalStorage<Frame>();
registry.context ||= { run: (frame, fn) => frames.run(frame!, fn), get: () => frames.getStore() };

// Request scopes (request.ts) follow a request's awaits through AsyncLocalStorage too.
registry.requests ||= requestScopes;

// MEMOKIT_DEBUG=1: one line per event on stderr (docs/runtime.md, Observability).
if (/^(1|true|yes|on)$/i.test(process.env.MEMOKIT_DEBUG || '') && !registry.debug) {
  registry.debug = (event) => process.stderr.write(debugLine(event) + '\n');
  listen();
}

export * from './exports.js';
