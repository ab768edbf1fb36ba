// Babel adapter, part 2: carries out the core's edit plan on the Babel AST.
// Every statement is the core's text (core/emit.ts), parsed with Babel's template.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { shellReturn, registerCall, named, type FilePlan } from '../core/emit.js';
import type { Site } from '../core/analyze/index.js';
import type { BabelFunction } from './facts.js';

type Path = any;
type Node = any;

/** Rewrites `sites` (from the core's analysis of this program) in place. */
export function rewrite(api: any, program: Path, sites: Site<BabelFunction>[], plan: FilePlan): void {
  const t = api.types;
  const template = api.template;
  const options = { syntacticPlaceholders: true, sourceType: 'module' };
  const stmt = (code: string, repl?: Record<string, Node>) => template.statement(code, options)(repl ?? {});
  const expr = (code: string, repl?: Record<string, Node>) => template.expression(code, options)(repl ?? {});
  const { names } = plan;
  const siteVars = new Map(sites.map((s, i) => [s, plan.siteVars[i]]));
  const hoisted: Node[] = [];
  const objects = new Map<Node, { path: Path; regs: { id: string; key: string }[] }>();
  const classes = new Map<Node, { path: Path; calls: Node[] }>();

  // Innermost sites first: an outer site's body then carries its rewritten inner functions along.
  for (const s of [...sites].sort((a, b) => b.fn.body.start - a.fn.body.start)) {
    const fn: Path = s.fn.node.path;
    const node = fn.node;
    const kept = new Set(s.kept.map((d) => d.start));
    const directives = node.body.directives.filter((d: Node) => kept.has(d.value.start));
    node.body.directives = [];
    const arrow = t.arrowFunctionExpression([], node.body, !!node.async);
    fn.get('body').replaceWith(t.blockStatement([stmt(shellReturn(s, siteVars.get(s)!, names, '%%body%%'), { body: arrow })], directives));
    register(s);
  }

  function register(s: Site<BabelFunction>) {
    const { path: fn, statement, owner } = s.fn.node;
    const r = s.registration;
    switch (r.how) {
      case 'hoist': {
        if (r.name === null) fn.node.id = t.identifier(plan.defaultName()); // `export default function () {}`
        const call = stmt(registerCall(names, fn.node.id.name, s.id) + ';');
        if (r.at === 'program') hoisted.push(call);
        else if (r.at === 'block') statement.parentPath.unshiftContainer('body', call);
        else statement.insertAfter(call);
        return;
      }
      case 'after':
        statement.insertAfter(stmt(registerCall(names, r.name, s.id) + ';'));
        return;
      case 'class': {
        const entry = classes.get(owner.node) ?? { path: owner, calls: [] };
        entry.calls.unshift(stmt(registerCall(names, r.target, s.id, r.key) + ';'));
        classes.set(owner.node, entry);
        return;
      }
      case 'object': {
        const entry = objects.get(owner.node) ?? { path: owner, regs: [] };
        entry.regs.push({ id: s.id, key: r.key });
        objects.set(owner.node, entry);
        return;
      }
      case 'wrap':
        fn.replaceWith(expr(registerCall(names, named('%%fn%%', r.name), s.id), { fn: fn.node }));
        fn.skip();
        return;
    }
  }

  // Objects with cached methods: `_register(_register({ a() {…}, b() {…} }, "id#a", "a"), "id#b", "b")`, in source order.
  for (const { path, regs } of [...objects.values()].reverse()) {
    let e: Node = path.node;
    for (const { id, key } of regs.reverse()) e = expr(registerCall(names, '%%obj%%', id, key), { obj: e });
    path.replaceWith(e);
    path.skip();
  }
  // Classes with cached methods: one static block, first in the class body (methods exist by then).
  for (const { path, calls } of classes.values()) path.get('body').unshiftContainer('body', t.staticBlock(calls));

  if (plan.format === 'module') program.node.sourceType = 'module';
  program.node.body.unshift(...template.statements(plan.header, options)(), ...hoisted.reverse());
  // Later plugins (TypeScript's import elision among them) read bindings and references: recount them.
  program.scope.crawl();
}
