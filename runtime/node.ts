// Node entry: node:crypto for digests (hardware SHA-256), same API as index.ts.
import { createHash } from 'node:crypto';
import { setDigest } from './key.js';

setDigest((data) =>
  typeof data === 'string' ? createHash('sha256').update(data, 'utf16le').digest('hex') : createHash('sha256').update(data).digest('hex'));

export * from './exports.js';
