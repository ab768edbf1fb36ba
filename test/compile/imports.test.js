// Following imports (docs/hash.md "Imports"): a multi-file project written to a
// temporary folder; every edit that changes what a cached function reaches in
// another file (a helper, a constant two imports away, a re-exported binding, a
// package's version, a JSON file, a CommonJS module) changes its hash; an edit
// of something it does not reach keeps it; both engines agree on every hash,
// and on the dependencies they report.
import { test } from 'uvu';
import { requireToolchain } from '../helpers/toolchains.js';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { analyze as swcAnalyze, transform } from 'memokit/swc';
import * as runtime from 'memokit';
import { analyze as babelAnalyze } from 'memokit/babel';
import { root } from '../helpers/fixtures.js';

const require = createRequire(import.meta.url);
const babel8 = process.versions.node.split('.')[0] >= 22 ? requireToolchain('babel8') : null;

mkdirSync(join(root, '.exec'), { recursive: true });
const dir = mkdtempSync(join(root, '.exec/imports-'));

const PROJECT = {
  'package.json': JSON.stringify({ name: 'shop', type: 'module', imports: { '#config': './src/config.ts' }, exports: { './money': './src/money.ts' } }),
  'src/config.ts': 'export const RATE = 0.2;\nexport const CURRENCY = "EUR";\nexport let hits = 0;\nexport function hit() { hits += 1; }\n',
  'src/helper.ts': 'import { RATE } from "#config";\nexport const taxRate = RATE;\nexport function factor() { return 2; }\nexport function unrelated() { return 3; }\n',
  'src/format.ts': 'import { CURRENCY } from "./config.js";\nexport function fmt(n: number) { return n.toFixed(2) + " " + CURRENCY; }\nexport default function shout(s: string) { return s.toUpperCase(); }\n',
  'src/util.ts': 'export const round = (n: number) => Math.round(n);\nexport const unused = 1;\n',
  'src/lib/index.ts': 'export * from "../util.js";\nexport { fmt as format, default as shout } from "../format.js";\n',
  'src/money.ts': 'export const cents = (n: number) => Math.round(n * 100);\n',
  'src/a.ts': 'import { b } from "./b.js";\nexport function a(n: number): number { return n <= 0 ? 0 : b(n - 1); }\n',
  'src/b.ts': 'import { a } from "./a.js";\nexport function b(n: number): number { return n <= 0 ? 1 : a(n - 1); }\n',
  'src/rates.json': '{ "vat": 0.2 }\n',
  'src/legacy.cjs': 'const { twice } = require("./twice.cjs");\nexports.quad = (n) => twice(twice(n));\n',
  'src/twice.cjs': 'exports.twice = (n) => n * 2;\n',
  'src/all.ts': 'export const one = 1;\nexport function two() { return 2; }\n',
  'src/value.ts': 'const base = 10;\nexport default base * 2;\n',
  'node_modules/pkg/package.json': JSON.stringify({ name: 'pkg', version: '1.0.0', main: 'index.js' }),
  'node_modules/pkg/index.js': 'export const pi = 3.14;\n',
  'packages/lib/package.json': JSON.stringify({ name: '@shop/lib', version: '0.0.0', exports: { '.': './index.ts' } }),
  'packages/lib/index.ts': 'export function libFn() { return "lib"; }\n',
  'src/report.ts': [
    'import { taxRate, factor } from "./helper.js";',
    'import { format, round, shout } from "./lib";',
    'import { cents } from "shop/money";',
    'import { a } from "./a.js";',
    'import rates from "./rates.json" with { type: "json" };',
    'import * as all from "./all.js";',
    'import value from "./value.js";',
    'import { pi } from "pkg";',
    'import { libFn } from "@shop/lib";',
    'import { join } from "node:path";',
    'import { nothing } from "./missing.js";',
    'import { hits } from "#config";',
    'export function price(p: number) { "use memo"; return p * (1 + taxRate) * factor(); }',
    'export function label(p: number) { "use memo"; return shout(format(round(p))); }',
    'export function money(p: number) { "use memo"; return cents(p); }',
    'export function cycle(n: number) { "use memo"; return a(n); }',
    'export function vat() { "use memo"; return rates.vat; }',
    'export function namespace() { "use memo"; return all.one; }',
    'export function byDefault() { "use memo"; return value; }',
    'export function fromPackage() { "use memo"; return pi + libFn(); }',
    'export function builtin(p: string) { "use memo"; return join(p, "x"); }',
    'export function unresolved() { "use memo"; return nothing; }',
    'export function counted() { "use memo"; return hits; }',
    'export async function legacy(n: number) { "use memo"; const { quad } = await import("./legacy.cjs"); return quad(n); }',
    'export function alone(n: number) { "use memo"; return n; }',
    '',
  ].join('\n'),
};

