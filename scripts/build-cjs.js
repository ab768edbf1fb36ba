// CommonJS copies of the runtime, for `require("memokit")` where ES modules cannot
// be loaded (Jest's module system, older bundler setups): one bundled file per
// entry, next to the ES module build. Both copies keep their state in the registry
// on globalThis (runtime/registry.ts), so they share every cache in a process.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await Promise.all([
  ['runtime/node.ts', 'dist/runtime/node.cjs', 'node'],
  ['runtime/index.ts', 'dist/runtime/index.cjs', 'neutral'],
].map(([entry, outfile, platform]) =>
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
  })));
