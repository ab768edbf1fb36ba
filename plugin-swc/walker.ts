// SWC adapter: one walk over @swc/core's AST. It declares every binding in its
// scope (scopes.ts), records every referenced identifier, every `this`,
// `arguments` and JSX with the function boundaries around it, the prologue and
// placement of every function whose prologue holds a candidate directive, and
// stray directive strings. What it must see is what plugin-babel/facts.ts reads
// from Babel for the same source; where Babel's rules are unusual, the comment says so.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { isTypeOnlyNode } from '../core/typescript.js';
import type { Boundary, CollectContext, DirectiveFact, Naming, Range, StrayFact, UseFact } from '../core/analyze/index.js';
import { Scope, References, Role, type Declaration } from './scopes.js';
import { placementReader, isDirective, up, METHOD_TYPES, CLASS_TYPES, WRAPPERS, type Anchors } from './placement.js';
import type { Offsets } from './offsets.js';

type Node = any;

/** One function as the rewrite sees it (UTF-16 positions). */
export interface SwcFunction {
  start: number;
  end: number;
  anchors: Anchors;
  /** The body's prologue statements (directives), with their statement ranges. */
  prologue: { start: number; end: number; litStart: number; raw: string }[];
}

/** What the walk keeps of a function whose prologue holds a candidate directive. */
export interface DirectiveFunction {
  handle: SwcFunction;
  prologue: DirectiveFact[];
  /** `export default function …`: a declaration. */
  exportDefault: boolean;
  uses: UseFact[];
  vars: (Range & { name: string })[];
}

export interface FnRecord {
  /** The function node; null once facts.ts has read the facts. */
  node: Node;
  arrow: boolean;
  naming: Naming;
  /** The enclosing function, across class bodies. */
  parent: FnRecord | null;
  /** Its own scope: parameters and body. */
  scope: Scope;
  directive?: DirectiveFunction;
}

/** The chain of enclosing functions, class field initializers and static blocks, innermost first. */
interface Context {
  /** The function (null for a field initializer or static block). */
  fn: FnRecord | null;
  boundary: Boundary;
  parent: Context | null;
}

export interface Walk {
  /** Every function with a body, in the order the walk entered them. */
  records: FnRecord[];
  references: References<Context | null>;
  strays: StrayFact[];
  /** The program's own scope. */
  programScope: Scope;
}

/** Fields that hold types, never values. */
const TYPE_FIELDS = new Set(['typeAnnotation', 'typeParameters', 'typeParams', 'returnType', 'typeArguments', 'superTypeParams', 'implements', 'thisParam']);

/** Node fields the generic walk never enters (positions, names that are not references). */
const SKIP_FIELDS = new Set(['span', 'ctxt', 'label', 'imported', 'exported', 'thisSpan', 'rest', 'spread']);

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', ...METHOD_TYPES]);

/** The function part of a function-like node: params, body, async, generator. */
export function fnPart(n: Node): Node {
  return n.function ?? n;
}

/** Babel's `isCompatTag`: lowercase JSX tags are strings, not variables. */
const isCompatTag = (name: string) => /^[a-z]/.test(name);

/** Babel's ranges of a pattern include its type annotation, and a rest element's its `...`; SWC's do not always. */
export function patternRange(p: Node): { start: number; end: number } {
  const end = p.typeAnnotation?.span ? Math.max(p.span.end, p.typeAnnotation.span.end) : p.span.end;
  // An arrow's rest parameter is ranged from its name; Babel's (and a function's `Parameter`) from the `...`.
  const start = p.type === 'RestElement' && p.rest ? Math.min(p.rest.start, p.span.start) : p.span.start;
  return { start, end };
}

