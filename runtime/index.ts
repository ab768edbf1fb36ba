// Browser-safe entry: bundled synchronous SHA-256, no Node built-ins.
import { setDigest } from './key.js';
import { sha256 } from './sha256.js';

setDigest(sha256);

export * from './exports.js';
