// SWC adapter, part 1: one walk over @swc/core's AST collects what the core
// needs (core/analyze/contract.ts `Adapter`): directive functions with their names,
// parameters and flags, declarations in scopes, and every referenced
// identifier, resolved afterwards. It must report exactly what
// plugin-babel/facts.ts reads from Babel for the same source (issue #4); where
// Babel's rules are unusual, the comment says so.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { isTypeOnlyNode } from '../core/typescript.js';
import type { Adapter, BindingFact, Boundary, CollectContext, DirectiveFact, FunctionFacts, MemberKey, Naming, Range, Slot, StatementList, StrayFact, UseFact } from '../core/analyze/index.js';
import { Scope, type Binding } from './scope.js';
import type { Offsets } from './offsets.js';
import { lowerBound } from '../core/search.js';

type Node = any;

/** Where the rewrite puts a registration (UTF-16 positions); which one is used, the core decides (core/registration.ts). */
export interface Anchors {
  /** Just inside the enclosing block, after its `{` and prologue (declarations in a block). */
  blockStart?: number;
  /** The end of the declaring statement (`const f = …;`, a declaration outside a block). */
  statementEnd?: number;
  /** The `{` that opens the owning class's body. */
  classBrace?: number;
  /** The owning object literal. */
  object?: Range;
  /** Where an anonymous `export default function` gets its name: before its `(`. */
  namePos?: number;
}

/** One function as the rewrite sees it (UTF-16 positions). */
export interface SwcFunction {
  start: number;
  end: number;
  anchors: Anchors;
  /** The body's prologue statements (directives), with their statement ranges. */
  prologue: { start: number; end: number; litStart: number; raw: string }[];
}

/** Fields that hold types, never values. */
const TYPE_FIELDS = new Set(['typeAnnotation', 'typeParameters', 'typeParams', 'returnType', 'typeArguments', 'superTypeParams', 'implements', 'thisParam']);

/** Node fields the generic walk never enters (positions, names that are not references). */
const SKIP_FIELDS = new Set(['span', 'ctxt', 'label', 'imported', 'exported', 'thisSpan', 'rest', 'spread']);

/** `import` and `export` statements (TypeScript's `import x = require()` and `export =` are CommonJS). */
const MODULE_DECLARATIONS = new Set(['ImportDeclaration', 'ExportDeclaration', 'ExportNamedDeclaration', 'ExportDefaultDeclaration', 'ExportDefaultExpression', 'ExportAllDeclaration']);

/** Wrappers that leave a value where it stands: parentheses, `as`, `satisfies`, `!`, `<T>x`, `as const`. */
const WRAPPERS = new Set(['ParenthesisExpression', 'TsAsExpression', 'TsSatisfiesExpression', 'TsNonNullExpression', 'TsTypeAssertion', 'TsConstAssertion']);

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassMethod', 'PrivateMethod', 'Constructor', 'MethodProperty', 'GetterProperty', 'SetterProperty']);
const METHOD_TYPES = new Set(['ClassMethod', 'PrivateMethod', 'Constructor', 'MethodProperty', 'GetterProperty', 'SetterProperty']);
const CLASS_TYPES = new Set(['ClassDeclaration', 'ClassExpression']);
const PROGRAM_TYPES = new Set(['Module', 'Script']);
/** Statement lists a registration can be put at the start of (Babel's `unshiftContainer` targets). */
const BLOCK_TYPES = new Set(['BlockStatement', 'FunctionBody', 'TsModuleBlock']);

/** A prologue statement: a bare string (SWC has no separate directive nodes; parenthesized strings are not one). */
export const isDirective = (st: Node): boolean => st.type === 'ExpressionStatement' && st.expression.type === 'StringLiteral';

/** The function part of a function-like node: params, body, async, generator. */
const fnPart = (n: Node): Node => n.function ?? n;

/** Babel's `isCompatTag`: lowercase JSX tags are strings, not variables. */
const isCompatTag = (name: string) => /^[a-z]/.test(name);

interface FnRecord {
  node: Node;
  arrow: boolean;
  naming: Naming;
  /** The enclosing function, across class bodies. */
  parent: FnRecord | null;
  facts?: FunctionFacts<SwcFunction>;
  scope: Scope;
}

/** The chain of enclosing functions, class field initializers and static blocks, innermost first. */
interface Context {
  /** The function (null for a field initializer or static block). */
  fn: FnRecord | null;
  boundary: Boundary;
  parent: Context | null;
}

