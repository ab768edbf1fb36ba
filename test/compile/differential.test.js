// Differential test of the two engines and of cached against uncached
// (fast-check): generated programs with cached functions in every form and
// placement, reading every kind of free variable, with mutations between calls
// (test/helpers/programs.js). For each one, Babel's and SWC's `analyze` must be
// deep-equal (the same sites, or the same diagnostic at the same place), both
// compiled outputs must parse, and every call must return the same value
// (deep equality, same prototypes) uncached, compiled by Babel and compiled by
// SWC, in memory and, for async memo functions with persist=disk, through a
// disk store in a temporary folder.
// `npm test` runs a fixed sample; `npm run test:long` runs many more with a new seed each time.
import { test } from 'uvu';
import { requireToolchain } from '../helpers/toolchains.js';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { isDeepStrictEqual, inspect } from 'node:util';
import { root } from '../helpers/fixtures.js';
import { babelParse } from '../helpers/seed.js';
import { programArb, render, DEP_FILES } from '../helpers/programs.js';
import babelPlugin, { analyze as babelAnalyze } from '../../dist/plugin-babel/index.js';
import { analyze as swcAnalyze, transform as swcTransform } from '../../dist/plugin-swc/index.js';
import { parserPlugins } from '../../dist/plugin-babel/parse.js';
import { configure } from 'memokit';
import { fsStore } from 'memokit/fs';

const require = createRequire(import.meta.url);
const esbuild = require('esbuild');
// Babel 7 under Node 20, Babel 8 where it runs (Node ^22.18 || >=24.11): each Node pass tests another Babel.
const [major, minor] = process.versions.node.split('.').map(Number);
const babel8 = (major === 22 && minor >= 18) || (major === 24 && minor >= 11) || major > 24;
const babel = babel8 ? requireToolchain('babel8') : require('@babel/core');

const RUNS = Number(process.env.MEMOKIT_PROGRAMS || 2000);
const SEED = process.env.MEMOKIT_PROGRAMS ? Date.now() : 20261202;
const dir = join(root, `.exec/differential-${process.pid}`);

let counter = 0;

function outcome(f) {
  try {
    return { sites: f() };
  } catch (e) {
    return { error: { code: e.code, pos: e.pos, message: String(e.message) } };
  }
}

function babelTransform(code, filename) {
  return babel.transformSync(code, {
    filename, babelrc: false, configFile: false, sourceType: 'module',
    parserOpts: { plugins: parserPlugins(filename) },
    plugins: [[babelPlugin, { root }]],
  }).code;
}

/**
 * Writes the code as a module next to the package (so `memokit` resolves to it), TypeScript stripped, and runs its `__run`.
 * With `hurry`, the clock moves 700 ms each time it is read: entries with a ttl of a second turn stale
 * (swr) and those of a minute expire within one program.
 */
async function execute(code, base, ts, hurry = false) {
  if (ts) code = (await esbuild.transform(code, { loader: 'ts', target: 'es2022', format: 'esm' })).code;
  const file = join(dir, base + '.mjs');
  writeFileSync(file, code);
  const mod = await import(pathToFileURL(file).href);
  const realNow = Date.now;
  let now = realNow();
  if (hurry) Date.now = () => (now += 700);
  try {
    return await mod.__run(mod);
  } finally {
    Date.now = realNow;
  }
}

const seen = { programs: 0, executed: 0, errors: 0, persisted: 0, swr: 0, db: 0, placements: new Set(), shapes: new Set(), sites: 0 };
/** Events of the cached runs: stale hits (swr), refreshes, and hits of values tagged `db`. */
const events = { stale: 0, refresh: 0 };

