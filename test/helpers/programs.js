// Generated programs for the differential tests: modules with cached functions
// in every form and placement the compiler knows, with every parameter shape,
// reading parameters, module code, imports, captured values (mutated in the
// body with `+=`, `++`, `||=`), module variables and members that setters
// change between calls, loop and block variables, `this` of objects, class
// instances and primitives, and `arguments`; async memo functions may persist
// to disk. Each program exports `__run(mod)`, which calls every function in a
// fixed order (setters in between) and returns what the calls returned, so the
// same program can be executed uncached and compiled by each engine and the
// results compared.
import fc from 'fast-check';

/** Memo and singleton directives, with and without options; a few invalid ones whose diagnostics must agree. */
const DIRECTIVES = [
  'use memo', 'use memo', 'use memo', 'use memo ttl=1m', 'use memo max=3', 'use memo ttl=10s max=2',
  'use memo ttl=1s swr=1h', 'use memo tags=t0', 'use memo ttl=2s swr=1m tags=t0,t1',
  'use memo maxBytes=200b', 'use memo cacheIf=__keepSome', 'use memo ttl=1m maxBytes=1kb cacheIf=__keepSome',
  'use singleton', 'use singleton', 'use singleton ttl=1h', 'use singleton max=2',
];
const BAD_DIRECTIVES = ['use memmo', 'use memo ttl=soon', 'use memo persist=dsk', 'use singelton', 'use memo max=0', 'use memo validate=check', 'use memo swr=1m'];

/** How a parameter is written. `arg(i)`: the values passed for it in the first and second call. */
const paramShape = fc.oneof(
  { arbitrary: fc.constant('plain'), weight: 4 },
  { arbitrary: fc.constant('default'), weight: 2 },
  { arbitrary: fc.constant('object'), weight: 2 },
  { arbitrary: fc.constant('array'), weight: 1 },
  { arbitrary: fc.constant('ignored'), weight: 1 },
  { arbitrary: fc.constant('previous'), weight: 1 },
);

/** Placements: where the function stands and how it is called. */
const PLACEMENTS = [
  'declaration', 'export-declaration', 'export-default', 'function-expression', 'named-function-expression', 'arrow',
  'object-method', 'object-arrow', 'object-getter', 'class-method', 'class-static', 'class-private', 'class-field-arrow', 'class-getter',
  'nested', 'nested-arrow', 'class-in-function', 'block', 'loop', 'closure',
];
/** Placements whose functions cannot take parameters. */
const NO_PARAMS = new Set(['object-getter', 'class-getter']);
/** Arrows: no `arguments` of their own. */
const ARROWS = new Set(['arrow', 'object-arrow', 'class-field-arrow', 'nested-arrow', 'block', 'closure']);
/** Placements whose `this` is a class instance or an object with methods: not plain data, so never persisted. */
const MEMBERS = new Set(['object-method', 'object-arrow', 'object-getter', 'class-method', 'class-static', 'class-private', 'class-field-arrow', 'class-getter', 'class-in-function']);
/** Key spellings of members. */
const KEYS = ['identifier', 'string', 'number', 'computed'];

const siteArb = fc.record({
  placement: fc.constantFrom(...PLACEMENTS),
  async: fc.boolean(),
  params: fc.array(paramShape, { maxLength: 3 }),
  rest: fc.boolean(),
  directive: fc.oneof({ arbitrary: fc.constantFrom(...DIRECTIVES), weight: 30 }, { arbitrary: fc.constantFrom(...BAD_DIRECTIVES), weight: 1 }),
  key: fc.constantFrom(...KEYS),
  reads: fc.record({
    module: fc.boolean(), helper: fc.boolean(), imported: fc.boolean(), self: fc.boolean(), args: fc.boolean(),
    arrowThis: fc.boolean(), innerFunction: fc.boolean(), localVar: fc.boolean(), strict: fc.boolean(),
    mutable: fc.boolean(), member: fc.boolean(), blockVar: fc.boolean(), dep: fc.boolean(), depData: fc.boolean(), db: fc.boolean(),
  }),
  closure: fc.record({ op: fc.constantFrom('+=', '++', '||=', 'none'), returned: fc.boolean() }),
  persist: fc.boolean(),
  types: fc.boolean(),
});