/** A use as the walk meets it; the functions it is reported for are known once the walk is done. */
interface RawUse {
  what: UseFact['what'];
  at: number;
  ctx: Context | null;
}

export type SwcFacts = Adapter<SwcFunction>;

/** Collects the facts about one parsed file. `pos` converts SWC positions to UTF-16 indices of `source`. */
export function collectFacts(program: Node, source: string, pos: Offsets, filename: string, ctx_: CollectContext): SwcFacts {
  const functions: FunctionFacts<SwcFunction>[] = [];
  const strays: SwcFacts['strays'] = [];
  const range = (span: { start: number; end: number }): Range => ({ start: pos(span.start), end: pos(span.end) });
  const text = (span: { start: number; end: number }) => source.slice(pos(span.start), pos(span.end));
  /** Babel's ranges of a pattern include its type annotation; SWC's do not. */
  const patRange = (p: Node): Range => {
    const end = p.typeAnnotation?.span ? Math.max(p.span.end, p.typeAnnotation.span.end) : p.span.end;
    // An arrow's rest parameter is ranged from its name; Babel's (and a function's `Parameter`) from the `...`.
    const start = p.type === 'RestElement' && p.rest ? Math.min(p.rest.start, p.span.start) : p.span.start;
    return range({ start, end });
  };

  // References: byte position, name, scope, function context (for `arguments`).
  const refPos: number[] = [];
  const refName: string[] = [];
  const refScope: Scope[] = [];
  const refCtx: (Context | null)[] = [];

  const anc: Node[] = [];
  let scope = new Scope(null, false, true);
  let ctx: Context | null = null;
  let currentFn: FnRecord | null = null;
  const records: FnRecord[] = [];

  /** Index of the nearest ancestor below `i` that is not a parenthesis (Babel does not keep parentheses). */
  const up = (i: number) => {
    let j = i - 1;
    while (j >= 0 && anc[j].type === 'ParenthesisExpression') j--;
    return j;
  };

  const memberKey = (key: Node): MemberKey => {
    switch (key.type) {
      case 'Computed': return { kind: 'computed', text: text(key.expression.span) };
      case 'Identifier': return { kind: 'identifier', text: key.value };
      case 'PrivateName': return { kind: 'private', text: key.value ?? key.id?.value };
      case 'StringLiteral': return { kind: 'string', text: key.value };
      case 'NumericLiteral': return { kind: 'number', text: String(key.value) };
      case 'BigIntLiteral': return { kind: 'bigint', text: text(key.span).replace(/n$/, '') };
      default: return { kind: 'other', text: text(key.span) };
    }
  };

  /** Index of the node a value at `i` stands in, past parentheses and TypeScript wrappers (`anc[result + 1]` is the outermost wrapper). */
  const valueParent = (i: number) => {
    let j = i - 1;
    while (j >= 0 && WRAPPERS.has(anc[j].type)) j--;
    return j;
  };

  const listKind = (n: Node): StatementList => (PROGRAM_TYPES.has(n.type) ? 'program' : BLOCK_TYPES.has(n.type) ? 'block' : 'other');

  /** Where the function, class or object literal at `anc[i]` stands; with `withAnchors`, also the positions its registration may use (directive functions only). */
  const placement = (i: number, withAnchors = false): { slot: Slot; anchors: Anchors } => {
    const n = anc[i];
    const j = up(i);
    const p = anc[j];
    if (METHOD_TYPES.has(n.type)) {
      const owner = anc[j];
      const inClass = CLASS_TYPES.has(owner.type);
      const slot: Slot = { kind: 'member', member: 'method', owner: naming(j), ownerKind: inClass ? 'class' : 'object', key: memberKey(n.key), static: !!n.isStatic };
      if (!withAnchors) return { slot, anchors: {} };
      return { slot, anchors: inClass ? { classBrace: classBrace(owner) } : { object: range(owner.span) } };
    }
    const exportDefault = p?.type === 'ExportDefaultDeclaration';
    if (n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration' || (exportDefault && (n.type === 'FunctionExpression' || n.type === 'ClassExpression'))) {
      // The statement list holds the declaration, or the `export` around it.
      const holder = p.type === 'ExportDeclaration' || exportDefault ? up(j) : j;
      const list = anc[holder];
      const kind = listKind(list);
      if (!withAnchors) return { slot: { kind: 'declaration', list: kind, exportDefault }, anchors: {} };
      const anchors: Anchors = kind === 'block' ? { blockStart: blockStart(list) } : { statementEnd: pos(anc[holder + 1].span.end) };
      if (n.type === 'FunctionExpression' && !n.identifier) anchors.namePos = anonymousNamePos(n);
      return { slot: { kind: 'declaration', list: kind, exportDefault }, anchors };
    }
    const v = valueParent(i);
    const q = anc[v];
    const child = anc[v + 1];
    if (q && (q.type === 'KeyValueProperty' || q.type === 'ClassProperty' || q.type === 'PrivateProperty') && q.value === child) {
      const o = up(v);
      const owner = anc[o];
      const inClass = CLASS_TYPES.has(owner.type);
      const slot: Slot = { kind: 'member', member: 'value', owner: naming(o), ownerKind: inClass ? 'class' : 'object', key: memberKey(q.key), static: !!q.isStatic };
      return { slot, anchors: inClass ? {} : { object: range(owner.span) } };
    }
    if (q?.type === 'VariableDeclarator' && q.init === child && q.id.type === 'Identifier') {
      const decl = up(v);
      const holder = anc[up(decl)]?.type === 'ExportDeclaration' ? up(decl) : decl;
      const list = anc[up(holder)];
      return { slot: { kind: 'variable', name: q.id.value, list: list ? listKind(list) : 'other' }, anchors: { statementEnd: pos(anc[holder].span.end) } };
    }
    if (q?.type === 'AssignmentExpression' && q.right === child) {
      const l = q.left;
      if (l.type === 'Identifier') return { slot: { kind: 'assignment', name: l.value }, anchors: {} };
      if (l.type === 'MemberExpression' && l.property.type === 'Identifier') return { slot: { kind: 'assignment', name: l.property.value }, anchors: {} };
    }
    if (q?.type === 'ExportDefaultExpression') return { slot: { kind: 'export-default' }, anchors: {} };
    return { slot: { kind: 'other' }, anchors: {} };
  };

  /** The naming facts of the function, class or object literal at `anc[i]`. */
  function naming(i: number): Naming {
    const n = anc[i];
    return { id: n.identifier?.value ?? null, slot: placement(i).slot };
  }

  const rawUses: RawUse[] = [];
  const use = (what: UseFact['what'], n: Node, c: Context | null = ctx) => void rawUses.push({ what, at: pos(n.span.start), ctx: c });

  /** Runs `f` inside a field initializer or static block: a boundary that is not a function. */
  const within = (boundary: Boundary, f: () => void) => {
    const saved = ctx;
    ctx = { fn: null, boundary, parent: ctx };
    f();
    ctx = saved;
  };

  const ref = (id: Node) => {
    refPos.push(id.span.start);
    refName.push(id.value);
    refScope.push(scope);
    refCtx.push(ctx);
  };

  const bind = (target: Scope, id: Node, kind: string, extra: Partial<Binding> = {}) => {
    target.declare({ name: id.value, start: id.span.start, end: id.span.end, kind, ...extra });
  };

  /** Declares the names of a binding pattern; default values and computed keys are expressions. */
  const declarePattern = (p: Node, target: Scope, kind: string, extra: Partial<Binding> = {}): void => {
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
      case 'Parameter': visitAll(p.decorators); declarePattern(p.pat, target, kind, extra); return;
      case 'TsParameterProperty': visitAll(p.decorators); declarePattern(p.param, target, kind, extra); return;
      default: visit(p);
    }
  };

  /** An assignment target: plain names are not references (Babel's `isReferenced`), everything inside them that is read is. */
  const assignTarget = (p: Node): void => {
    if (!p) return;
    switch (p.type) {
      case 'Identifier': return;
      case 'ObjectPattern':
        for (const prop of p.properties) {
          if (prop.type === 'KeyValuePatternProperty') { if (prop.key.type === 'Computed') visit(prop.key.expression); assignTarget(prop.value); }
          else if (prop.type === 'AssignmentPatternProperty') visit(prop.value);
          else if (prop.type === 'RestElement') assignTarget(prop.argument);
        }
        return;
      case 'ArrayPattern': for (const e of p.elements) assignTarget(e); return;
      case 'AssignmentPattern': assignTarget(p.left); visit(p.right); return;
      case 'RestElement': assignTarget(p.argument); return;
      case 'ParenthesisExpression': assignTarget(p.expression); return;
      default: visit(p);
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

  /** Where a registration for a declaration in the statement list `list` goes: after its `{` and prologue. */
  const blockStart = (list: Node): number => {
    const stmts: Node[] = list.stmts ?? list.body ?? [];
    let at = list.span.start + 1;
    if (list.type === 'FunctionBody') {
      for (const st of stmts) {
        if (!isDirective(st)) break;
        at = st.span.end;
      }
    }
    return pos(at);
  };

  /** Position of the `{` that opens a class body: the first one after the class's header parts. */
  const classBrace = (c: Node): number => {
    let from = c.span.start;
    for (const part of [c.identifier, c.typeParams, c.superClass, c.superTypeParams, ...(c.implements ?? []), ...(c.decorators ?? [])]) {
      if (part?.span) from = Math.max(from, part.span.end);
    }
    let i = pos(from);
    if (!c.identifier && !c.superClass) i = source.indexOf('class', i) + 5;
    return openBrace(source, i);
  };

  /** Where `export default function () {}` gets the name it is registered by: before its `(`. */
  const anonymousNamePos = (n: Node): number => {
    if (n.typeParameters) return pos(n.typeParameters.span.start);
    return source.lastIndexOf('(', pos((n.params[0] ?? n.body).span.start));
  };

  const fnNode = (n: Node, declaration = false) => {
    const f = fnPart(n);
    if (!f.body) { // overloads, `declare function`, abstract methods: types only (Babel: TSDeclareFunction/Method)
      return;
    }
    // Method keys and decorators are evaluated outside the function.
    if (METHOD_TYPES.has(n.type) && n.key.type === 'Computed') visit(n.key.expression);
    visitAll(f.decorators);
    const own_ = new Scope(scope, true, true);
    const rec: FnRecord = {
      node: n, arrow: n.type === 'ArrowFunctionExpression', naming: naming(anc.length - 1), parent: currentFn, scope: own_,
    };
    records.push(rec);
    const savedCtx = ctx;
    const savedFn = currentFn;
    ctx = { fn: rec, boundary: rec.arrow ? 'arrow' : 'function', parent: ctx };
    currentFn = rec;
    withScope(own_, () => {
      if (n.type === 'FunctionExpression' && n.identifier && !declaration) {
        bind(own_, n.identifier, 'local', { unit: n.span });
      }
      const params: Node[] = f.params ?? (n.param ? [n.param] : []);
      for (const p of params) declarePattern(p, own_, 'param');
      // Directives: the body's prologue strings that are ours or look like ours.
      if (f.body.type !== 'FunctionBody' && f.body.type !== 'BlockStatement') {
        visit(f.body);
        return;
      }
      const stmts: Node[] = f.body.stmts;
      const prologue: SwcFunction['prologue'] = [];
      for (const st of stmts) {
        if (!isDirective(st)) break;
        const lit = st.expression;
        const raw: string = lit.raw ?? text(lit.span);
        prologue.push({ ...range(st.span), litStart: pos(lit.span.start), raw });
      }
      const directives: DirectiveFact[] = prologue.map((d) => ({ value: d.raw.slice(1, -1), raw: d.raw, start: d.litStart, end: d.litStart + d.raw.length }));
      if (directives.some((d) => ctx_.isCandidate(d.value))) rec.facts = functionFacts(n, anc.length - 1, rec, directives, prologue);
      statements(stmts, 'body', true);
    });
    ctx = savedCtx;
    currentFn = savedFn;
  };

  const functionFacts = (n: Node, i: number, rec: FnRecord, directives: DirectiveFact[], prologue: SwcFunction['prologue']): FunctionFacts<SwcFunction> => {
    const f = fnPart(n);
    const enclosing: Naming[] = [];
    for (let r = rec.parent; r; r = r.parent) enclosing.unshift(r.naming);
    const params: Node[] = f.params ?? (n.param ? [n.param] : []);
    const p = anc[up(i)];
    const form: FunctionFacts['form'] =
      n.type === 'FunctionDeclaration' || (n.type === 'FunctionExpression' && p?.type === 'ExportDefaultDeclaration') ? 'declaration'
      : n.type === 'FunctionExpression' ? 'expression'
      : n.type === 'ArrowFunctionExpression' ? 'arrow'
      : n.type === 'Constructor' ? 'constructor'
      : n.type === 'GetterProperty' || n.kind === 'getter' ? 'getter'
      : n.type === 'SetterProperty' || n.kind === 'setter' ? 'setter'
      : 'method';
    const paramNames = params.flatMap((q) => patternIdentifiers(q).map((id) => id.value));
    return {
      node: { ...range(n.span), anchors: placement(i, true).anchors, prologue },
      prologue: directives,
      form,
      async: !!f.async,
      generator: !!f.generator,
      naming: rec.naming,
      enclosing,
      params: params.map((q) => (q.type === 'Parameter' || q.type === 'TsParameterProperty' ? range(q.span) : patRange(q))),
      paramNames,
      body: range(f.body.span),
      // Filled in after the walk: the body has not been visited yet.
      uses: [],
      vars: [],
      refs: [],
    };
  };

  const classNode = (n: Node) => {
    if (n.declare) return;
    visitAll(n.decorators);
    const own = new Scope(scope, false, false);
    withScope(own, () => {
      if (n.type === 'ClassExpression' && n.identifier && anc[up(anc.length - 1)]?.type !== 'ExportDefaultDeclaration') {
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
      const init: Binding['init'] = d.id.type !== 'Identifier' || !value ? null
        : value.type === 'FunctionExpression' || value.type === 'ArrowFunctionExpression' ? 'function'
        : value.type === 'ClassExpression' ? 'class' : null;
      anc.push(d);
      declarePattern(d.id, target, n.kind, { unit: d.span, init });
      // The function's own `var`s (a static block or namespace in it has its own).
      const facts = n.kind === 'var' && currentFn?.scope === target ? currentFn.facts : undefined;
      if (facts) for (const id of patternIdentifiers(d.id)) facts.vars.push({ name: id.value, ...patRange(d.id) });
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
      if (t === 'FunctionExpression' && n.identifier && anc[up(anc.length - 1)]?.type === 'ExportDefaultDeclaration') {
        bind(scope, n.identifier, 'function', { unit: n.span });
        fnNode(n, true); // a named default export is a declaration: its name is not local
        return;
      }
      fnNode(n);
      return;
    }
    if (CLASS_TYPES.has(t)) {
      const exportDefault = anc[up(anc.length - 1)]?.type === 'ExportDefaultDeclaration';
      if ((t === 'ClassDeclaration' || exportDefault) && n.identifier && !n.declare) bind(scope, n.identifier, 'class', { unit: n.span });
      classNode(n);
      return;
    }
    switch (t) {
      case 'Identifier': ref(n); return;
      case 'ThisExpression': case 'Super': use('this', n); return;
      case 'JSXElement': case 'JSXFragment': use('jsx', n); children(n); return;
      case 'JSXOpeningElement': case 'JSXClosingElement': jsxName(n.name); visitAll(n.attributes); return;
      case 'JSXAttribute': visit(n.value); return;
      case 'JSXMemberExpression': case 'JSXNamespacedName': jsxName(n); return;
      case 'PrivateName': case 'MetaProperty': case 'Import': return;
      case 'Module': case 'Script': statements(n.body, 'file', true); return;
      case 'ImportDeclaration': importDeclaration(n); return;
      case 'ExportNamedDeclaration': if (!n.source) for (const s of n.specifiers) if (s.type === 'ExportSpecifier' && s.orig.type === 'Identifier') ref(s.orig); return;
      case 'ExportAllDeclaration': return;
      case 'VariableDeclaration': varDeclaration(n); return;
      case 'AssignmentExpression':
        if (n.operator === '=' || n.left.type === 'Identifier') assignTarget(n.left);
        else visit(n.left);
        visit(n.right);
        return;
      case 'BlockStatement': withScope(new Scope(scope, false, false), () => statements(n.stmts, 'body', false)); return;
      case 'StaticBlock': within('static-block', () => withScope(new Scope(scope, false, true), () => statements(n.body.stmts, 'body', false))); return;
      case 'SwitchCase': visit(n.test); statements(n.consequent, 'body', false); return;
      case 'ForStatement': case 'ForInStatement': case 'ForOfStatement': case 'SwitchStatement':
        withScope(new Scope(scope, false, false), () => {
          // Babel quirk kept for parity: `for (x of y)` counts `x` as read.
          if (t !== 'ForStatement' && t !== 'SwitchStatement' && n.left.type !== 'VariableDeclaration' && n.left.type !== 'Identifier') assignTarget(n.left);
          else if (t !== 'ForStatement' && t !== 'SwitchStatement') visit(n.left);
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
      case 'TsImportEqualsDeclaration': bind(scope, n.id, 'unknown'); return;
      case 'ClassProperty': case 'PrivateProperty': case 'AutoAccessor':
        if (n.key.type === 'Computed') visit(n.key.expression);
        visitAll(n.decorators);
        // Field initializers run per instance with the class's `this`.
        if (n.value) within('class-field', () => visit(n.value));
        return;
      case 'KeyValueProperty': if (n.key.type === 'Computed') visit(n.key.expression); visit(n.value); return;
      case 'ExportDefaultDeclaration': visit(n.decl); return;
    }
    children(n);
  }

  /** JSX tag names: uppercase names and member objects are variables; lowercase names are HTML tags. */
  const jsxName = (n: Node): void => {
    if (!n) return;
    if (n.type === 'Identifier') { if (!isCompatTag(n.value)) ref(n); return; }
    if (n.type === 'JSXMemberExpression') {
      if (n.object.type === 'Identifier') ref(n.object);
      else if (n.object.type === 'ThisExpression') use('this', n.object);
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

  visit(program);

  // Resolve every reference now that every declaration (hoisted ones included) is known.
  const order = refPos.map((_, i) => i).sort((a, b) => refPos[a] - refPos[b]);
  const rPos = order.map((i) => refPos[i]);
  const rBinding: (Binding | null)[] = order.map((i) => refScope[i].lookup(refName[i]));
  order.forEach((i, k) => {
    if (refName[i] === 'arguments' && rBinding[k] === null) rawUses.push({ what: 'arguments', at: pos(refPos[i]), ctx: refCtx[i] });
  });
  // Each use goes to every directive function around it, with the boundaries in between.
  for (const u of rawUses) {
    const between: Boundary[] = [];
    for (let c = u.ctx; c; c = c.parent) {
      c.fn?.facts?.uses.push({ what: u.what, at: u.at, within: [...between] });
      between.push(c.boundary);
    }
  }

  const facts = new Map<Binding, BindingFact>();
  const fact = (b: Binding): BindingFact => {
    let f = facts.get(b);
    if (!f) {
      f = { ref: b, name: b.name, scope: b.scope.insideFunction() ? 'function' : 'module', kind: b.kind, unit: b.unit ? range(b.unit) : undefined, source: b.source, imported: b.imported, init: b.init };
      facts.set(b, f);
    }
    return f;
  };

  /** Variables read inside the byte range, declared outside it, in source order. */
  const freeRefs = (start: number, end: number): BindingFact[] => {
    const lo = lowerBound(rPos, start);
    const out: BindingFact[] = [];
    for (let k = lo; k < rPos.length && rPos[k] < end; k++) {
      const b = rBinding[k];
      if (b && !(b.start >= start && b.end <= end)) out.push(fact(b));
    }
    return out;
  };

  for (const rec of records) {
    const f = rec.facts;
    if (!f) continue;
    f.refs = freeRefs(rec.node.span.start, rec.node.span.end);
    functions.push(f);
  }
  functions.sort((a, b) => a.body.start - b.body.start);

  const byNode = new Map(records.filter((r) => r.facts).map((r) => [r.facts!.node, r]));
  const unitRefs = (b: BindingFact): BindingFact[] => {
    const u = (b.ref as Binding).unit;
    return u ? freeRefs(u.start, u.end) : [];
  };
  const lookup = (fn: SwcFunction, name: string): BindingFact | 'local' | null => {
    const rec = byNode.get(fn)!;
    const b = rec.scope.lookup(name);
    if (!b) return null;
    return b.start >= rec.node.span.start && b.end <= rec.node.span.end ? 'local' : fact(b);
  };

  const moduleSyntax = program.type === 'Module' && program.body.some((st: Node) => MODULE_DECLARATIONS.has(st.type));
  return { source, filename, moduleSyntax, functions, strays, unitRefs, lookup };
}

const unparen = (n: Node): Node => {
  while (n && n.type === 'ParenthesisExpression') n = n.expression;
  return n;
};

/** The identifiers a binding pattern declares. */
const patternIdentifiers = (p: Node, out: Node[] = []): Node[] => {
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
};

/** Index of the first `{` at or after `i`, skipping whitespace and comments. */
export const openBrace = (source: string, i: number): number => {
  while (i < source.length) {
    const c = source[i];
    if (c === '{') return i;
    if (c === '/' && source[i + 1] === '/') i = source.indexOf('\n', i) >>> 0;
    else if (c === '/' && source[i + 1] === '*') i = source.indexOf('*/', i) + 2;
    else i++;
  }
  throw new Error('memokit: no class body found');
};