/** Walks one parsed file. `pos` converts SWC positions to UTF-16 indices of `source`. */
export function walk(program: Node, source: string, pos: Offsets, ctx_: CollectContext): Walk {
  const strays: StrayFact[] = [];
  const range = (span: { start: number; end: number }): Range => ({ start: pos(span.start), end: pos(span.end) });
  const text = (span: { start: number; end: number }) => source.slice(pos(span.start), pos(span.end));
  const patRange = (p: Node): Range => range(patternRange(p));

  const references = new References<Context | null>();
  const anc: Node[] = [];
  const { placement, naming } = placementReader(anc, source, pos);
  let scope = new Scope(null, false, true);
  let ctx: Context | null = null;
  let currentFn: FnRecord | null = null;
  const records: FnRecord[] = [];

  /** A use goes to every directive function around it, with the boundaries in between. */
  const use = (what: UseFact['what'], at: number, c: Context | null = ctx) => {
    const between: Boundary[] = [];
    for (; c; c = c.parent) {
      c.fn?.directive?.uses.push({ what, at, within: [...between] });
      between.push(c.boundary);
    }
  };

  /** Runs `f` with the statement list `list` (a function body, a static block's block) on the ancestor stack, where placements look for it. */
  const inList = (list: Node, f: () => void) => {
    anc.push(list);
    f();
    anc.pop();
  };

  /** Runs `f` inside a field initializer or static block: a boundary that is not a function. */
  const within = (boundary: Boundary, f: () => void) => {
    const saved = ctx;
    ctx = { fn: null, boundary, parent: ctx };
    f();
    ctx = saved;
  };

  const ref = (id: Node, role: number = Role.read) => references.add(id.span.start, id.value, scope, ctx, role, ctx === null ? (anc[1]?.span ?? null) : null);
  /**
   * Is the value of the expression at `anc[i]` thrown away (a statement of its
   * own, a `for` update, not the last of a sequence, `void`)? Then an update
   * or compound assignment there only writes its variable: nothing it reads flows anywhere else.
   */
  const discarded = (i: number): boolean => {
    const j = up(anc, i);
    const p = anc[j];
    const child = anc[j + 1];
    if (p.type === 'ExpressionStatement') return true;
    if (p.type === 'ForStatement') return p.update === child;
    if (p.type === 'UnaryExpression') return p.operator === 'void';
    if (p.type === 'SequenceExpression') return p.expressions[p.expressions.length - 1] !== child || discarded(j);
    return false;
  };

  /**
   * A member written by an assignment, update or `delete` whose value is
   * thrown away (`calls.n++;`, `cfg.mode = m;`): the variable at its root is
   * written through, not read; computed keys and other roots are read.
   */
  const writeThrough = (target: Node) => {
    markRoot(target, Role.memberWrite);
    const parts = (e: Node): void => {
      if (!e || e.type === 'Identifier') return;
      if (e.type === 'MemberExpression') {
        if (e.property.type === 'Computed') visit(e.property.expression);
        parts(e.object);
      } else if (WRAPPERS.has(e.type)) {
        parts(e.expression);
      } else {
        visit(e);
      }
    };
    parts(target);
  };

  /** A member target or callee (`x.a.b = …`, `x.a.m()`): the variable at its root, if any, is marked with `role`. */
  const markRoot = (e: Node, role: number) => {
    let member = false;
    for (let n = e; n; ) {
      if (n.type === 'Identifier') { if (member) ref(n, role); return; }
      if (n.type === 'MemberExpression') { member = true; n = n.object; }
      else if (n.type === 'OptionalChainingExpression') n = n.base;
      else if (WRAPPERS.has(n.type)) n = n.expression;
      else return;
    }
  };
  const evalCalls: { scope: Scope; ctx: Context | null; at: number }[] = [];

  const bind = (target: Scope, id: Node, kind: string, extra: Partial<Declaration> = {}) => {
    target.declare({ name: id.value, start: id.span.start, end: id.span.end, kind, unit: extra.unit, source: extra.source, imported: extra.imported, init: extra.init });
  };

  /** Declares the names of a binding pattern; default values and computed keys are expressions. */
  const declarePattern = (p: Node, target: Scope, kind: string, extra: Partial<Declaration> = {}): void => {
    if (!p) return;
    switch (p.type) {
      case 'Identifier': bind(target, p, kind, extra); return;
      case 'ObjectPattern':
        for (const prop of p.properties) {
          if (prop.type === 'KeyValuePatternProperty') { if (prop.key.type === 'Computed') visit(prop.key.expression); declarePattern(prop.value, target, kind, extra); }
          else if (prop.type === 'AssignmentPatternProperty') { bind(target, prop.key, kind, extra); visit(prop.value); }
          else if (prop.type === 'RestElement') declarePattern(prop.argument, target, kind, extra);
        }
        return;
      case 'ArrayPattern': for (const e of p.elements) declarePattern(e, target, kind, extra); return;
      case 'AssignmentPattern': declarePattern(p.left, target, kind, extra); visit(p.right); return;
      case 'RestElement': declarePattern(p.argument, target, kind, extra); return;
      case 'Parameter': declarePattern(p.pat, target, kind, extra); return;
      case 'TsParameterProperty': visitAll(p.decorators); declarePattern(p.param, target, kind, extra); return;
      default: visit(p);
    }
  };

  /** An assignment target: plain names are written, not read (Babel's `isReferenced`); members are written; everything inside them that is read is. */
  const assignTarget = (p: Node): void => {
    if (!p) return;
    switch (p.type) {
      case 'Identifier': ref(p, Role.write); return;
      case 'ObjectPattern':
        for (const prop of p.properties) {
          if (prop.type === 'KeyValuePatternProperty') { if (prop.key.type === 'Computed') visit(prop.key.expression); assignTarget(prop.value); }
          else if (prop.type === 'AssignmentPatternProperty') { ref(prop.key, Role.write); visit(prop.value); }
          else if (prop.type === 'RestElement') assignTarget(prop.argument);
        }
        return;
      case 'ArrayPattern': for (const e of p.elements) assignTarget(e); return;
      case 'AssignmentPattern': assignTarget(p.left); visit(p.right); return;
      case 'RestElement': assignTarget(p.argument); return;
      case 'ParenthesisExpression': assignTarget(p.expression); return;
      default:
        if (wrappedIdentifier(p)) { ref(wrappedIdentifier(p), Role.read | Role.write); return; }
        markRoot(p, Role.memberWrite);
        visit(p);
    }
  };

  const visitAll = (list: Node[] | null | undefined) => {
    if (list) for (const n of list) visit(n);
  };

  /** Generic walk: every field that can hold a value. */
  const children = (n: Node) => {
    for (const k in n) {
      if (SKIP_FIELDS.has(k) || TYPE_FIELDS.has(k)) continue;
      const v = n[k];
      if (v === null || typeof v !== 'object') continue;
      if (k === 'key' || k === 'property') {
        if (v.type === 'Computed') visit(v.expression);
        continue;
      }
      if (Array.isArray(v)) visitAll(v);
      else visit(v);
    }
  };

  const withScope = (s: Scope, f: () => void) => {
    const saved = scope;
    scope = s;
    f();
    scope = saved;
  };

  /** Statements of a list: prologue strings are directives (function bodies, the program); other string statements are strays. */
  const statements = (list: Node[], where: 'body' | 'file' | null, prologue: boolean) => {
    let inPrologue = prologue;
    for (const st of list) {
      if (inPrologue && isDirective(st)) {
        if (where === 'file') {
          const raw: string = st.expression.raw ?? text(st.expression.span);
          if (ctx_.isCandidate(raw.slice(1, -1))) strays.push({ value: raw.slice(1, -1), raw, ...range(st.expression.span), where });
        }
        continue;
      }
      inPrologue = false;
      if (where && st.type === 'ExpressionStatement') {
        let e = st.expression;
        const start = e.span.start;
        while (e.type === 'ParenthesisExpression') e = e.expression;
        if (e.type === 'StringLiteral') {
          if (ctx_.isCandidate(e.value)) strays.push({ value: e.value, raw: text(e.span), start: pos(start), end: pos(e.span.end), where });
        }
      }
      visit(st);
    }
  };

  /** The function at the top of the stack, when its prologue holds a string that is ours or looks like ours. */
  const directiveFunction = (n: Node, stmts: Node[]): DirectiveFunction | undefined => {
    const prologue: SwcFunction['prologue'] = [];
    for (const st of stmts) {
      if (!isDirective(st)) break;
      const lit = st.expression;
      const raw: string = lit.raw ?? text(lit.span);
      prologue.push({ ...range(st.span), litStart: pos(lit.span.start), raw });
    }
    const directives: DirectiveFact[] = prologue.map((d) => ({ value: d.raw.slice(1, -1), raw: d.raw, start: d.litStart, end: d.litStart + d.raw.length }));
    if (!directives.some((d) => ctx_.isCandidate(d.value))) return undefined;
    const i = anc.length - 1;
    return {
      handle: { ...range(n.span), anchors: placement(i, true).anchors, prologue },
      prologue: directives,
      exportDefault: anc[up(anc, i)]?.type === 'ExportDefaultDeclaration',
      uses: [],
      vars: [],
    };
  };

  const fnNode = (n: Node, declaration = false) => {
    const f = fnPart(n);
    if (!f.body) { // overloads, `declare function`, abstract methods: types only (Babel: TSDeclareFunction/Method)
      return;
    }
    // Method keys and decorators are evaluated outside the function.
    if (METHOD_TYPES.has(n.type) && n.key.type === 'Computed') visit(n.key.expression);
    visitAll(f.decorators);
    // So are the decorators of its parameters (TypeScript's), at class definition.
    for (const p of f.params ?? []) visitAll(p.decorators);
    const own_ = new Scope(scope, true, true, n.type !== 'ArrowFunctionExpression');
    const rec: FnRecord = {
      node: n, arrow: n.type === 'ArrowFunctionExpression', naming: naming(anc.length - 1), parent: currentFn, scope: own_,
    };
    records.push(rec);
    const savedCtx = ctx;
    const savedFn = currentFn;
    ctx = { fn: rec, boundary: rec.arrow ? 'arrow' : 'function', parent: ctx };
    currentFn = rec;
    // The prologue first: uses in the parameters (defaults) belong to the function too.
    const block = f.body.type === 'FunctionBody' || f.body.type === 'BlockStatement';
    if (block) rec.directive = directiveFunction(n, f.body.stmts);
    withScope(own_, () => {
      if (n.type === 'FunctionExpression' && n.identifier && !declaration) {
        bind(own_, n.identifier, 'local', { unit: n.span });
      }
      const params: Node[] = f.params ?? (n.param ? [n.param] : []);
      for (const p of params) declarePattern(p, own_, 'param');
      if (block) inList(f.body, () => statements(f.body.stmts, 'body', true));
      else visit(f.body);
    });
    ctx = savedCtx;
    currentFn = savedFn;
  };

  const classNode = (n: Node) => {
    if (n.declare) return;
    visitAll(n.decorators);
    const own = new Scope(scope, false, false);
    withScope(own, () => {
      if (n.type === 'ClassExpression' && n.identifier && anc[up(anc, anc.length - 1)]?.type !== 'ExportDefaultDeclaration') {
        bind(own, n.identifier, 'local', { unit: n.span });
      }
      if (n.superClass) visit(n.superClass);
      visitAll(n.body);
    });
  };

  const varDeclaration = (n: Node) => {
    const target = n.kind === 'var' ? scope.varScope() : scope;
    for (const d of n.declarations) {
      const value = unparen(d.init);
      const init: Declaration['init'] = d.id.type !== 'Identifier' || !value ? null
        : value.type === 'FunctionExpression' || value.type === 'ArrowFunctionExpression' ? 'function'
        : value.type === 'ClassExpression' ? 'class' : null;
      anc.push(d);
      declarePattern(d.id, target, n.kind, { unit: d.span, init });
      // The function's own `var`s (a static block or namespace in it has its own).
      const own = n.kind === 'var' && currentFn?.scope === target ? currentFn.directive : undefined;
      if (own) for (const id of patternIdentifiers(d.id)) own.vars.push({ name: id.value, ...patRange(d.id) });
      if (d.init) visit(d.init);
      anc.pop();
    }
  };

  function visit(n: Node): void {
    if (!n || typeof n !== 'object') return;
    const t: string | undefined = n.type;
    if (t === undefined) { children(n); return; } // ExprOrSpread and other untyped wrappers
    if (isTypeOnlyNode(t)) return;
    anc.push(n);
    try {
      node(n, t);
    } finally {
      anc.pop();
    }
  }

  function node(n: Node, t: string): void {
    if (FUNCTION_TYPES.has(t)) {
      if (t === 'FunctionDeclaration' && !n.declare && n.body) bind(scope, n.identifier, 'function', { unit: n.span });
      if (t === 'FunctionExpression' && n.identifier && anc[up(anc, anc.length - 1)]?.type === 'ExportDefaultDeclaration') {
        bind(scope, n.identifier, 'function', { unit: n.span });
        fnNode(n, true); // a named default export is a declaration: its name is not local
        return;
      }
      fnNode(n);
      return;
    }
    if (CLASS_TYPES.has(t)) {
      const exportDefault = anc[up(anc, anc.length - 1)]?.type === 'ExportDefaultDeclaration';
      if ((t === 'ClassDeclaration' || exportDefault) && n.identifier && !n.declare) bind(scope, n.identifier, 'class', { unit: n.span });
      classNode(n);
      return;
    }
    switch (t) {
      case 'Identifier': ref(n); return;
      case 'ThisExpression': case 'Super': use('this', pos(n.span.start)); return;
      case 'JSXElement': case 'JSXFragment': use('jsx', pos(n.span.start)); children(n); return;
      case 'JSXOpeningElement': case 'JSXClosingElement': jsxName(n.name); visitAll(n.attributes); return;
      case 'JSXAttribute': visit(n.value); return;
      case 'JSXMemberExpression': case 'JSXNamespacedName': jsxName(n); return;
      case 'PrivateName': case 'MetaProperty': case 'Import': return;
      case 'Module': case 'Script': statements(n.body, 'file', true); return;
      case 'ImportDeclaration': importDeclaration(n); return;
      case 'ExportNamedDeclaration': if (!n.source) for (const s of n.specifiers) if (s.type === 'ExportSpecifier' && s.orig.type === 'Identifier') ref(s.orig); return;
      case 'ExportAllDeclaration': return;
      case 'VariableDeclaration': varDeclaration(n); return;
      case 'UsingDeclaration': varDeclaration({ ...n, kind: n.isAwait ? 'await using' : 'using', declarations: n.decls }); return;
      case 'AssignmentExpression':
        // `x += 1`, `x ||= y` read `x` when their value is used (Babel does not count them: its adapter adds them too).
        if (n.operator !== '=' && unparen(n.left).type === 'Identifier') ref(unparen(n.left), discarded(anc.length - 1) ? Role.write : Role.read | Role.write);
        else if (wrappedIdentifier(n.left)) ref(wrappedIdentifier(n.left), Role.read | Role.write); // `n! = v`: Babel reads `n` there too
        else if (isMemberTarget(n.left) && discarded(anc.length - 1)) writeThrough(n.left);
        else if (n.operator === '=') assignTarget(n.left);
        else { markRoot(n.left, Role.memberWrite); visit(n.left); }
        visit(n.right);
        return;
      case 'BlockStatement': withScope(new Scope(scope, false, false), () => statements(n.stmts, 'body', false)); return;
      case 'StaticBlock': within('static-block', () => withScope(new Scope(scope, false, true), () => inList(n.body, () => statements(n.body.stmts, 'body', false)))); return;
      case 'SwitchCase': visit(n.test); statements(n.consequent, 'body', false); return;
      case 'ForStatement': case 'ForInStatement': case 'ForOfStatement': case 'SwitchStatement':
        withScope(new Scope(scope, false, false), () => {
          // Babel quirk kept for parity: `for (x of y)` counts `x` as read. Each iteration writes the names the head declares.
          if (t !== 'ForStatement' && t !== 'SwitchStatement' && n.left.type !== 'VariableDeclaration' && n.left.type !== 'Identifier') assignTarget(n.left);
          else if (t !== 'ForStatement' && t !== 'SwitchStatement' && n.left.type === 'Identifier') ref(n.left, Role.read | Role.write);
          else if (t !== 'ForStatement' && t !== 'SwitchStatement') {
            visit(n.left);
            for (const d of n.left.declarations) for (const id of patternIdentifiers(d.id)) ref(id, Role.write);
          }
          if (t === 'ForStatement') { visit(n.init); visit(n.test); visit(n.update); }
          if (t === 'SwitchStatement') { visit(n.discriminant); visitAll(n.cases); return; }
          if (t !== 'ForStatement') visit(n.right);
          visit(n.body);
        });
        return;
      case 'CatchClause':
        withScope(new Scope(scope, false, false), () => {
          declarePattern(n.param, scope, 'catch', { kind: 'catch' });
          statements(n.body.stmts, 'body', false);
        });
        return;
      case 'TsModuleDeclaration': case 'TsNamespaceDeclaration':
        // Namespaces and enums are code the function depends on: hashed as units (Babel binds neither; its adapter adds them too).
        if (t === 'TsModuleDeclaration' && n.id.type === 'Identifier' && !n.declare && !n.global) bind(scope, n.id, 'namespace', { unit: n.span });
        if (n.body) visit(n.body);
        return;
      case 'TsModuleBlock': withScope(new Scope(scope, false, true), () => visitAll(n.body)); return;
      case 'TsEnumDeclaration':
        if (!n.declare) bind(scope, n.id, 'enum', { unit: n.span });
        for (const m of n.members) visit(m.init);
        return;
      case 'TsImportEqualsDeclaration':
        // `import x = require("m")` imports; `import V = N.v` is an alias: code that reads `N`.
        if (n.moduleRef.type === 'TsExternalModuleReference') bind(scope, n.id, 'import', { source: n.moduleRef.expression.value, imported: '=' });
        else {
          bind(scope, n.id, 'alias', { unit: n.span });
          let e = n.moduleRef;
          while (e.type === 'TsQualifiedName') e = e.left;
          if (e.type === 'Identifier') ref(e);
        }
        return;
      case 'ClassProperty': case 'PrivateProperty': case 'AutoAccessor':
        if (n.key.type === 'Computed') visit(n.key.expression);
        visitAll(n.decorators);
        // Field initializers run per instance with the class's `this`.
        if (n.value) within('class-field', () => visit(n.value));
        return;
      case 'KeyValueProperty': if (n.key.type === 'Computed') visit(n.key.expression); visit(n.value); return;
      case 'CallExpression':
        // A direct eval, unless something named `eval` is declared (known once the walk is done).
        if (n.callee.type === 'Identifier' && n.callee.value === 'eval') evalCalls.push({ scope, ctx, at: pos(n.callee.span.start) });
        markRoot(n.callee, Role.methodCall);
        break;
      case 'UpdateExpression':
        if (unparen(n.argument).type === 'Identifier') { ref(unparen(n.argument), discarded(anc.length - 1) ? Role.write : Role.read | Role.write); return; }
        if (wrappedIdentifier(n.argument)) { ref(wrappedIdentifier(n.argument), Role.read | Role.write); return; }
        if (discarded(anc.length - 1)) { writeThrough(n.argument); return; }
        markRoot(n.argument, Role.memberWrite);
        break;
      case 'UnaryExpression':
        if (n.operator === 'delete' && discarded(anc.length - 1)) { writeThrough(n.argument); return; }
        if (n.operator === 'delete') markRoot(n.argument, Role.memberWrite);
        break;
      case 'WithStatement': use('with', pos(n.span.start)); break;
      case 'ExportDefaultDeclaration': visit(n.decl); return;
    }
    children(n);
  }

  /** JSX tag names: uppercase names and member objects are variables; lowercase names are HTML tags. */
  const jsxName = (n: Node): void => {
    if (!n) return;
    if (n.type === 'Identifier') { if (!isCompatTag(n.value)) ref(n); return; }
    if (n.type === 'JSXMemberExpression') {
      if (n.object.type === 'Identifier' && n.object.value === 'this') use('this', pos(n.object.span.start)); // SWC reads `<this.Foo />` as a name
      else if (n.object.type === 'Identifier') ref(n.object);
      else if (n.object.type === 'ThisExpression') use('this', pos(n.object.span.start));
      else jsxName(n.object);
    }
  };

  const importDeclaration = (n: Node) => {
    for (const s of n.specifiers) {
      const typeOnly = n.typeOnly || s.isTypeOnly;
      if (typeOnly) { bind(scope, s.local, 'unknown'); continue; }
      const imported = s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportNamespaceSpecifier' ? '*' : s.imported ? s.imported.value : s.local.value;
      bind(scope, s.local, 'import', { source: n.source.value, imported });
    }
  };

  const programScope = scope;
  visit(program);
  // `arguments` that no declaration binds is the function's own (or an enclosing one's, through arrows).
  references.resolve((name, position, c) => {
    if (name === 'arguments') use('arguments', pos(position), c);
  });
  for (const e of evalCalls) if (!e.scope.lookup('eval')) use('eval', e.at, e.ctx);
  return { records, references, strays, programScope };
}

