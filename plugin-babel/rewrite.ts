// Babel adapter, part 2: rewrites each site into the shell of docs/contract.md.
// The statements come from core/emit.ts as text and are parsed with Babel's
// template, so both plugins emit the same calls.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { addNamed, addNamespace } from '@babel/helper-module-imports';
import { shellReturn, registerCall, FACTORY, REGISTER, type EmitNames } from '../core/emit.js';
import type { Site } from '../core/analyze.js';

type Path = any;
type Node = any;

/** Prefix of the module-level variable that holds a site. */
const SITE_VAR = 's';

/** Source text of what addNamed returns: `_memo`, or `_memokit.memo` / `(0, _memokit.memo)` in CommonJS. */
const exprText = (n: Node): string => {
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'MemberExpression') return exprText(n.object) + '.' + exprText(n.property);
  if (n.type === 'SequenceExpression') return '(' + n.expressions.map(exprText).join(', ') + ')';
  if (n.type === 'NumericLiteral') return String(n.value);
  throw new Error('memokit: unexpected import expression ' + n.type);
};

const statementList = (p: Path) => p.isProgram() || p.isBlockStatement() || p.isStaticBlock?.() || p.isTSModuleBlock?.();

/** Rewrites `sites` (from core analyzeSites over this program) in place. */
export const rewrite = (api: any, program: Path, sites: Site<Path>[], runtime: string): void => {
  const t = api.types;
  const template = api.template;
  const stmt = (code: string, repl?: Record<string, Node>) =>
    template.statement(code, { syntacticPlaceholders: true })(repl ?? {});
  const expr = (code: string, repl?: Record<string, Node>) =>
    template.expression(code, { syntacticPlaceholders: true })(repl ?? {});

  const before = new Set(program.node.body);
  const imported = new Map<string, string>();
  // ESM: `import { memo as _memo, … } from "memokit"`; CommonJS: one `var _memokit = require("memokit")`.
  const esm = program.node.sourceType === 'module';
  let namespace = '';
  const runtimeName = (name: string) => {
    if (!esm) return (namespace ||= exprText(addNamespace(program, runtime, { nameHint: 'memokit', importedInterop: 'uncompiled' }))) + '.' + name;
    if (!imported.has(name)) imported.set(name, exprText(addNamed(program, name, runtime, { nameHint: name })));
    return imported.get(name)!;
  };
  const used = new Set(sites.map((s) => s.kind));
  const emit: EmitNames = {
    memo: used.has('memo') ? runtimeName(FACTORY.memo) : '',
    singleton: used.has('singleton') ? runtimeName(FACTORY.singleton) : '',
    register: runtimeName(REGISTER),
  };
  // Statements addNamed put at the top (CommonJS `require`s): our own top-level statements go after them.
  const headerLength = () => {
    const body = program.node.body;
    let i = 0;
    while (i < body.length && (!before.has(body[i]) || body[i].type === 'ImportDeclaration')) i++;
    return i;
  };

  // One module-level `var` per site, numbered in source order.
  const siteVars = new Map(sites.map((s) => [s, program.scope.generateUidIdentifier(SITE_VAR)]));
  const hoisted: Node[] = [];
  const objectRegs = new Map<Node, { path: Path; regs: [string, string][] }>();
  const classRegs = new Map<Node, { path: Path; calls: Node[] }>();

  // Innermost sites first: an outer site's body then carries its rewritten inner functions along.
  for (const s of [...sites].sort((a, b) => b.fn.body.start - a.fn.body.start)) {
    const fn: Path = s.fn.node;
    const node = fn.node;
    // Other directives ("use strict") stay on the shell, where they govern `this` and the parameters.
    const ours = new Set(s.directives.map((d) => d.start));
    const kept = node.body.directives.filter((d: Node) => !ours.has(d.value.start));
    node.body.directives = [];
    const siteVar = siteVars.get(s)!;
    const arrow = t.arrowFunctionExpression([], node.body, !!node.async);
    fn.get('body').replaceWith(t.blockStatement([stmt(shellReturn(s, siteVar.name, emit, '%%body%%'), { body: arrow })], kept));
    register(s, fn);
  }

  function register(s: Site<Path>, fn: Path) {
    const node = fn.node;
    const parent = fn.parentPath;
    const call = (target: string, key?: string) => registerCall(emit, target, s.id, key);
    if (fn.isFunctionDeclaration()) {
      if (!node.id) node.id = program.scope.generateUidIdentifier('default'); // `export default function () {}`
      const decl = parent.isExportDeclaration() ? parent : fn;
      const list = decl.parentPath;
      const st = stmt(call(node.id.name) + ';');
      if (list.isProgram()) hoisted.push(st);
      else if (statementList(list)) list.unshiftContainer('body', st);
      else decl.insertAfter(st);
      return;
    }
    if (fn.isClassMethod()) {
      if (node.computed || node.kind === 'constructor') return; // computed keys are evaluated once only; see docs
      const key = node.key.type === 'Identifier' ? node.key.name : String(node.key.value);
      const entry = classRegs.get(parent.node) ?? { path: parent, calls: [] };
      entry.calls.unshift(stmt(call(node.static ? 'this' : 'this.prototype', key) + ';'));
      classRegs.set(parent.node, entry);
      return;
    }
    if (fn.isClassPrivateMethod()) return; // unreachable from outside the class: nothing to clear by reference
    if (fn.isObjectMethod()) {
      if (node.computed) return;
      const key = node.key.type === 'Identifier' ? node.key.name : String(node.key.value);
      objectReg(parent, key, s.id);
      return;
    }
    // Function and arrow expressions.
    if (parent.isVariableDeclarator() && parent.node.init === node && parent.node.id.type === 'Identifier') {
      const declaration = parent.parentPath;
      const holder = declaration.parentPath.isExportNamedDeclaration() ? declaration.parentPath : declaration;
      if (statementList(holder.parentPath)) {
        holder.insertAfter(stmt(call(parent.node.id.name) + ';'));
        return;
      }
    }
    if (parent.isObjectProperty() && parent.node.value === node && !parent.node.computed) {
      const k = parent.node.key;
      objectReg(parent.parentPath, k.type === 'Identifier' ? k.name : String(k.value), s.id);
      return;
    }
    // Anything else (callbacks, class fields, default exports): wrap the expression itself.
    fn.replaceWith(expr(`${emit.register}(%%fn%%, ${JSON.stringify(s.id)})`, { fn: node }));
    fn.skip();
  }

  function objectReg(obj: Path, key: string, id: string) {
    const entry = objectRegs.get(obj.node) ?? { path: obj, regs: [] };
    entry.regs.push([key, id]);
    objectRegs.set(obj.node, entry);
  }

  // Objects with cached methods: `_register(_register({ a() {…}, b() {…} }, "id#a", "a"), "id#b", "b")`.
  for (const { path, regs } of [...objectRegs.values()].reverse()) {
    let e: Node = path.node;
    for (const [key, id] of regs.reverse()) e = expr(registerCall(emit, '%%obj%%', id, key), { obj: e });
    path.replaceWith(e);
    path.skip();
  }

  // Classes with cached methods: one static block, first in the class body (methods exist by then).
  for (const { path, calls } of classRegs.values()) path.unshiftContainer('body', t.staticBlock(calls));

  const declarators = [...siteVars.values()].map((id) => t.variableDeclarator(id));
  program.node.body.splice(headerLength(), 0, t.variableDeclaration('var', declarators), ...hoisted.reverse());
  // Later plugins (TypeScript's import elision among them) read bindings and references: recount them.
  program.scope.crawl();
};
