// Body hashes: reformatting keeps them, any code change in the function or in
// what it uses changes them (issue #3 acceptance; definition in docs/hash.md).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import jsTokens from 'js-tokens';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { analyze } from '../../dist/plugin-babel/index.js';
import { cases } from '../helpers/fixtures.js';

const hashes = (code, filename = 'src/a.js') => Object.fromEntries(analyze(code, { filename, root: '.' }).map((s) => [s.id.split('#')[1], s.hash]));

const base = `
import { join } from './path.js';
import def from 'pkg';
const FACTOR = 2;
class Box { constructor(v) { this.v = v; } }
function helper(x) { return new Box(x * FACTOR); }
function other() { return 1; }
export function load(id, opts = {}) {
  "use memo ttl=10m";
  const r = helper(id);
  return join(String(r.v), def, \`t \${opts.a}\`, /a b/.source);
}
export function untouched(x) {
  "use memo";
  return x;
}
`;
const h0 = hashes(base);

test('reformatting (whitespace, comments, line breaks, CRLF) keeps the hash', () => {
  const variants = [
    base.replace(/\n/g, '\r\n'),
    base.replace(/  /g, '\t\t'),
    base.replace('const r = helper(id);', '/* lookup */ const r =\n      helper( id ) ; // trailing'),
    base.replace('function helper(x) { return new Box(x * FACTOR); }', 'function helper(x) {\n  // doubled\n  return new Box(\n    x * FACTOR,\n  );\n}'.replace(',\n  )', '\n  )')),
    base.replace('"use memo ttl=10m";', '"use memo ttl=600s";'), // same normalized options
    base.replace('export function load(id, opts = {}) {', 'export function load(\n  id,\n  opts = {} /* defaults */\n) {'),
  ];
  for (const v of variants) assert.equal(hashes(v), h0, v);
});

test('any token change in the body, parameters, options or used declarations changes the hash', () => {
  const edits = [
    ['const r = helper(id);', 'const r = helper(id + 0);'],
    ['opts = {}', 'opts = { a: 1 }'],
    ['"use memo ttl=10m"', '"use memo ttl=11m"'],
    ['"use memo ttl=10m"', '"use memo ttl=10m swr=1m"'],
    ['"use memo ttl=10m"', '"use memo ttl=10m tags=users"'],
    ['return new Box(x * FACTOR)', 'return new Box(x + FACTOR)'],
    ['const FACTOR = 2;', 'const FACTOR = 3;'],
    ['this.v = v;', 'this.v = v + 1;'],
    ["from './path.js'", "from './path2.js'"],
    ["import def from 'pkg'", "import { def } from 'pkg'"],
    ['`t ${opts.a}`', '`t  ${opts.a}`'], // whitespace inside a template is data
    ['/a b/', '/a  b/'], // and inside a regular expression
    ['export function load(id', 'export async function load(id'],
  ];
  for (const [from, to] of edits) {
    assert.ok(base.includes(from), from);
    const h = hashes(base.replace(from, to));
    assert.is.not(h.load, h0.load, `${from} → ${to}`);
    assert.is(h.untouched, h0.untouched, 'an unrelated function keeps its hash');
  }
  // Editing a function the cached one does not use leaves its hash alone.
  assert.equal(hashes(base.replace('return 1;', 'return 2;')), h0);
});

test('static tags: their order and repeats do not change the hash, adding or removing one does', () => {
  const withTags = (tags) => hashes(base.replace('"use memo ttl=10m"', `"use memo ttl=10m tags=${tags}"`)).load;
  assert.is(withTags('a,b'), withTags('b,a,b'));
  assert.is.not(withTags('a,b'), withTags('a'));
  assert.is.not(withTags('a'), h0.load);
});

test('line breaks that change meaning (ASI) change the hash', () => {
  const a = hashes('export function f(x) {\n"use memo";\nreturn x;\n}');
  const b = hashes('export function f(x) {\n"use memo";\nreturn\nx;\n}');
  assert.is.not(a.f, b.f);
  const c = hashes('export function f(a, b) {\n"use memo";\nlet x = a\n++b\nreturn x;\n}');
  const d = hashes('export function f(a, b) {\n"use memo";\nlet x = a++\nb\nreturn x;\n}');
  assert.is.not(c.f, d.f);
});

test('TypeScript enums and namespaces a function uses are part of its hash, in both engines', async () => {
  const { analyze: swcAnalyze } = await import('../../dist/plugin-swc/index.js');
  const code = 'enum Color { Red = "red" }\nnamespace Units { export const scale = 2; }\nexport function f(x: number) {\n  "use memo";\n  return Color.Red + x * Units.scale;\n}\nexport function g() {\n  "use memo";\n  return 1;\n}\n';
  const both = (c) => {
    const a = hashes(c, 'src/a.ts');
    assert.equal(Object.fromEntries(swcAnalyze(c, { filename: 'src/a.ts', root: '.' }).map((s) => [s.id.split('#')[1], s.hash])), a, 'same hashes in SWC');
    return a;
  };
  const h0 = both(code);
  for (const [from, to] of [['"red"', '"rot"'], ['scale = 2', 'scale = 3']]) {
    const h = both(code.replace(from, to));
    assert.is.not(h.f, h0.f, from);
    assert.is(h.g, h0.g, 'an unrelated function keeps its hash');
  }
});

