// Real-world parity: several hundred published .js/.ts files from node_modules
// (test/helpers/seed.js names the packages and their styles) and this
// repository get "use memo" / "use singleton" inserted into every function
// that may carry one; both engines must then agree on `analyze` (the same
// sites, or the same diagnostics at the same positions), both outputs must
// parse again, and the untouched originals must come back unchanged. A second
// pass puts directives into every function that may not carry one
// (generators, constructors, setters, hooks): the same diagnostics from both.
// Babel 7 under Node 20, Babel 8 where it runs.
import { test } from 'uvu';
import { requireToolchain } from '../helpers/toolchains.js';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { root } from '../helpers/fixtures.js';
import { corpusFiles, babelParse, withDirectives } from '../helpers/seed.js';
import babelPlugin, { analyze as babelAnalyze } from '../../dist/plugin-babel/index.js';
import { analyze as swcAnalyze, transform as swcTransform } from '../../dist/plugin-swc/index.js';
import { parserPlugins } from '../../dist/plugin-babel/parse.js';
import { parserOptions } from '../../dist/plugin-swc/parse.js';
import { swcReader } from '../../dist/plugin-swc/index.js';
import { collectFacts as babelFacts } from '../../dist/plugin-babel/facts.js';
import { summarize } from '../../dist/core/imports/summary.js';
import { NO_FUNCTIONS } from '../../dist/core/analyze/index.js';
import { fileKind } from '../../dist/core/files.js';

const require = createRequire(import.meta.url);
const [major, minor] = process.versions.node.split('.').map(Number);
const babel = require((major === 22 && minor >= 18) || (major === 24 && minor >= 11) || major > 24 ? requireToolchain.resolve('babel8') : '@babel/core');
const swc = require('@swc/core');
const files = corpusFiles();

const outcome = (f) => {
  try {
    return { sites: f() };
  } catch (e) {
    return { error: { code: e.code, pos: e.pos, message: String(e.message).split('\n')[0], all: (e.errors ?? [e]).map((x) => `${x.code}@${x.pos}`) } };
  }
};