test(`differential: ${RUNS} generated programs, Babel ${babel.version.split('.')[0]} and SWC agree and run as uncached`, async () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(DEP_FILES)) writeFileSync(join(dir, name), text);
  configure({ stores: { disk: fsStore({ dir: join(dir, 'store') }) }, onEvent: (e) => e.type in events && events[e.type]++ });
  await fc.assert(
    fc.asyncProperty(programArb, (program) => check(program).catch((e) => {
      // fast-check reports the input; the reason is in the message.
      console.error(e.message);
      throw e;
    })),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  // The generator reaches every placement and parameter shape, and most programs compile.
  assert.is(seen.placements.size, 20, `placements seen: ${[...seen.placements]}`);
  assert.is(seen.shapes.size, 6, `parameter shapes seen: ${[...seen.shapes]}`);
  assert.ok(seen.persisted > RUNS / 50, `only ${seen.persisted} programs persisted`);
  assert.ok(readdirSync(join(dir, 'store'), { recursive: true }).length > 0, 'the persisted programs wrote to the disk store');
  assert.ok(seen.executed > RUNS * 0.8, `only ${seen.executed} of ${RUNS} programs executed`);
  assert.ok(seen.errors > 0, 'no invalid program was generated');
  // swr and tags were exercised: stale values served (and equal to uncached), refreshes run, tagged data changed.
  assert.ok(seen.swr > RUNS / 50 && events.stale > 0 && events.refresh > 0, `swr: ${seen.swr} programs, ${events.stale} stale hits, ${events.refresh} refreshes`);
  assert.ok(seen.db > RUNS / 20, `only ${seen.db} programs read data invalidated by tag`);
  console.log(`  ${seen.programs} programs (seed ${SEED}, Babel ${babel.version}): ${seen.executed} executed with ${seen.sites} sites (${seen.persisted} programs persisted, ${seen.swr} with swr: ${events.stale} stale hits, ${events.refresh} refreshes; ${seen.db} invalidating tagged data), ${seen.errors} with diagnostics`);
});

/** One program: analyze in both engines, compile, parse, run three ways. */
async function check(program) {
  {
      const { code, valid, ts } = render(program);
      const n = ++counter;
      const ext = ts ? 'ts' : 'js';
      const filename = join(dir, `p${n}.${ext}`);
      const opts = { filename, root };
      const fromSwc = outcome(() => swcAnalyze(code, opts));
      const fromBabel = outcome(() => babelAnalyze(code, { ...opts, babel }));
      if (!isDeepStrictEqual(fromSwc, fromBabel)) {
        throw new Error(`analyze differs\n${code}\nswc ${inspect(fromSwc, { depth: 6 })}\nbabel ${inspect(fromBabel, { depth: 6 })}`);
      }
      seen.programs++;
      if (!valid) {
        if (!fromSwc.error) throw new Error(`an invalid directive compiled\n${code}`);
        seen.errors++;
        return;
      }
      if (fromSwc.error) throw new Error(`a valid program failed to compile: ${fromSwc.error.message}\n${code}`);
      seen.sites += fromSwc.sites.length;
      // Each engine compiles its own copy (its own file, so its own ids).
      const swcFile = join(dir, `p${n}.swc.${ext}`);
      const babelFile = join(dir, `p${n}.babel.${ext}`);
      const swcOut = swcTransform(code, { filename: swcFile, root }).code;
      const babelOut = babelTransform(code, babelFile);
      for (const [engine, out, file] of [['swc', swcOut, swcFile], ['babel', babelOut, babelFile]]) {
        try {
          babelParse(out, file);
        } catch (e) {
          throw new Error(`${engine} output does not parse: ${e.message}\n${out}`);
        }
      }
      // A store folder per program: removals by tag read only this program's entries.
      configure({ stores: { disk: fsStore({ dir: join(dir, 'store', String(n)) }) } });
      const uncached = await execute(code, `p${n}.uncached`, ts);
      const bySwc = await execute(swcOut, `p${n}.swc`, ts, true);
      const byBabel = await execute(babelOut, `p${n}.babel`, ts, true);
      if (!isDeepStrictEqual(bySwc, byBabel)) throw new Error(`swc and babel outputs run differently\n${code}\nswc ${inspect(bySwc)}\nbabel ${inspect(byBabel)}`);
      if (!isDeepStrictEqual(bySwc, uncached)) throw new Error(`cached differs from uncached\n${code}\nuncached ${inspect(uncached)}\ncached ${inspect(bySwc)}`);
      seen.executed++;
      if (/persist=disk/.test(code)) seen.persisted++;
      if (/swr=/.test(code)) seen.swr++;
      if (/mod\.__setDb/.test(code)) seen.db++;
      for (const s of program.sites) {
        seen.placements.add(s.placement);
        for (const p of s.params) seen.shapes.add(p.shape ?? p);
      }
  }
}

test.after(() => {
  configure({ stores: null, onEvent: null });
  rmSync(dir, { recursive: true, force: true });
});

test.run();
