// Real-world parity (issue #4): several hundred published .js/.ts files from
// node_modules and this repository get "use memo" / "use singleton" inserted
// into a sample of their functions; both engines must then agree on `analyze`
// (sites, or the same diagnostic at the same position), both outputs must
// parse again, and the untouched originals must come back unchanged.
import { test } from 'uvu';
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

const require = createRequire(import.meta.url);
const babel = require('@babel/core');
const swc = require('@swc/core');
const files = corpusFiles();

const outcome = (f) => {
  try {
    return { sites: f() };
  } catch (e) {
    return { error: { code: e.code, pos: e.pos, message: String(e.message).split('\n')[0] } };
  }
};

test(`corpus: ${files.length} real files, both engines agree`, () => {
  assert.ok(files.length >= 300, `corpus too small: ${files.length}`);
  const stats = { files: 0, sites: 0, agreedErrors: 0, skipped: 0, untouched: 0 };
  const problems = [];
  for (const file of files) {
    const original = readFileSync(file, 'utf8');
    const filename = relative(root, file);
    const opts = { filename: file, root };
    let seeded;
    try {
      seeded = withDirectives(original, file);
    } catch {
      stats.skipped++; // not parseable by Babel with the plugins memokit enables (e.g. Flow)
      continue;
    }
    // The original: nothing to do, in both engines.
    const o1 = outcome(() => swcAnalyze(original, opts));
    const o2 = outcome(() => babelAnalyze(original, opts));
    if (!isDeepStrictEqual(o1, o2)) problems.push(`${filename} (original): swc ${JSON.stringify(o1).slice(0, 300)} babel ${JSON.stringify(o2).slice(0, 300)}`);
    if (o2.sites && o2.sites.length === 0) {
      if (swcTransform(original, opts) !== null) problems.push(`${filename}: swc transform of a file without sites is not null`);
      stats.untouched++;
    }
    if (!seeded.inserted) continue;
    stats.files++;
    const a = outcome(() => swcAnalyze(seeded.code, opts));
    const b = outcome(() => babelAnalyze(seeded.code, opts));
    if (!isDeepStrictEqual(a, b)) {
      problems.push(`${filename}: swc ${JSON.stringify(a).slice(0, 400)}\n   babel ${JSON.stringify(b).slice(0, 400)}`);
      continue;
    }
    if (a.error) {
      stats.agreedErrors++;
      continue;
    }
    stats.sites += a.sites.length;
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
  console.log(`    # ${JSON.stringify(stats)}`);
  assert.equal(problems.slice(0, 10), [], `${problems.length} disagreements`);
  assert.ok(stats.sites >= 1000, `too few sites compared: ${stats.sites}`);
  assert.ok(stats.files >= 250, `too few seeded files: ${stats.files}`);
});

test.run();