test('top-level statements that change a module binding join its hash; merged enum, namespace and function parts and what an import alias names too (both engines)', async () => {
  const { analyze: swcAnalyze } = await import('../../dist/plugin-swc/index.js');
  const both = (c, filename = 'src/a.ts') => {
    const a = hashes(c, filename);
    assert.equal(Object.fromEntries(swcAnalyze(c, { filename, root: '.' }).map((s) => [s.id.split('#')[1], s.hash])), a, 'same hashes in SWC');
    return a;
  };
  const code = [
    'const T = { rate: 1 };',
    'T.rate = 2;',
    'const M = new Map();',
    "M.set('x', 2);",
    'class C {}',
    "C.prototype.tag = 'c';",
    'enum E { A = 1 }',
    'enum E { B = 2 }',
    'function f0() { return 1; }',
    'namespace f0 { export const extra = 3; }',
    'namespace NS { export const v = 5; }',
    'import V = NS.v;',
    'export function f(x: number) {',
    '  "use memo";',
    "  return x * T.rate + M.get('x') + new C().tag + E.B + f0.extra + V;",
    '}',
    'export function g() {',
    '  "use memo";',
    '  return 1;',
    '}',
    '',
  ].join('\n');
  const h0 = both(code);
  const edits = [['T.rate = 2;', 'T.rate = 3;'], ["M.set('x', 2);", "M.set('x', 3);"], ["tag = 'c'", "tag = 'd'"], ['B = 2', 'B = 3'], ['extra = 3', 'extra = 4'], ['v = 5', 'v = 6']];
  for (const [from, to] of edits) {
    assert.ok(code.includes(from), from);
    const h = both(code.replace(from, to));
    assert.is.not(h.f, h0.f, `${from} → ${to}`);
    assert.is(h.g, h0.g, 'an unrelated function keeps its hash');
  }
  // A statement that only reads a binding is not part of it.
  assert.equal(both(code + 'console.log(T.rate);\n'), h0);
});

test('CRLF line endings hash like LF, templates included', () => {
  const lf = 'export function f(x) {\n  "use memo";\n  return `a\n${x}\nb`;\n}\n';
  assert.equal(hashes(lf.replace(/\n/g, '\r\n')), hashes(lf));
  assert.is.not(hashes(lf.replace('`a\n', '`a \n')).f, hashes(lf).f);
});

test('JSX text: re-indenting keeps the hash, changing visible text does not', () => {
  const j = (s) => hashes(s, 'src/a.jsx').view;
  const a = j('export function view(x) {\n"use memo";\nreturn <p>\n  hello  world\n  {x}\n</p>;\n}');
  assert.is(j('export function view(x) {\n"use memo";\nreturn <p>\n      hello  world\n      {x}\n    </p>;\n}'), a);
  assert.is.not(j('export function view(x) {\n"use memo";\nreturn <p>\n  hello world\n  {x}\n</p>;\n}'), a);
});

test('captured helper functions are hashed; captured data is keyed, not hashed', () => {
  const src = (helperBody, init) => `export function outer(p) { const n = ${init}; function h(v) { return ${helperBody}; } return (x) => { "use memo"; return h(x) + n; }; }`;
  const a = hashes(src('v + p', '1'))['outer/anonymous'];
  assert.is(hashes(src('v + p', '2'))['outer/anonymous'], a, 'the value of n is keyed, not hashed');
  assert.is.not(hashes(src('v - p', '1'))['outer/anonymous'], a);
  const [site] = analyze(src('v + p', '1'), { filename: 'src/a.js', root: '.' });
  assert.equal(site.captured, ['n', 'p']);
});

// Property: any re-spacing of the tokens of a fixture (with comments) keeps every hash.
const respace = (code, choices) => {
  let i = 0;
  let out = '';
  let prev = '';
  for (const t of jsTokens(code, { jsx: true })) {
    if (t.type === 'WhiteSpace' || t.type === 'LineTerminatorSequence') {
      const keepBreak = /\n/.test(t.value) && ['return', 'throw', 'break', 'continue', 'yield', 'async', 'await', 'get', 'set', 'static', 'let'].includes(prev);
      const c = choices[i++ % choices.length];
      // Line breaks keep their meaning: never added after an ASI-restricted token, never removed (ASI).
      out += /\n/.test(t.value) ? (keepBreak ? t.value : c === 0 ? '\n' : c === 1 ? ' /* c */\n  ' : '\n// c\n') : c === 0 ? ' ' : c === 1 ? '   ' : ' /* c */ ';
      continue;
    }
    out += t.value;
    if (t.type !== 'MultiLineComment' && t.type !== 'SingleLineComment') prev = t.value;
  }
  return out;
};

const plainFixtures = cases().filter((c) => !c.name.startsWith('error') && !/x$/.test(c.input));
test('property: re-spacing every fixture keeps all its hashes', () => {
  fc.assert(
    fc.property(fc.constantFrom(...plainFixtures), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 40 }), (c, choices) => {
      const before = analyze(c.code, { ...c.options, filename: c.file }).map((s) => s.hash);
      const after = analyze(respace(c.code, choices), { ...c.options, filename: c.file }).map((s) => s.hash);
      assert.equal(after, before, c.name);
    }),
    { numRuns: Number(process.env.MEMOKIT_FC_RUNS) || 200 },
  );
});

test.run();
