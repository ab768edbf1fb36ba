#!/usr/bin/env node
// `npm run bench`: every benchmark in one process, anchors side by side, ratios printed.
console.log(`node ${process.version}`);
await import('./runtime.js');
await import('./scale.js');
await import('./compile.js');
await import('./stores.js');
await import('./lmdb.js');