function write(files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}
write(PROJECT);
// A workspace package linked into node_modules: its files are the project's, followed like local ones.
mkdirSync(join(dir, 'node_modules/@shop'), { recursive: true });
symlinkSync(join(dir, 'packages/lib'), join(dir, 'node_modules/@shop/lib'), 'dir');

const report = join(dir, 'src/report.ts');
const engines = { swc: (code) => swcAnalyze(code, { filename: report }), babel: (code) => babelAnalyze(code, { filename: report }) };
if (babel8) engines.babel8 = (code) => babelAnalyze(code, { filename: report, babel: babel8 });

/** Every engine's sites of report.ts, which must agree; by function name. */
function sites() {
  const code = readFileSync(report, 'utf8');
  const out = Object.entries(engines).map(([name, analyze]) => [name, analyze(code)]);
  for (const [name, s] of out.slice(1)) assert.equal(s, out[0][1], `${name} agrees with ${out[0][0]}`);
  return Object.fromEntries(out[0][1].map((s) => [s.id.split('#')[1], s]));
}
const hashes = () => Object.fromEntries(Object.entries(sites()).map(([n, s]) => [n, s.hash]));

/** Applies an edit to one file, returns the functions whose hash changed, and undoes it. */
function changedBy(path, from, to) {
  const before = hashes();
  const file = join(dir, path);
  const text = readFileSync(file, 'utf8');
  assert.ok(text.includes(from), `${path} contains ${from}`);
  writeFileSync(file, text.replace(from, to));
  try {
    const after = hashes();
    return Object.keys(before).filter((n) => before[n] !== after[n]).sort();
  } finally {
    writeFileSync(file, text);
  }
}

test('ids are by package; dependencies name the files, packages, built-ins and unresolved imports', () => {
  const s = sites();
  assert.is(s.price.id, 'shop/src/report.ts#price');
  assert.equal(s.price.dependencies.files, ['shop/src/config.ts', 'shop/src/helper.ts']);
  assert.equal(s.label.dependencies.files, ['shop/src/config.ts', 'shop/src/format.ts', 'shop/src/lib/index.ts', 'shop/src/util.ts']);
  assert.equal(s.fromPackage.dependencies.packages, ['pkg@1.0.0']);
  assert.equal(s.fromPackage.dependencies.files, ['@shop/lib/index.ts'], 'a linked workspace package is followed as files, named by its own package');
  assert.equal(s.builtin.dependencies.builtins, ['path']);
  assert.equal(s.unresolved.dependencies.unresolved, ['./missing.js']);
  assert.equal(s.alone.dependencies, { files: [], packages: [], builtins: [], unresolved: [], unkeyed: [] });
  assert.equal(s.legacy.dependencies.files, ['shop/src/legacy.cjs', 'shop/src/twice.cjs']);
});

test('an imported variable that its module writes is keyed by value, not hashed', () => {
  const s = sites();
  assert.equal(s.counted.captured, ['hits']);
  assert.equal(s.price.captured, []);
});