/**
 * Modules every program imports from (written once next to the programs): code that the hash
 * follows into them, through a re-export file, and data that their own functions change
 * (an imported `let` and an object whose member a function writes: keyed by value).
 */
export const DEP_FILES = {
  'dep.js': [
    'export const DEP_K = 3;',
    'function scale(v) { return v * DEP_K; }',
    'export function depHelper(v) { return [scale(Number(v) || 1), "dep"]; }',
    'export let depN = 1;',
    'export function setDepN(v) { depN = v; }',
    "export const depS = { mode: 'a' };",
    'export function setDepMode(v) { depS.mode = v; }',
    '',
  ].join('\n'),
  'dep-index.js': "export * from './dep.js';\nexport { depHelper as depAlias } from './dep.js';\n",
};

/** A program: one to four functions; `ts` writes parameter types (the file is `.ts`). */
export const programArb = fc.record({ ts: fc.boolean(), sites: fc.array(siteArb, { minLength: 1, maxLength: 4 }) });

/** Renders a program's source and says whether it is expected to compile. */
export function render(program) {
  const head = [
    "import { join } from 'node:path';",
    "import { depAlias, DEP_K, depN, depS, setDepN, setDepMode } from './dep-index.js';",
    'export { setDepN as __setDepN, setDepMode as __setDepMode };',
    'const K = 7;',
    // Data out of the key (a `_` name): memo bodies that read it tag their values with `db`, directly or by
    // reading `__dbRead` (whose tag they then carry), and `__setDb` invalidates the tag when it changes it.
    "import { tag as __tagOf, invalidateTag as __invalidateTag } from 'memokit';",
    'const __db = { v: 1 };',
    "function __tag(name) { try { __tagOf(name); } catch (e) { if (e.code !== 'MK_NOT_COMPUTING') throw e; } }",
    'function __dbRead() { "use memo"; __tag("db"); return __db.v; }',
    // cacheIf: keeps some values and refuses others, by the value and the keyed arguments.
    'function __keepSome(value, ...args) { return JSON.stringify([value, args] , (k, v) => (typeof v === "bigint" ? String(v) : v) ?? null).length % 3 !== 0; }',
    "export async function __setDb(v) { __db.v = v; await __invalidateTag('db'); }",
    'function helper(v) { return [v, K]; }',
    'class Rec { constructor(tag) { this.tag = tag; } }',
  ];
  const body = [];
  const calls = [];
  let valid = true;
  let defaultTaken = false;
  program.sites.forEach((site, i) => {
    const r = renderSite(site, i, program.ts, defaultTaken);
    if (r.placement === 'export-default') defaultTaken = true;
    if (!DIRECTIVES.includes(site.directive)) valid = false;
    body.push(r.code);
    calls.push(...r.calls);
  });
  const run = [
    'export async function __run(mod) {',
    '  const out = [];',
    ...calls.map((c) => `  try { out.push(await ${c}); } catch (e) { out.push('throws ' + e.constructor.name); }`),
    '  return out;',
    '}',
  ];
  return { code: [...head, ...body, ...run].join('\n') + '\n', valid, ts: program.ts };
}

