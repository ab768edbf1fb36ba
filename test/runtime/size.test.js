// The browser runtime (memory store only), bundled and minified with esbuild,
// then gzipped: what a browser app pays for `import ... from "memokit"`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Issue #2's budget for the browser runtime, gzipped. */
const TARGET = 3 * 1024;
/**
 * What this version may not exceed (regression guard) while the budget above is not yet met:
 * the measured size plus a few bytes. What it pays for beyond the key encoding, SHA-256 and
 * copies is listed in docs/runtime.md (Size of the browser runtime).
 */
const GUARD = 9330;

const gzipped = async (contents) => {
  const out = await build({
    stdin: { contents, resolveDir: root, loader: 'js' }, bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent',
  });
  const code = out.outputFiles[0].text;
  return { code, size: gzipSync(code, { level: 9 }).length };
};

test('browser runtime size (esbuild --minify, gzip -9)', async () => {
  const all = await gzipped(`export * from './dist/runtime/index.js'`);
  const compiled = await gzipped(`export { memo, singleton, register } from './dist/runtime/index.js'`);
  // What any runtime meeting issue #2's rules needs before it has a cache at all: the key
  // encoding with its refusal messages, a synchronous SHA-256, and faithful copies.
  const floor = await gzipped(`export { keyOf } from './dist/runtime/key.js'; export { clone } from './dist/runtime/copy.js'`);
  console.log(`# browser runtime: ${all.size} B gzipped (whole API), ${compiled.size} B (what compiled code imports); target ${TARGET} B`);
  console.log(`# of which key encoding + SHA-256 + copy alone: ${floor.size} B`);
  assert.not.match(all.code, /node:|require\(/, 'no Node built-ins in the browser entry');
  assert.ok(all.size <= GUARD, `browser runtime grew to ${all.size} B (guard ${GUARD} B, target ${TARGET} B)`);
});

test.run();