test('edits of what a function reaches in other files change its hash; nothing else does', () => {
  const cases = [
    ['src/helper.ts', 'return 2', 'return 5', ['price']],
    ['src/config.ts', 'RATE = 0.2', 'RATE = 0.3', ['price'], 'a constant two imports away, through a package.json "imports" map'],
    ['src/config.ts', '"EUR"', '"USD"', ['label'], 'a constant read by a re-exported function'],
    ['src/format.ts', 'toFixed(2)', 'toFixed(3)', ['label'], 'a binding re-exported under another name'],
    ['src/format.ts', 'toUpperCase', 'toLowerCase', ['label'], 'a default export re-exported by name'],
    ['src/util.ts', 'Math.round(n)', 'Math.floor(n)', ['label'], 'through export *'],
    ['src/money.ts', 'n * 100', 'n * 1000', ['money'], 'the package importing itself through "exports"'],
    ['src/b.ts', 'return n <= 0 ? 1', 'return n <= 0 ? 2', ['cycle'], 'an import cycle'],
    ['src/rates.json', '0.2', '0.25', ['vat'], 'a JSON file by its content'],
    ['src/all.ts', 'return 2', 'return 3', ['namespace'], 'a namespace import reaches every export'],
    ['src/value.ts', 'base = 10', 'base = 11', ['byDefault'], 'a default export expression and what it reads'],
    ['node_modules/pkg/package.json', '"1.0.0"', '"1.0.1"', ['fromPackage'], 'a package version'],
    ['node_modules/pkg/index.js', '3.14', '3.15', [], 'a package is its version: its files are not read'],
    ['packages/lib/index.ts', '"lib"', '"lib2"', ['fromPackage'], 'a linked workspace package'],
    ['src/twice.cjs', 'n * 2', 'n * 3', ['legacy'], 'a CommonJS module loaded by import(), and what it requires'],
    ['src/helper.ts', 'return 3', 'return 4', [], 'an unrelated function of an imported file'],
    ['src/util.ts', 'unused = 1', 'unused = 2', [], 'an unrelated export behind export *'],
    ['src/config.ts', 'hits += 1', 'hits += 2', [], 'data is keyed, its writer is not reached'],
  ];
  for (const [path, from, to, expected, why = ''] of cases) assert.equal(changedBy(path, from, to), expected, `${path}: ${from} → ${to} ${why}`);
});

test('a new file that an import now resolves to is seen by the next compile', () => {
  const before = sites().unresolved;
  writeFileSync(join(dir, 'src/missing.ts'), 'export const nothing = 1;\n');
  try {
    const after = sites().unresolved;
    assert.is.not(after.hash, before.hash);
    assert.equal(after.dependencies.files, ['shop/src/missing.ts']);
  } finally {
    rmSync(join(dir, 'src/missing.ts'));
  }
});

test('ids do not depend on the working directory; root and namespace override them', () => {
  const code = readFileSync(report, 'utf8');
  const cwd = process.cwd();
  try {
    process.chdir(join(dir, 'src/lib'));
    assert.is(swcAnalyze(code, { filename: report })[0].id, 'shop/src/report.ts#price');
    assert.is(swcAnalyze(code, { filename: '../report.ts' })[0].id, 'shop/src/report.ts#price', 'a relative filename');
  } finally {
    process.chdir(cwd);
  }
  assert.is(swcAnalyze(code, { filename: report, root: join(dir, 'src') })[0].id, 'report.ts#price');
  assert.is(swcAnalyze(code, { filename: report, namespace: 'store' })[0].id, 'store/src/report.ts#price');
});

test('two packages with the same layout in one process keep separate sites', async () => {
  const runtimeUrl = pathToFileURL(join(root, 'dist/runtime/node.js')).href;
  const source = 'export function getClient() { "use singleton"; return { pkg: PKG }; }\nexport function load(x) { "use memo"; return { pkg: PKG, x }; }\n';
  const mods = [];
  for (const name of ['alpha', 'beta']) {
    const pkg = join(dir, 'two', name);
    mkdirSync(join(pkg, 'src'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name }));
    const file = join(pkg, 'src/index.mjs');
    const out = transform(`const PKG = ${JSON.stringify(name)};\n` + source, { filename: file, runtime: runtimeUrl });
    writeFileSync(file, out.code);
    mods.push(await import(pathToFileURL(file).href));
  }
  const [alpha, beta] = mods;
  assert.is(alpha.getClient().pkg, 'alpha');
  assert.is(beta.getClient().pkg, 'beta', 'the second package gets its own instance');
  assert.is(alpha.getClient().pkg, 'alpha', 'and the first keeps its own');
  assert.equal([alpha.load(1).pkg, beta.load(1).pkg], ['alpha', 'beta']);
  const ids = Object.keys(runtime.stats()).filter((id) => id.includes('/src/index.mjs#'));
  assert.equal(ids.sort(), ['alpha/src/index.mjs#getClient', 'alpha/src/index.mjs#load', 'beta/src/index.mjs#getClient', 'beta/src/index.mjs#load']);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