function renderSite(site, i, ts, defaultTaken) {
  let placement = site.placement;
  if (placement === 'export-default' && defaultTaken) placement = 'export-declaration';
  const name = 'f' + i;
  const noParams = NO_PARAMS.has(placement);
  const params = [];
  if (!noParams) site.params.forEach((shape, j) => params.push(paramOf(shape, `${name}_${j}`, ts && site.types, params.flatMap((p) => p.reads)[0])));
  if (!noParams && site.rest) params.push(restOf(`${name}_rest`, ts && site.types));
  const simple = params.every((p) => p.simple);
  const arrow = ARROWS.has(placement);
  const isAsync = site.async && !noParams;
  const a = isAsync ? 'async ' : '';
  const reads = site.reads;
  // What the body returns: every keyed parameter binding, then whatever it reads.
  const terms = params.flatMap((p) => p.reads);
  const setup = [];
  /** Calls that change what the body reads, run between the calls of the function. */
  const between = [];
  if (reads.module) terms.push('K');
  if (reads.helper) terms.push(`helper(${terms[0] ?? 1})`);
  if (reads.imported) terms.push(`join('a', String(${terms[0] ?? 'K'}))`);
  // Code of another file, through a re-export: hashed; data of another file read directly: keyed.
  if (reads.dep) terms.push(`depAlias(${terms[0] ?? 'DEP_K'})`);
  if (reads.depData) {
    terms.push('depN', 'depS.mode');
    between.push('mod.__setDepN(2), mod.__setDepMode("b")', 'mod.__setDepN(1), mod.__setDepMode("a")');
  }
  // Objects and classes by their tag, primitives as they are.
  if (reads.self) terms.push("(this !== null && (typeof this === 'object' || typeof this === 'function') ? this.tag : this)");
  if (reads.args && !arrow) terms.push('arguments.length');
  if (reads.arrowThis) terms.push('(() => this?.tag)()');
  if (reads.innerFunction) terms.push('(function () { return typeof this; })()');
  if (placement === 'nested' || placement === 'nested-arrow' || placement === 'class-in-function') terms.push('base');
  if (placement === 'loop') terms.push('i');
  if (placement === 'block' && reads.blockVar) terms.push('blockVal');
  if (reads.mutable) {
    // A module variable a setter changes between calls: data, keyed at call time.
    setup.push(`let ${name}_m = 1;`, `export function ${name}_setM(v) { ${name}_m = v; }`);
    terms.push(`${name}_m`);
    between.push(`mod.${name}_setM(2)`, `mod.${name}_setM(1)`);
  }
  if (reads.member) {
    // A module object whose member a function writes: data too.
    setup.push(`export const ${name}_s = { mode: 'a' };`, `export function ${name}_setMode(v) { ${name}_s.mode = v; }`);
    terms.push(`${name}_s.mode`);
    between.push(`mod.${name}_setMode('b')`, `mod.${name}_setMode('a')`);
  }
  const closure = placement === 'closure' ? site.closure : null;
  if (closure && closure.returned) terms.push('c');
  // Data out of the key, invalidated by tag (memo only: a singleton is built once and kept).
  const db = reads.db && site.directive.startsWith('use memo');
  if (db) {
    // Odd sites read it through the memo __dbRead, even ones directly (and tag it themselves, below).
    terms.push(i % 2 ? '__dbRead()' : '__db.v');
    between.push('mod.__setDb(2)', 'mod.__setDb(1)');
  }
  // Async memo functions that do not read `this` may persist to disk (a persisted `this` must be plain
  // data, and most receivers here are not: fixtures/persist-this covers that rule).
  // maxBytes bounds memory: the disk store keeps none (MK_OPTION_CONFLICT).
  const persist = site.persist && isAsync && site.directive.startsWith('use memo') && DIRECTIVES.includes(site.directive) && !site.directive.includes('maxBytes') && !MEMBERS.has(placement) && !reads.self && !reads.arrowThis;
  // A refresh (swr) runs the body again in the background: only bodies without side effects get swr.
  const base = closure && closure.op !== 'none' ? site.directive.replace(/ swr=\S+/, '') : site.directive;
  const directive = persist ? base + ' persist=disk' : base;
  const prologue = [...(reads.strict && simple ? ['"use strict";'] : []), `"${directive}";`];
  const locals = reads.localVar ? [`var ${name}_local = ${terms.length};`] : [];
  // An async body reads the data after an await: its tags must still reach its computation.
  if (db && isAsync) locals.push('await null;');
  if (db && i % 2 === 0) locals.push('__tag("db");');
  if (closure && closure.op !== 'none') locals.push(closure.op === '++' ? 'c++;' : closure.op === '+=' ? 'c += 1;' : 'c ||= 9;');
  const block = `{\n  ${[...prologue, ...locals, `return [${terms.join(', ')}];`].join('\n  ')}\n}`;
  const P = params.map((p) => p.text).join(', ');
  const A1 = params.map((p) => p.arg(0)).join(', ');
  const A2 = params.map((p) => p.arg(1)).join(', ');
  // The same call twice, then with the setters' changes, then other arguments, then back.
  const twice = (call) => [call(A1), call(A1), ...between.slice(0, 1), call(A1), call(A2), ...between.slice(1), call(A1)];
  const key = memberKey(site.key, name);
  const withSetup = (r) => ({ ...r, code: [...setup, r.code].join('\n'), persist });
  return withSetup(placed());
  function placed() {
  switch (placement) {
    case 'declaration':
      if (reads.self) {
        // Receivers of every kind: primitives by value, objects and class instances each their own.
        const receivers = ['1', "'s'", 'null', "{ tag: 'o' }", "new Rec('r')"];
        return { placement, code: `${a}function ${name}(${P}) ${block}`, calls: [...receivers.map((t) => `${name}.call(${t}${sep(A1)})`), `${name}.call(1${sep(A1)})`, `${name}.call(2${sep(A2)})`] };
      }
      return { placement, code: `${a}function ${name}(${P}) ${block}`, calls: twice((x) => `${name}(${x})`) };
    case 'export-declaration':
      return { placement, code: `export ${a}function ${name}(${P}) ${block}`, calls: twice((x) => `mod.${name}(${x})`) };
    case 'export-default':
      return { placement, code: `export default ${a}function (${P}) ${block}`, calls: twice((x) => `mod.default(${x})`) };
    case 'function-expression':
      return { placement, code: `const ${name} = ${a}function (${P}) ${block};`, calls: twice((x) => `${name}(${x})`) };
    case 'named-function-expression':
      return { placement, code: `export const ${name} = ${a}function ${name}Own(${P}) ${block};`, calls: twice((x) => `${name}(${x})`) };
    case 'arrow':
      return { placement, code: `const ${name} = ${a}(${P}) => ${block};`, calls: twice((x) => `${name}(${x})`) };
    case 'object-method':
      return { placement, code: `const ${name}Obj = { tag: 'o${i}', ${a}${key.def}(${P}) ${block} };`, calls: twice((x) => `${name}Obj${key.use}(${x})`) };
    case 'object-arrow':
      return { placement, code: `const ${name}Obj = { tag: 'o${i}', ${key.def}: ${a}(${P}) => ${block} };`, calls: twice((x) => `${name}Obj${key.use}(${x})`) };
    case 'object-getter':
      return { placement, code: `const ${name}Obj = { tag: 'o${i}', get ${key.def}() ${block} };\nconst ${name}Other = Object.create(${name}Obj, { tag: { value: 'other' } });`, calls: [`${name}Obj${key.use}`, `${name}Obj${key.use}`, `${name}Other${key.use}`] };
    case 'class-method':
    case 'class-private':
    case 'class-getter': {
      const def = placement === 'class-private' ? `#${name}` : key.def;
      const member = placement === 'class-getter' ? `get ${def}() ${block}` : `${a}${def}(${P}) ${block}`;
      const expose = placement === 'class-private' ? `\n  call(...args) { return this.#${name}(...args); }` : '';
      const use = placement === 'class-private' ? '.call' : key.use;
      const code = `class ${name}Class {\n  constructor(tag) { this.tag = tag; }\n  ${member}${expose}\n}\nconst ${name}A = new ${name}Class('a'), ${name}B = new ${name}Class('b');`;
      if (placement === 'class-getter') return { placement, code, calls: [`${name}A${use}`, `${name}A${use}`, `${name}B${use}`] };
      return { placement, code, calls: [`${name}A${use}(${A1})`, `${name}A${use}(${A1})`, `${name}B${use}(${A1})`, `${name}A${use}(${A2})`] };
    }
    case 'class-static':
      return { placement, code: `class ${name}Class {\n  static tag = 's${i}';\n  static ${a}${key.def}(${P}) ${block}\n}`, calls: twice((x) => `${name}Class${key.use}(${x})`) };
    case 'class-field-arrow':
      return { placement, code: `class ${name}Class {\n  tag = 'field${i}';\n  ${key.def} = ${a}(${P}) => ${block};\n}\nconst ${name}A = new ${name}Class(), ${name}B = new ${name}Class();`, calls: [`${name}A${key.use}(${A1})`, `${name}A${key.use}(${A1})`, `${name}B${key.use}(${A1})`] };
    case 'nested':
    case 'nested-arrow': {
      const inner = placement === 'nested' ? `${a}function ${name}(${P}) ${block}` : `const ${name} = ${a}(${P}) => ${block};`;
      const code = `function ${name}Outer(o, ...rest) {\n  const base = [o, K];\n  ${inner}\n  return ${name}(...rest);\n}`;
      return { placement, code, calls: [`${name}Outer(1${sep(A1)})`, `${name}Outer(1${sep(A1)})`, `${name}Outer(2${sep(A1)})`, `${name}Outer(1${sep(A2)})`] };
    }
    case 'class-in-function': {
      const code = `function ${name}Factory(base) {\n  return new (class {\n    ${a}${key.def}(${P}) ${block}\n  })();\n}\nconst ${name}One = ${name}Factory('one'), ${name}Two = ${name}Factory('two');`;
      return { placement, code, calls: [`${name}One${key.use}(${A1})`, `${name}One${key.use}(${A1})`, `${name}Two${key.use}(${A1})`, `${name}One${key.use}(${A2})`] };
    }
    case 'block':
      return { placement, code: `const ${name}Holder = [];\n{\n  const blockVal = ${i + 3};\n  const ${name} = ${a}(${P}) => ${block};\n  ${name}Holder.push(${name});\n}`, calls: twice((x) => `${name}Holder[0](${x})`) };
    case 'closure': {
      const code = `function ${name}Make(o) {\n  let c = o;\n  return ${a}(${P}) => ${block};\n}\nconst ${name} = ${name}Make(0), ${name}B = ${name}Make(5);`;
      return { placement, code, calls: [`${name}(${A1})`, `${name}(${A1})`, `${name}B(${A1})`, ...between, `${name}(${A2})`, `${name}(${A1})`] };
    }
    case 'loop':
      return {
        placement,
        code: `const ${name}Holder = [];\nfor (const i of [1, 2]) {\n  ${name}Holder.push(${a}function (${P}) ${block});\n}`,
        calls: [`${name}Holder[0](${A1})`, `${name}Holder[1](${A1})`, `${name}Holder[0](${A2})`, `${name}Holder[1](${A1})`],
      };
  }
  throw new Error('unknown placement ' + placement);
  }
}

