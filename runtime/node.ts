// Node entry: node:crypto for digests (hardware SHA-256), the built-in disk store
// for persist=disk; otherwise the same API as index.ts.
import { createHash } from 'node:crypto';
import { setDigest } from './key.js';
import { REG } from './site.js';
import { fsStore } from '../stores/fs.js';
import { persistence, type Store } from './persist.js';

setDigest((data) =>
  typeof data === 'string' ? createHash('sha256').update(data, 'utf16le').digest('hex') : createHash('sha256').update(data).digest('hex'));

// persist=disk without configuration: node_modules/.cache/memokit under the working
// directory, created on first use. configure({ stores: { disk: fsStore({ dir }) } }) replaces it.
let disk: Store | undefined;
REG.builtin.disk ||= (peek?: boolean) => (peek ? disk : (disk ||= fsStore()));
REG.persist ||= persistence;

export * from './exports.js';