test(`corpus: ${files.length} real files, both engines agree`, () => {
  assert.ok(files.length >= 300, `corpus too small: ${files.length}`);
  const stats = { files: 0, sites: 0, agreedErrors: 0, refused: 0, skipped: 0, untouched: 0 };
  const sitesByPackage = new Map();
  const problems = [];
  for (const file of files) {
    const original = readFileSync(file, 'utf8');
    const filename = relative(root, file);
    const opts = { filename: file, root };
    const babelOpts = { ...opts, babel };
    let seeded;
    try {
      seeded = withDirectives(original, file);
    } catch {
      stats.skipped++; // not parseable by Babel with the plugins memokit enables (e.g. Flow)
      continue;
    }
    // The original: nothing to do, in both engines.
    const o1 = outcome(() => swcAnalyze(original, opts));
    const o2 = outcome(() => babelAnalyze(original, babelOpts));
    if (!isDeepStrictEqual(o1, o2)) problems.push(`${filename} (original): swc ${JSON.stringify(o1).slice(0, 300)} babel ${JSON.stringify(o2).slice(0, 300)}`);
    if (o2.sites && o2.sites.length === 0) {
      if (swcTransform(original, opts) !== null) problems.push(`${filename}: swc transform of a file without sites is not null`);
      stats.untouched++;
    }
    // Directives where they are refused: the same diagnostics from both engines.
    const refused = withDirectives(original, file, true);
    if (refused.inserted) {
      const r1 = outcome(() => swcAnalyze(refused.code, opts));
      const r2 = outcome(() => babelAnalyze(refused.code, babelOpts));
      if (!isDeepStrictEqual(r1, r2)) problems.push(`${filename} (refused): swc ${JSON.stringify(r1).slice(0, 300)} babel ${JSON.stringify(r2).slice(0, 300)}`);
      else if (!r1.error) problems.push(`${filename} (refused): no diagnostic for ${refused.inserted} refused directives`);
      else stats.refused += r1.error.all.length;
    }
    if (!seeded.inserted) continue;
    stats.files++;
    const a = outcome(() => swcAnalyze(seeded.code, opts));
    const b = outcome(() => babelAnalyze(seeded.code, babelOpts));
    if (!isDeepStrictEqual(a, b)) {
      problems.push(`${filename}: swc ${JSON.stringify(a).slice(0, 400)}\n   babel ${JSON.stringify(b).slice(0, 400)}`);
      continue;
    }
    if (a.error) {
      stats.agreedErrors++;
      continue;
    }
    stats.sites += a.sites.length;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(filename)?.[1] ?? '.';
    sitesByPackage.set(pkg, (sitesByPackage.get(pkg) ?? 0) + a.sites.length);
    // Both outputs parse again.
    const sOut = swcTransform(seeded.code, opts);
    try {
      swc.parseSync(sOut.code, { ...parserOptions(file), isModule: 'unknown' });
      babelParse(sOut.code, file);
    } catch (e) {
      problems.push(`${filename}: swc output does not parse: ${String(e.message).split('\n').slice(0, 3).join(' ')}`);
    }
    const bOut = babel.transformSync(seeded.code, { filename: file, babelrc: false, configFile: false, sourceType: 'unambiguous', parserOpts: { plugins: parserPlugins(file) }, plugins: [[babelPlugin, { root }]] }).code;
    try {
      babelParse(bOut, file);
    } catch (e) {
      problems.push(`${filename}: babel output does not parse: ${String(e.message).split('\n')[0]}`);
    }
  }
  console.log(`    # ${JSON.stringify(stats)} ${JSON.stringify(Object.fromEntries(sitesByPackage))}`);
  for (const pkg of ['immer', '@vue/reactivity', 'semver']) assert.ok(sitesByPackage.get(pkg) > 50, `too few sites from ${pkg}: ${sitesByPackage.get(pkg)}`);
  assert.is(stats.skipped, 0, 'every corpus file parses');
  assert.equal(problems.slice(0, 10), [], `${problems.length} disagreements`);
  assert.ok(stats.sites >= 1000, `too few sites compared: ${stats.sites}`);
  assert.ok(stats.files >= 250, `too few seeded files: ${stats.files}`);
});

/** A summary as plain data: what another file's hash reads of this one. */
const plain = (s) => ({ exports: [...s.exports], stars: s.stars, nodes: [...s.nodes].map(([k, n]) => [k, n.name, n.scope, n.kind, n.code, n.tokens.join(' '), n.refs, n.loads]), whole: s.whole });

test('corpus: every file as an import target, both engines summarize it alike (exports, units, code or data)', () => {
  let exports = 0;
  let nodes = 0;
  const problems = [];
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    let ast;
    try {
      ast = babel.parseSync(code, { filename: file, babelrc: false, configFile: false, sourceType: 'unambiguous', parserOpts: { plugins: parserPlugins(file) } });
    } catch {
      continue; // not parseable by Babel with the plugins memokit enables
    }
    let b;
    babel.traverse(ast, { Program(p) { b = plain(summarize(babelFacts(p, code, file, NO_FUNCTIONS), fileKind(file).jsx)); p.stop(); } });
    const s = plain(summarize(swcReader.facts(code, file), fileKind(file).jsx));
    if (!isDeepStrictEqual(b, s)) problems.push(`${relative(root, file)}: babel ${JSON.stringify(b).slice(0, 400)}\n  swc ${JSON.stringify(s).slice(0, 400)}`);
    exports += b.exports.length;
    nodes += b.nodes.length;
  }
  assert.equal(problems.slice(0, 5), [], `${problems.length} files differ`);
  assert.ok(exports >= 500 && nodes >= 1000, `too few exports (${exports}) or units (${nodes}) compared`);
});

test.run();