const sep = (args) => (args ? ', ' + args : '');

function memberKey(kind, name) {
  switch (kind) {
    case 'string': return { def: `'${name}-key'`, use: `['${name}-key']` };
    case 'number': return { def: String(name.length + 40), use: `[${name.length + 40}]` };
    case 'computed': return { def: `['${name}' + K]`, use: `['${name}' + K]` };
    default: return { def: name, use: '.' + name };
  }
}

/** A parameter: its source text, the values its bindings return, and the argument passed in each call. */
function paramOf(shape, name, typed, previous) {
  const t = (type) => (typed ? ': ' + type : '');
  switch (shape) {
    case 'plain':
      return { text: name + t('number'), reads: [name], simple: true, arg: (k) => String(k + 1) };
    case 'default':
      // The first call leaves it out (undefined): the default joins the key.
      return { text: `${name}${t('number')} = K * 2`, reads: [name], simple: false, arg: (k) => (k === 0 ? 'undefined' : '5') };
    case 'object':
      return {
        text: `{ x: ${name}X, y: ${name}Y = 3, ['k' + K]: ${name}Z }${t('any')}`,
        reads: [`${name}X`, `${name}Y`, `${name}Z`],
        simple: false,
        arg: (k) => (k === 0 ? '{ x: 1, k7: 2 }' : '{ x: 1, y: 4, k7: 9 }'),
      };
    case 'array':
      return { text: `[${name}A, , ${name}B = 2]${t('number[]')}`, reads: [`${name}A`, `${name}B`], simple: false, arg: (k) => (k === 0 ? '[1, 0]' : '[1, 0, 6]') };
    case 'ignored':
      // `_` parameters stay out of the key: the body must not let them change the result.
      return { text: `_${name}${t('unknown')}`, reads: [], simple: true, arg: (k) => `{ call: ${k} }` };
    case 'previous':
      // A default that reads an earlier parameter (or K when there is none).
      return { text: `${name}${t('number')} = ${previous ?? 'K'} + 1`, reads: [name], simple: false, arg: (k) => (k === 0 ? 'undefined' : '4') };
  }
  throw new Error('unknown parameter shape ' + shape);
}

function restOf(name, typed) {
  return { text: `...${name}${typed ? ': number[]' : ''}`, reads: [name], simple: false, arg: (k) => (k === 0 ? '8, 9' : '8') };
}