/** `n!`, `(n as T)`, `n satisfies T`, `<T>n`: the identifier inside TypeScript wrappers (parentheses too), or null. */
function wrappedIdentifier(e: Node): Node | null {
  let wrapped = false;
  while (e && WRAPPERS.has(e.type)) {
    if (e.type !== 'ParenthesisExpression') wrapped = true;
    e = e.expression;
  }
  return wrapped && e?.type === 'Identifier' ? e : null;
}

function unparen(n: Node): Node {
  while (n && n.type === 'ParenthesisExpression') n = n.expression;
  return n;
}

/** `x.a`, `(x.a)`, `x!.a`: a member, past wrappers. */
function isMemberTarget(e: Node): boolean {
  while (e && WRAPPERS.has(e.type)) e = e.expression;
  return e?.type === 'MemberExpression';
}

/** The identifiers a binding pattern declares. */
export function patternIdentifiers(p: Node, out: Node[] = []): Node[] {
  if (!p) return out;
  switch (p.type) {
    case 'Identifier': out.push(p); break;
    case 'ObjectPattern': for (const prop of p.properties) patternIdentifiers(prop.type === 'KeyValuePatternProperty' ? prop.value : prop.type === 'AssignmentPatternProperty' ? prop.key : prop.argument, out); break;
    case 'ArrayPattern': for (const e of p.elements) patternIdentifiers(e, out); break;
    case 'AssignmentPattern': patternIdentifiers(p.left, out); break;
    case 'RestElement': patternIdentifiers(p.argument, out); break;
    case 'Parameter': patternIdentifiers(p.pat, out); break;
    case 'TsParameterProperty': patternIdentifiers(p.param, out); break;
  }
  return out;
}
