// Compile benchmarks (issue #4), anchors side by side in one process:
// - files with directives: memokit/swc (parse, analyze, magic-string edits,
//   source map) against memokit/babel (Babel parse + traverse + generate with
//   source maps); target: SWC at least 4x faster;
// - a file without directives: the pre-parse check alone; target under 1 ms per MB,
//   next to a plain `includes` of the directive.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { forgetSummaries } from '../dist/core/imports/graph.js';
import { createRequire } from 'node:module';
import { transform, analyze } from 'memokit/swc';
import babelPlugin from 'memokit/babel';
import { corpusFiles, withDirectives } from '../test/helpers/seed.js';
import { race } from './race.js';

const require = createRequire(import.meta.url);
const babel = require('@babel/core');
const swcCore = require('@swc/core');
const root = new URL('..', import.meta.url).pathname;

/** Files per run: enough to average over sizes, few enough for Babel's rounds to stay short. */
const FILES = 80;

// 1. Files with directives.
{
  const all = corpusFiles().filter((f) => f.includes('node_modules'));
  const step = Math.max(1, Math.floor(all.length / FILES));
  const inputs = [];
  for (let i = 0; i < all.length && inputs.length < FILES; i += step) {
    const code = readFileSync(all[i], 'utf8');
    const seeded = withDirectives(code, all[i]);
    if (!seeded.inserted) continue;
    try {
      transform(seeded.code, { filename: all[i], root }); // a directive the rules refuse there (MK_SHADOWED_CAPTURE, …) is a compile error
    } catch {
      continue;
    }
    inputs.push({ filename: all[i], code: seeded.code });
  }
  const bytes = inputs.reduce((n, x) => n + Buffer.byteLength(x.code), 0);
  const sites = { n: 0 };
  const best = race(
    {
      'memokit/swc transform + map': () => {
        for (const x of inputs) transform(x.code, { filename: x.filename, root, sourceMaps: true });
      },
      // The parse alone, by the same engine: what no transform on @swc/core can go below.
      '@swc/core parseSync (no transform)': () => {
        for (const x of inputs) swcCore.parseSync(x.code, /\.[cm]?tsx?$/.test(x.filename) ? { syntax: 'typescript', tsx: x.filename.endsWith('x'), target: 'es2022' } : { syntax: 'ecmascript', jsx: true, target: 'es2022' });
      },
      'memokit/babel transform + map': () => {
        for (const x of inputs) {
          babel.transformSync(x.code, { filename: x.filename, root, babelrc: false, configFile: false, sourceType: 'unambiguous', sourceMaps: true, plugins: [[babelPlugin, { root }]] });
        }
      },
    },
    { ops: inputs.length, rounds: 5 },
  );
  sites.n = inputs.reduce((n, x) => n + (x.code.match(/"use (?:memo|singleton)";/g) ?? []).length, 0);
  console.log(`\ncompiling ${inputs.length} real files with ${sites.n} directives (${(bytes / 1e6).toFixed(2)} MB)`);
  for (const [name, ns] of Object.entries(best)) console.log(`  ${name.padEnd(34)} ${(ns / 1e6).toFixed(2).padStart(10)} ms/file`);
  console.log(`  babel / swc: ${(best['memokit/babel transform + map'] / best['memokit/swc transform + map']).toFixed(1)}x (target >= 4x)`);
  console.log(`  memokit/swc / parseSync: ${(best['memokit/swc transform + map'] / best['@swc/core parseSync (no transform)']).toFixed(2)}x (${(best['memokit/swc transform + map'] * inputs.length / bytes).toFixed(0)} vs ${(best['@swc/core parseSync (no transform)'] * inputs.length / bytes).toFixed(0)} ms/MB; target <= 1.5x)`);

  // A site-dense file: 1,000 "use memo" functions in about 75 KB. What each site costs beyond the parse.
  const dense = Array.from({ length: 1000 }, (_, i) => `export function load${i}(region, n) {\n  "use memo";\n  return pick(region, n + ${i});\n}\n`).join('');
  const denseCode = 'function pick(region, n) { return [region, n]; }\n' + dense;
  const denseBest = race({
    'memokit/swc transform, 1,000 sites': () => { transform(denseCode, { filename: join(root, 'bench-dense.js'), root }); },
    '@swc/core parseSync of the file': () => { swcCore.parseSync(denseCode, { syntax: 'ecmascript', target: 'es2022' }); },
  }, { ops: 1, rounds: 30 }); // one op is ~50 ms: many rounds, so that the best of them is not one the machine disturbed
  const perSite = (denseBest['memokit/swc transform, 1,000 sites'] - denseBest['@swc/core parseSync of the file']) / 1000;
  console.log(`\na site-dense file: 1,000 "use memo" functions in ${(denseCode.length / 1024).toFixed(0)} KB`);
  for (const [name, ns] of Object.entries(denseBest)) console.log(`  ${name.padEnd(34)} ${(ns / 1e6).toFixed(2).padStart(10)} ms`);
  console.log(`  per site beyond the parse: ${(perSite / 1e3).toFixed(1)} µs (target <= 30 µs)`);

  // The same files copied out of node_modules (with every file of their packages, so relative
  // imports resolve there): their imports are then followed into project files, parsed and
  // summarized; the first compile of a process pays for the summaries, later ones reuse them.
  const project = mkdtempSync(join(tmpdir(), 'memokit-bench-'));
  const packages = new Set(inputs.map((x) => x.filename.slice(0, x.filename.indexOf('/', x.filename.lastIndexOf('node_modules/') + 13) + 1)));
  for (const x of inputs) {
    const pkg = [...packages].find((p) => x.filename.startsWith(p));
    const to = join(project, relative(root, pkg).replace(/node_modules\//g, 'deps/'));
    cpSync(pkg, to, { recursive: true, dereference: true, filter: (f) => !f.includes('/node_modules/', pkg.length) });
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'bench-project' }));
  const copies = inputs.map((x) => ({ ...x, filename: join(project, relative(root, x.filename).replace(/node_modules\//g, 'deps/')) }));
  for (const x of copies) {
    mkdirSync(dirname(x.filename), { recursive: true });
    writeFileSync(x.filename, x.code);
  }
  let followed = 0;
  for (const x of copies) followed += new Set(analyze(x.code, { filename: x.filename }).flatMap((s) => s.dependencies.files)).size;
  const followedBest = race(
    {
      'imports followed, first compile': () => {
        forgetSummaries();
        for (const x of copies) transform(x.code, { filename: x.filename, sourceMaps: true });
      },
      'imports followed, summaries kept': () => {
        for (const x of copies) transform(x.code, { filename: x.filename, sourceMaps: true });
      },
    },
    { ops: inputs.length, rounds: 5 },
  );
  rmSync(project, { recursive: true, force: true });
  console.log(`\nthe same files outside node_modules: ${followed} other files followed in all`);
  const swc = best['memokit/swc transform + map'];
  for (const [name, ns] of Object.entries(followedBest)) console.log(`  ${name.padEnd(34)} ${(ns / 1e6).toFixed(2).padStart(10)} ms/file   ${(ns / swc).toFixed(2)}x memokit/swc above (target <= 1.5x)`);
}

// 2. Files without directives: the cost is the pre-parse check.
{
  const files = [
    ['typescript.js (two-byte string)', readFileSync(require.resolve('typescript/lib/typescript.js'), 'utf8')],
    ['Babel libs, concatenated (one-byte)', corpusFiles().filter((f) => f.includes('/@babel/') && f.endsWith('.js')).map((f) => readFileSync(f, 'latin1')).join('\n').replace(/[^\x00-\x7f]/g, ' ')],
  ];
  for (const [label, code] of files) {
    const mb = Buffer.byteLength(code) / 1e6;
    let out;
    const best = race(
      {
        'memokit/swc transform (null)': () => (out = transform(code, { filename: 'big.js' })),
        'code.includes("use memo")': () => (out = code.includes('use memo') ? {} : null),
      },
      { ops: 1, rounds: 15 },
    );
    if (out !== null) throw new Error('a file without directives must come back as null');
    console.log(`\na file without directives: ${label}, ${mb.toFixed(1)} MB`);
    for (const [name, ns] of Object.entries(best)) console.log(`  ${name.padEnd(34)} ${(ns / 1e6 / mb).toFixed(3).padStart(10)} ms/MB`);
    console.log(`  memokit / includes: ${(best['memokit/swc transform (null)'] / best['code.includes("use memo")']).toFixed(2)}x (target < 1 ms/MB)`);
  }
}
