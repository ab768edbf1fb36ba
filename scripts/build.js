// The build: an empty dist/ (no file of a module that no longer exists is shipped),
// the TypeScript compile, then CommonJS copies of the runtime and the stores for
// `require("memokit")` where ES modules cannot be loaded (Jest's module system, older
// bundler setups): one bundled file per entry, next to the ES module build. The
// runtime's copies keep their state in the registry on globalThis
// (runtime/registry.ts), so they share every cache with the ES module copies.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });

/** CommonJS has no import.meta: where a module reads import.meta.url (createRequire, in core/peer.ts and stores/lmdb.ts), the file's own URL stands in. */
const fileUrl = {
  define: { 'import.meta.url': '__memokitFileUrl' },
  // "use strict" first: esbuild writes its own after the banner, where it would no longer count.
  banner: { js: '"use strict";\nvar __memokitFileUrl = require("node:url").pathToFileURL(__filename).href;' },
};

await Promise.all([
  ['runtime/node.ts', 'dist/runtime/node.cjs', 'node', fileUrl],
  ['runtime/index.ts', 'dist/runtime/index.cjs', 'neutral'],
  ['stores/fs.ts', 'dist/stores/fs.cjs', 'node'],
  ['stores/redis.ts', 'dist/stores/redis.cjs', 'node', fileUrl],
  ['stores/lmdb.ts', 'dist/stores/lmdb.cjs', 'node', fileUrl],
].map(([entry, outfile, platform, extra]) =>
  build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform,
    target: 'node20',
    sourcemap: true,
    sourcesContent: true,
    logLevel: 'warning',
    ...extra,
  })));
