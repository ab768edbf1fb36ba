// Every fixture through memokit/swc (issue #4): the same analyze result as the
// Babel plugin (the shared sites.json), the same diagnostics at the same
// positions (error.txt; parser errors keep SWC's message in error.swc.txt),
// an exact expected output (output.swc.js), idempotence, and execution.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { cases, expectFile, errorText, load, runExec } from '../helpers/fixtures.js';
import { transform, analyze, swcPlugin } from '../../dist/plugin-swc/index.js';
import * as memokit from 'memokit';

const require = createRequire(import.meta.url);
const swc = require('@swc/core');

for (const c of cases()) {
  (c.skip ? test.skip : test)(`${c.name} [swc]`, async () => {
    const opts = { ...c.options, filename: c.file };
    let err;
    try {
      analyze(c.code, opts);
    } catch (e) {
      err = e;
    }
    const errFile = c.dir + '/error.txt';
    if (err || existsSync(errFile)) {
      assert.ok(err, 'analyze should throw the error in error.txt');
      if (err.code === 'SWC_PARSE_ERROR') {
        // SWC words its syntax errors its own way; the position must be Babel's.
        const [a, e] = expectFile(c, 'error.swc.txt', errorText(err));
        assert.is(a, e);
        assert.is(errorText(err).split('\n')[0].split(' ')[1], readFileSync(errFile, 'utf8').split('\n')[0].split(' ')[1], 'same line:column as Babel');
      } else {
        const [a, e] = expectFile(c, 'error.txt', errorText(err));
        assert.is(a, e, 'same diagnostic as Babel');
      }
      let terr;
      try { transform(c.code, opts); } catch (e) { terr = e; }
      assert.ok(terr, 'transform should throw');
      assert.is(errorText(terr), errorText(err));
      await runExec(c, null, { error: err, assert });
      return;
    }
    const sites = analyze(c.code, opts);
    const [sa, se] = expectFile(c, 'sites.json', JSON.stringify(sites, null, 2) + '\n');
    assert.is(sa, se, 'analyze result equals the Babel plugin\'s');
    const out = transform(c.code, opts);
    if (!sites.length) {
      assert.is(out, null, 'nothing to do: null');
      return;
    }
    const [oa, oe] = expectFile(c, 'output.swc.js', out.code);
    assert.is(oa, oe, 'compiled output');
    assert.is(out.map, null, 'no source map unless asked');
    // Every original line keeps its number: inserted code adds no line break.
    assert.is(out.code.split('\n').length, c.code.split('\n').length, 'line count');
    // Idempotent: the output has no directive left.
    assert.equal(analyze(out.code, opts), []);
    assert.is(transform(out.code, opts), null, 'a second pass is a no-op');
    await memokit.clear();
    const mod = await load(c, 'swc', out.code);
    await runExec(c, mod, { memokit, assert, sites });
  });
}

test('source maps: every line of a body maps back to itself', () => {
  const code = 'const pad = "é😀";\nexport function f(a) {\n  "use memo";\n  const b = a + 1;\n  return b;\n}\n';
  const out = transform(code, { filename: '/p/src/f.js', root: '/p', sourceMaps: true });
  const map = new TraceMap(out.map);
  const lines = out.code.split('\n');
  for (const needle of ['const b', 'return b']) {
    const line = lines.findIndex((l) => l.includes(needle));
    const p = originalPositionFor(map, { line: line + 1, column: lines[line].indexOf(needle) });
    assert.is(p.source, '/p/src/f.js');
    assert.is(code.split('\n')[p.line - 1].slice(p.column, p.column + needle.length), needle);
    // Every word of the line maps to that word in the source (where a stack frame's column points).
    for (const m of lines[line].matchAll(/[\w$]+/g)) {
      const w = originalPositionFor(map, { line: line + 1, column: m.index });
      assert.is(code.split('\n')[w.line - 1].slice(w.column, w.column + m[0].length), m[0], m[0]);
    }
  }
  assert.ok(out.map.sourcesContent[0] === code, 'original source embedded');
});

test('files without a directive: null before parsing', () => {
  // Unparseable text proves no parser ran.
  assert.is(transform('export const x = ;; "not a directive" {{{', { filename: 'a.js' }), null);
  assert.equal(analyze('function f() { return 1 }', { filename: 'a.js' }), []);
});

test('syntax errors: file, line, column and a code frame, never a crash', () => {
  const code = 'const s = "é😀";\nexport function f(x) {\n  "use memo";\n  return x +;\n}\n';
  try {
    transform(code, { filename: '/p/src/bad.js', root: '/p' });
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, SyntaxError);
    assert.is(e.code, 'SWC_PARSE_ERROR');
    assert.equal(e.loc, { line: 4, column: 12 });
    // Named like every compile error: relative to the root, with the 1-based column.
    assert.match(e.message, 'src/bad.js:4:13');
    assert.match(e.message, '> 4 |   return x +;');
    assert.is(e.filename, 'src/bad.js');
    assert.ok(e.reason && e.fix, 'reason and fix');
    assert.match(e.frame, '> 4 |   return x +;');
  }
});

test('SWC plugin option: same ids and hashes as the text path, output runs', async () => {
  const c = cases().find((x) => x.name === 'module-helpers');
  const opts = { ...c.options, filename: c.file };
  const text = transform(c.code, opts).code;
  const viaPlugin = swc.transformSync(c.code, { filename: c.file, plugin: swcPlugin(opts), jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } } }).code;
  const ids = (s) => [...s.matchAll(/id: "([^"]+)",\s*hash: "([^"]+)"/g)].map((m) => m[1] + ' ' + m[2]);
  assert.ok(ids(text).length > 0);
  assert.equal(ids(viaPlugin), ids(text));
  await memokit.clear();
  const mod = await load(c, 'swc-plugin', viaPlugin);
  await runExec(c, mod, { memokit, assert, sites: analyze(c.code, opts) });
});

test.run();
