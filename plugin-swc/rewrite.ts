// SWC adapter, part 2: applies the core's sites as text edits (magic-string),
// so everything outside the rewritten bodies stays as written and every
// original line keeps its number: inserted code never adds a line break.
// The statements are the core's (core/emit.ts), as in the Babel plugin.
import type MagicString from 'magic-string';
import { shellReturn, bodyArrow, registerCall, FACTORY, REGISTER, type EmitNames } from '../core/emit.js';
import type { Site } from '../core/analyze.js';
import type { SwcFunction } from './facts.js';

/** Prefix of the module-level variable that holds a site (Babel's `_s`, `_s2`, … scheme). */
const SITE_VAR = 's';
/** Name given to an anonymous `export default function` so it can be registered. */
const DEFAULT_NAME = 'default';
/** Local name of the runtime namespace in CommonJS output. */
const NAMESPACE = 'memokit';

export interface RewriteOptions {
  runtime: string;
  /** ES module (import) or CommonJS (require). */
  esm: boolean;
  /** UTF-16 index where the header (runtime import, site variables, hoisted registrations) goes. */
  headerAt: number;
}

/** Fresh names: `_s`, `_s2`, … that no word of the file uses. */
const namer = (source: string) => {
  const words = new Set(source.match(/[\w$]+/g));
  return (hint: string) => {
    for (let i = 1; ; i++) {
      const name = '_' + hint + (i > 1 ? i : '');
      if (!words.has(name)) {
        words.add(name);
        return name;
      }
    }
  };
};

/** Removes a statement, and the indentation before it, leaving its line (empty) in place. */
const removeStatement = (ms: MagicString, source: string, start: number, end: number) => {
  let k = start;
  while (k > 0 && (source[k - 1] === ' ' || source[k - 1] === '\t')) k--;
  ms.remove(k, end);
};

export const rewrite = (ms: MagicString, source: string, sites: Site<SwcFunction>[], o: RewriteOptions): void => {
  const uid = namer(source);
  const ns = o.esm ? '' : uid(NAMESPACE);
  const imports: string[] = [];
  const runtimeName = (name: string) => {
    if (!o.esm) return ns + '.' + name;
    const local = uid(name);
    imports.push(`${name} as ${local}`);
    return local;
  };
  const used = new Set(sites.map((s) => s.kind));
  const emit: EmitNames = {
    memo: used.has('memo') ? runtimeName(FACTORY.memo) : '',
    singleton: used.has('singleton') ? runtimeName(FACTORY.singleton) : '',
    register: runtimeName(REGISTER),
  };
  const siteVars = sites.map(() => uid(SITE_VAR));
  const header: string[] = [];
  const classes = new Map<number, string[]>();
  const objects = new Map<number, { end: number; regs: string[] }>();

  // Bodies first: a registration that ends where a body ends must follow the body's closing text.
  sites.forEach((s, i) => {
    const fn = s.fn.node;
    const ours = new Set(s.directives.map((d) => d.start));
    // Other directives ("use strict") move to the shell, where they govern `this` and the parameters.
    const kept: string[] = [];
    for (const d of fn.prologue) {
      if (!ours.has(d.litStart)) kept.push(d.raw + ';');
      removeStatement(ms, source, d.start, d.end);
    }
    const [before, after] = shellReturn(s, siteVars[i], emit, bodyArrow(s, '\0')).split('\0');
    ms.appendLeft(s.fn.body.start, '{ ' + kept.map((k) => k + ' ').join('') + before);
    ms.appendLeft(s.fn.body.end, after + ' }');
  });

  sites.forEach((s) => {
    const r = s.fn.node.register;
    const call = (target: string, key?: string) => registerCall(emit, target, s.id, key);
    switch (r.how) {
      case 'hoist': {
        let name = r.name;
        if (name === null && r.namePos !== undefined) {
          name = uid(DEFAULT_NAME);
          ms.appendLeft(r.namePos, (/\s/.test(source[r.namePos - 1]) ? '' : ' ') + name);
        }
        if (r.at === 'program') header.push(call(name!) + ';');
        else ms.prependRight(r.at, ' ' + call(name!) + ';');
        return;
      }
      case 'after':
        ms.appendLeft(r.at, (source[r.at - 1] === ';' ? ' ' : '; ') + call(r.name) + ';');
        return;
      case 'class': {
        const list = classes.get(r.brace) ?? [];
        list.push(call(r.target, r.key) + ';');
        classes.set(r.brace, list);
        return;
      }
      case 'object': {
        const entry = objects.get(r.start) ?? { end: r.end, regs: [] };
        entry.regs.push(`, ${JSON.stringify(s.id)}, ${JSON.stringify(r.key)})`);
        objects.set(r.start, entry);
        return;
      }
      case 'wrap':
        ms.prependRight(s.fn.node.start, emit.register + '(');
        ms.appendLeft(s.fn.node.end, `, ${JSON.stringify(s.id)})`);
        return;
    }
  });

  // Classes with cached methods: one static block, first in the class body (methods exist by then).
  for (const [brace, calls] of classes) ms.appendLeft(brace + 1, ` static { ${calls.join(' ')} }`);
  // Objects with cached methods: `_register(_register({ a() {…}, b() {…} }, "id#a", "a"), "id#b", "b")`.
  for (const [start, { end, regs }] of objects) {
    ms.prependRight(start, (emit.register + '(').repeat(regs.length));
    ms.appendLeft(end, regs.join(''));
  }

  const runtime = JSON.stringify(o.runtime);
  const head = o.esm ? `import { ${imports.join(', ')} } from ${runtime};` : `var ${ns} = require(${runtime});`;
  ms.prependRight(o.headerAt, [head, `var ${siteVars.join(', ')};`, ...header].join(' ') + ' ');
};
