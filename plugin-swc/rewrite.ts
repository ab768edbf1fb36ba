// SWC adapter, part 2: carries out the core's edit plan as text edits
// (magic-string), so everything outside the rewritten bodies stays as written
// and every original line keeps its number: inserted code never adds a line break.
// All inserted text is the core's (core/emit.ts).
import type MagicString from 'magic-string';
import { shellText, registerCall, registerWrap, staticBlock, type FilePlan } from '../core/emit.js';
import type { Site } from '../core/analyze/index.js';
import type { SwcFunction } from './facts.js';

/** Removes a statement, and the indentation before it, leaving its line (empty) in place. */
function removeStatement(ms: MagicString, source: string, start: number, end: number) {
  let k = start;
  while (k > 0 && (source[k - 1] === ' ' || source[k - 1] === '\t')) k--;
  ms.remove(k, end);
}

/** Applies the plan; `headerAt` is where the file's header goes (after its directives and hashbang). */
export function rewrite(ms: MagicString, source: string, sites: Site<SwcFunction>[], plan: FilePlan, headerAt: number): void {
  const { names } = plan;
  const hoisted: string[] = [];
  const classes = new Map<number, string[]>();
  const objects = new Map<number, { end: number; opener: string; closers: string[] }>();

  // Bodies first: a registration that ends where a body ends must follow the body's closing text.
  sites.forEach((s, i) => {
    for (const d of s.fn.node.prologue) removeStatement(ms, source, d.start, d.end);
    const [before, after] = shellText(s, plan.siteVars[i], names);
    ms.appendLeft(s.fn.body.start, before);
    ms.appendLeft(s.fn.body.end, after);
  });

  for (const s of sites) {
    const r = s.registration;
    const at = s.fn.node.anchors;
    switch (r.how) {
      case 'hoist': {
        let name = r.name;
        if (name === null) {
          name = plan.defaultName();
          ms.appendLeft(at.namePos!, (/\s/.test(source[at.namePos! - 1]) ? '' : ' ') + name);
        }
        const call = registerCall(names, name, s.id) + ';';
        if (r.at === 'program') hoisted.push(call);
        else if (r.at === 'block') ms.prependRight(at.blockStart!, ' ' + call);
        else ms.appendLeft(at.statementEnd!, ' ' + call);
        break;
      }
      case 'after': {
        const end = at.statementEnd!;
        ms.appendLeft(end, (source[end - 1] === ';' ? ' ' : '; ') + registerCall(names, r.name, s.id) + ';');
        break;
      }
      case 'class': {
        const list = classes.get(at.classBrace!) ?? [];
        list.push(registerCall(names, r.target, s.id, r.key));
        classes.set(at.classBrace!, list);
        break;
      }
      case 'object': {
        const [opener, closer] = registerWrap(names, s.id, r.key);
        const entry = objects.get(at.object!.start) ?? { end: at.object!.end, opener, closers: [] };
        entry.closers.push(closer);
        objects.set(at.object!.start, entry);
        break;
      }
      case 'wrap': {
        const [open, close] = registerWrap(names, s.id, undefined, r.name);
        ms.prependRight(s.fn.node.start, open);
        ms.appendLeft(s.fn.node.end, close);
        break;
      }
    }
  }

  for (const [brace, calls] of classes) ms.appendLeft(brace + 1, ' ' + staticBlock(calls));
  // Objects with cached methods: `_register(_register({ a() {…}, b() {…} }, "id#a", "a"), "id#b", "b")`.
  for (const [start, { end, opener, closers }] of objects) {
    ms.prependRight(start, opener.repeat(closers.length));
    ms.appendLeft(end, closers.join(''));
  }
  ms.prependRight(headerAt, [plan.header, ...hoisted].join(' ') + ' ');
}
