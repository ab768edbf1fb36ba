// Browser-safe entry: no Node built-ins; digests use the bundled SHA-256 (key.ts's default).
export * from './exports.js';
