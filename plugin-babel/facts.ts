// Babel adapter, part 1: reads the core's facts (core/analyze/contract.ts) from
// Babel's AST and scope tracker. Typed loosely on purpose: the same code runs on
// Babel 7 and Babel 8 paths.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { fileKind } from '../core/files.js';
import { isTypeOnlyNode } from '../core/typescript.js';
import type { Adapter, BindingFact, Boundary, CollectContext, DirectiveFact, ExportFact, FunctionFacts, MemberKey, Naming, Range, Slot, StatementList, StrayFact, UseFact } from '../core/analyze/index.js';

type Path = any;
type Node = any;

/** The rewrite's handle on a function: its path, and the paths its registration needs. */
export interface BabelFunction {
  path: Path;
  /** The statement that declares it (function declarations, `const f = …`), `export` included. */
  statement: Path | null;
  /** The class or object literal it is a member of. */
  owner: Path | null;
}

function range(n: Node): Range {
  return { start: n.start, end: n.end };
}

/** Identifiers inside type annotations name types, not variables. */
function inType(p: Path): boolean {
  for (let q = p.parentPath; q; q = q.parentPath) {
    if (isTypeOnlyNode(q.node.type)) return true;
    if (q.isFunction() || q.isProgram() || q.isStatement()) return false;
  }
  return false;
}

/** The binding names a parameter or declarator pattern introduces, in source order. */
function patternNames(n: Node, out: string[]): string[] {
  if (!n) return out;
  switch (n.type) {
    case 'Identifier': out.push(n.name); break;
    case 'ObjectPattern': for (const p of n.properties) patternNames(p.type === 'RestElement' ? p.argument : p.value, out); break;
    case 'ArrayPattern': for (const e of n.elements) patternNames(e, out); break;
    case 'AssignmentPattern': patternNames(n.left, out); break;
    case 'RestElement': patternNames(n.argument, out); break;
    case 'TSParameterProperty': patternNames(n.parameter, out); break;
  }
  return out;
}

function memberKey(key: Node, computed: boolean, source: string): MemberKey {
  if (computed) return { kind: 'computed', text: source.slice(key.start, key.end) };
  switch (key.type) {
    case 'Identifier': return { kind: 'identifier', text: key.name };
    case 'PrivateName': return { kind: 'private', text: key.id.name };
    case 'StringLiteral': return { kind: 'string', text: key.value };
    case 'NumericLiteral': return { kind: 'number', text: String(key.value) };
    case 'BigIntLiteral': return { kind: 'bigint', text: source.slice(key.start, key.end).replace(/n$/, '') };
  }
  return { kind: 'other', text: source.slice(key.start, key.end) };
}

/** The boundary `p`'s parent puts around it: function parameters and bodies, class field values, static blocks. */
function boundaryOf(p: Path): Boundary | null {
  const parent = p.parentPath;
  if (parent.isFunction()) return p.listKey === 'params' || p.key === 'body' ? (parent.isArrowFunctionExpression() ? 'arrow' : 'function') : null;
  if (parent.isStaticBlock()) return 'static-block';
  if ((parent.isClassProperty() || parent.isClassPrivateProperty() || parent.isClassAccessorProperty()) && p.key === 'value') return 'class-field';
  return null;
}

/** The boundaries between `p` and the function `fn` around it, innermost first. */
function boundariesBetween(p: Path, fn: Path): Boundary[] {
  const out: Boundary[] = [];
  for (let q = p; q.parentPath && q.parentPath !== fn; q = q.parentPath) {
    const b = boundaryOf(q);
    if (b) out.push(b);
  }
  return out;
}

interface RefsState {
  root: Path;
  out: BindingFact[];
  resolve(p: Path): any;
  fact(binding: any): BindingFact;
}

/** One visitor object for every traversal: Babel prepares a visitor once per object. */
/**
 * Is the value of the expression at `p` thrown away (a statement of its own, a
 * `for` update, not the last of a sequence, `void`)? Then an update or compound
 * assignment there only writes its variable: nothing it reads flows anywhere else.
 */
function discarded(p: Path): boolean {
  const parent = p.parentPath;
  if (parent.isExpressionStatement()) return true;
  if (parent.isForStatement()) return p.key === 'update';
  if (parent.isUnaryExpression()) return parent.node.operator === 'void';
  if (parent.isSequenceExpression()) return p.key !== parent.node.expressions.length - 1 || discarded(parent);
  return false;
}

/** Is `ref` the root of a member that an assignment, update or `delete` whose value is thrown away writes (`calls.n++;`)? Then it is written through, not read. */
function writtenThrough(ref: Path): boolean {
  let q = ref;
  let member = false;
  for (;;) {
    const parent = q.parentPath;
    if (parent.isMemberExpression() && parent.node.object === q.node) member = true;
    else if (!isWrapper(parent)) break;
    q = parent;
  }
  if (!member) return false;
  const parent = q.parentPath;
  const writes = (parent.isAssignmentExpression() && parent.node.left === q.node) || parent.isUpdateExpression() || (parent.isUnaryExpression() && parent.node.operator === 'delete');
  return writes && discarded(parent);
}

function freeRef(p: Path, state: RefsState): void {
  if (inType(p)) return;
  if (p.parentPath.isJSXNamespacedName()) return; // `<svg:rect>`: a tag name, not a variable
  if (p.parentPath.isUpdateExpression() && discarded(p.parentPath)) return;
  if (writtenThrough(p)) return;
  const b = state.resolve(p);
  if (!b || within(b, state.root)) return;
  state.out.push(state.fact(b));
}

const FREE_REFS = {
  ReferencedIdentifier: freeRef,
  // `x += 1` and `x ||= y` read `x`; Babel's `isReferenced` says they do not.
  AssignmentExpression(p: Path, state: RefsState) {
    if (p.node.operator !== '=' && p.node.left.type === 'Identifier' && !discarded(p)) freeRef(p.get('left'), state);
  },
};

interface UsesState {
  fn: Path;
  uses: UseFact[];
  vars: (Range & { name: string })[];
}

function addUse(what: UseFact['what'], p: Path, state: UsesState): void {
  if (inType(p)) return; // `typeof arguments`, `typeof this.x` in a type
  state.uses.push({ what, at: p.node.start, within: boundariesBetween(p, state.fn) });
}

const USES = {
  ThisExpression(p: Path, state: UsesState) { addUse('this', p, state); },
  Super(p: Path, state: UsesState) { addUse('this', p, state); },
  JSXElement(p: Path, state: UsesState) { addUse('jsx', p, state); },
  JSXFragment(p: Path, state: UsesState) { addUse('jsx', p, state); },
  ReferencedIdentifier(p: Path, state: UsesState) {
    if (p.node.name === 'arguments' && !p.scope.getBinding('arguments')) addUse('arguments', p, state);
    // `<this.Foo />`: Babel reads `this` as a JSX name.
    else if (p.node.name === 'this' && p.isJSXIdentifier() && p.parentPath.isJSXMemberExpression() && p.key === 'object') addUse('this', p, state);
  },
  CallExpression(p: Path, state: UsesState) {
    const callee = p.node.callee;
    if (callee.type === 'Identifier' && callee.name === 'eval' && !p.scope.getBinding('eval')) addUse('eval', p.get('callee'), state);
  },
  WithStatement(p: Path, state: UsesState) { addUse('with', p, state); },
  VariableDeclaration(p: Path, state: UsesState) {
    // `var` lands in the nearest function, static block or namespace (Babel's FunctionParent).
    if (p.node.kind !== 'var' || p.scope.getFunctionParent() !== state.fn.scope) return;
    for (const d of p.node.declarations) for (const name of patternNames(d.id, [])) state.vars.push({ name, ...range(d.id) });
  },
};

/** Wrappers that leave a value where it stands: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
const WRAPPERS = new Set(['ParenthesizedExpression', 'TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion']);

/** The path a value stands in, past its wrappers: `{ parent, child }` with `child` the outermost wrapper. */
function valueParent(p: Path): { parent: Path; child: Path } {
  let child = p;
  while (child.parentPath && WRAPPERS.has(child.parentPath.node.type)) child = child.parentPath;
  return { parent: child.parentPath, child };
}

function listKind(list: Path): StatementList {
  if (list.isProgram()) return 'program';
  return list.isBlockStatement() || list.isStaticBlock?.() || list.isTSModuleBlock?.() ? 'block' : 'other';
}

/** The statement that declares `p` (a declaration or declarator), with its `export`. */
function declaringStatement(p: Path): Path {
  const statement = p.isVariableDeclarator() ? p.parentPath : p;
  return statement.parentPath.isExportDeclaration() ? statement.parentPath : statement;
}

/** Where a function, class or object literal stands, and the paths of that place. */
function placement(p: Path, source: string): { slot: Slot; statement: Path | null; owner: Path | null } {
  const n = p.node;
  if (p.isClassMethod() || p.isClassPrivateMethod() || p.isObjectMethod()) {
    const owner = p.isObjectMethod() ? p.parentPath : p.parentPath.parentPath;
    const slot: Slot = { kind: 'member', member: 'method', owner: naming(owner, source), ownerKind: p.isObjectMethod() ? 'object' : 'class', key: memberKey(n.key, n.computed, source), static: !!n.static };
    return { slot, statement: null, owner };
  }
  if (p.isFunctionDeclaration() || p.isClassDeclaration()) {
    const statement = declaringStatement(p);
    return { slot: { kind: 'declaration', list: listKind(statement.parentPath), exportDefault: p.parentPath.isExportDefaultDeclaration() }, statement, owner: null };
  }
  const { parent, child } = valueParent(p);
  if ((parent.isObjectProperty() || parent.isClassProperty() || parent.isClassPrivateProperty()) && parent.node.value === child.node) {
    const inObject = parent.isObjectProperty();
    const owner = inObject ? parent.parentPath : parent.parentPath.parentPath;
    const slot: Slot = { kind: 'member', member: 'value', owner: naming(owner, source), ownerKind: inObject ? 'object' : 'class', key: memberKey(parent.node.key, parent.node.computed, source), static: !!parent.node.static };
    return { slot, statement: null, owner };
  }
  if (parent.isVariableDeclarator() && parent.node.init === child.node && parent.node.id.type === 'Identifier') {
    const statement = declaringStatement(parent);
    return { slot: { kind: 'variable', name: parent.node.id.name, list: listKind(statement.parentPath) }, statement, owner: null };
  }
  if (parent.isAssignmentExpression() && parent.node.right === child.node) {
    const l = parent.node.left;
    if (l.type === 'Identifier') return { slot: { kind: 'assignment', name: l.name }, statement: null, owner: null };
    if (l.type === 'MemberExpression' && !l.computed && l.property.type === 'Identifier') return { slot: { kind: 'assignment', name: l.property.name }, statement: null, owner: null };
  }
  if (parent.isExportDefaultDeclaration()) return { slot: { kind: 'export-default' }, statement: null, owner: null };
  return { slot: { kind: 'other' }, statement: null, owner: null };
}

function naming(p: Path, source: string): Naming {
  return { id: p.node.id?.name ?? null, slot: placement(p, source).slot };
}

function formOf(p: Path): FunctionFacts['form'] {
  if (p.isFunctionDeclaration()) return 'declaration';
  if (p.isFunctionExpression()) return 'expression';
  if (p.isArrowFunctionExpression()) return 'arrow';
  const k = p.node.kind;
  return k === 'get' ? 'getter' : k === 'set' ? 'setter' : k === 'constructor' ? 'constructor' : 'method';
}

/** Is the binding declared inside `root`'s source range (so not a free variable of it)? */
function within(binding: any, root: Path): boolean {
  return binding.identifier.start >= root.node.start && binding.identifier.end <= root.node.end;
}

/** Wrappers a member chain passes through: `x!.a`, `(x as T).a`. */
function isWrapper(p: Path): boolean {
  return p.isTSNonNullExpression() || p.isTSAsExpression() || p.isTSSatisfiesExpression?.() || p.isTSTypeAssertion() || p.isParenthesizedExpression();
}

/** `n! = v`, `(n as T) += v`, `n!++`, `[n!] = xs`: a write Babel does not record as one (its `constantViolations`). */
function isWrappedWrite(ref: Path): boolean {
  let q = ref;
  while (isWrapper(q.parentPath)) q = q.parentPath;
  if (q === ref) return false;
  const parent = q.parentPath;
  return (parent.isAssignmentExpression() && parent.node.left === q.node) || parent.isUpdateExpression() || isPatternTarget(q);
}

/** A destructuring or `for…in`/`for…of` target position. */
function isPatternTarget(p: Path): boolean {
  const parent = p.parentPath;
  if (parent.isArrayPattern() || parent.isRestElement()) return true;
  if (parent.isAssignmentPattern()) return p.key === 'left';
  if (parent.isObjectProperty() && p.key === 'value') return parent.parentPath.isObjectPattern();
  return parent.isForXStatement() && p.key === 'left';
}

/** How a reference uses its variable through a member: writes one (`x.a = …`, `x.a++`, `delete x.a`), calls one (`x.a.m()`), or neither. */
function memberUse(ref: Path): 'write' | 'call' | null {
  let q = ref;
  let member = false;
  for (;;) {
    const parent = q.parentPath;
    if ((parent.isMemberExpression() || parent.isOptionalMemberExpression()) && parent.node.object === q.node) member = true;
    else if (!isWrapper(parent)) break;
    q = parent;
  }
  if (!member) return null;
  const parent = q.parentPath;
  if ((parent.isCallExpression() || parent.isOptionalCallExpression()) && parent.node.callee === q.node) return 'call';
  if (parent.isAssignmentExpression() && parent.node.left === q.node) return 'write';
  if (parent.isUpdateExpression() || (parent.isUnaryExpression() && parent.node.operator === 'delete')) return 'write';
  return isPatternTarget(q) ? 'write' : null;
}

/** The top-level statement a path stands in, or null inside a function, class field or static block (code that runs later). */
function topStatement(p: Path): Path | null {
  let q = p;
  for (; q.parentPath && !q.parentPath.isProgram(); q = q.parentPath) if (boundaryOf(q)) return null;
  return q.parentPath ? q : null;
}

/** Statement lists a stray directive string can stand in. */
function isStatementList(p: Path): boolean {
  return p.isProgram() || p.isBlockStatement() || p.isStaticBlock?.() || p.isSwitchCase();
}

function initKind(init: Node): 'function' | 'class' | null {
  if (!init) return null;
  if (init.type === 'FunctionExpression' || init.type === 'ArrowFunctionExpression') return 'function';
  return init.type === 'ClassExpression' ? 'class' : null;
}

export type BabelFacts = Adapter<BabelFunction>;

/** An export's name: an identifier or, `export { a as "b c" }`, a string. */
function exportName(n: Node): string {
  return n.type === 'StringLiteral' ? n.value : n.name;
}

/** Declarations that only exist in types (`declare`, interfaces, type aliases, overload signatures). */
function typeOnlyDeclaration(d: Node): boolean {
  return !!d.declare || d.type === 'TSInterfaceDeclaration' || d.type === 'TSTypeAliasDeclaration' || d.type === 'TSDeclareFunction' ||
    (d.type === 'TSModuleDeclaration' && d.id.type !== 'Identifier');
}

/** Collects the facts about one file from its Program path. */
export function collectFacts(program: Path, source: string, filename: string, ctx: CollectContext): BabelFacts {
  const functions: FunctionFacts<BabelFunction>[] = [];
  const strays: StrayFact[] = [];
  const facts = new Map<unknown, BindingFact>();
  const effectPaths = new Map<unknown, Path[]>();

  const fact = (binding: any): BindingFact => {
    let f = facts.get(binding);
    if (f) return f;
    const bp = binding.path;
    let kind: string = binding.kind;
    let unit: Range | undefined;
    let from: string | undefined;
    let imported: string | undefined;
    let init: BindingFact['init'];
    if (bp.isTSImportEqualsDeclaration?.()) {
      // `import x = require("m")` imports; `import V = N.v` is an alias: code that reads `N`.
      const reference = bp.node.moduleReference;
      if (reference.type === 'TSExternalModuleReference') (kind = 'import'), (from = reference.expression.value), (imported = '=');
      else (kind = 'alias'), (unit = range(bp.node));
    } else if (binding.kind === 'module') {
      kind = 'import';
      from = bp.parent.source?.value;
      imported = bp.isImportDefaultSpecifier() ? 'default' : bp.isImportNamespaceSpecifier() ? '*' : bp.node.imported ? (bp.node.imported.name ?? bp.node.imported.value) : binding.identifier.name;
    } else if (bp.isFunctionDeclaration()) {
      kind = 'function'; unit = range(bp.node);
    } else if (bp.isClassDeclaration()) {
      kind = 'class'; unit = range(bp.node);
    } else if (bp.isTSEnumDeclaration?.()) {
      kind = 'enum'; unit = range(bp.node);
    } else if (bp.isTSModuleDeclaration?.()) {
      kind = 'namespace'; unit = range(bp.node);
    } else if (bp.isVariableDeclarator()) {
      kind = bp.parent.kind;
      unit = range(bp.node);
      init = bp.node.id.type === 'Identifier' ? initKind(bp.node.init) : null;
    } else if (bp.isClassExpression() || bp.isFunctionExpression()) {
      kind = 'local'; unit = range(bp.node); // the own name of a named class or function expression
    } else if (bp.isCatchClause()) {
      kind = 'catch';
    }
    const merged = mergedParts(binding);
    const declarations = [bp, ...merged];
    const references = referencesOf(binding);
    const { mutated, effects } = changes(references, declarations);
    f = {
      ref: binding, name: binding.identifier.name, scope: binding.scope.path.isProgram() ? 'module' : 'nested', kind, unit, source: from, imported, init,
      merged: merged.map((p) => range(p.node)),
      // Babel records assignments, updates and redeclarations; a `for…in`/`for…of` head is written by every iteration.
      reassigned: (binding.constantViolations?.length ?? 0) > 0 || (bp.isVariableDeclarator() && bp.parentPath.parentPath.isForXStatement() && bp.parentPath.key === 'left') ||
        references.some(isWrappedWrite),
      mutated,
      effects: effects.map((p) => range(p.node)),
    };
    effectPaths.set(binding, effects);
    facts.set(binding, f);
    return f;
  };

  /** The other declarations merged into a binding: enum and namespace parts (Babel binds none of them). */
  function mergedParts(binding: any): Path[] {
    const pseudo = declared.get(binding.scope)?.get(binding.identifier.name);
    return pseudo ? pseudo.paths.filter((p: Path) => p !== binding.path) : [];
  }

  /** Member writes inside functions, and the top-level statements that write a member or call a method. */
  function changes(references: Path[], declarations: Path[]): { mutated: boolean; effects: Path[] } {
    let mutated = false;
    const effects: Path[] = [];
    for (const ref of references) {
      const use = memberUse(ref);
      if (!use) continue;
      const statement = topStatement(ref);
      if (statement === null) {
        if (use === 'write') mutated = true;
      } else if (!effects.includes(statement) && !declarations.some((d) => d === statement || d.isDescendant(statement))) {
        effects.push(statement);
      }
    }
    effects.sort((a, b) => a.node.start - b.node.start);
    return { mutated, effects };
  }

  /** Babel's references of a binding; those of an enum or namespace, found by name. */
  function referencesOf(binding: any): Path[] {
    if (binding.referencePaths) return binding.referencePaths;
    const out: Path[] = [];
    program.traverse({
      ReferencedIdentifier(p: Path) {
        if (p.node.name === binding.identifier.name && !inType(p) && getBinding(p.scope, p.node.name) === binding) out.push(p);
      },
    });
    return out;
  }

  // Enums and namespaces are code a function depends on, but Babel's scope tracker binds neither:
  // bind them here, in the scope they are declared in (plugin-swc/scopes.ts binds them too).
  const declared = new Map<any, Map<string, any>>();
  if (fileKind(filename).typescript) {
    program.traverse({
      'TSEnumDeclaration|TSModuleDeclaration'(p: Path) {
        const n = p.node;
        if (n.declare || n.id.type !== 'Identifier' || p.parentPath.isTSModuleDeclaration()) return;
        const names = declared.get(p.scope) ?? new Map();
        const known = names.get(n.id.name);
        if (known) known.paths.push(p);
        else names.set(n.id.name, { identifier: n.id, path: p, paths: [p], scope: p.scope, kind: 'unknown' });
        declared.set(p.scope, names);
      },
    });
  }
  // Babel's `getBinding`, with the enums and namespaces above in the scopes they are declared in.
  const getBinding = (scope: any, name: string): any => {
    if (!declared.size) return scope.getBinding(name);
    for (let s = scope; s; s = s.parent) {
      const own = s.getOwnBinding(name) ?? declared.get(s)?.get(name);
      if (own) return own;
      // A non-arrow function's own `arguments` hides any outer binding of the name.
      if (name === 'arguments' && s.path.isFunction() && !s.path.isArrowFunctionExpression()) return undefined;
    }
    return undefined;
  };

  /** Variables read inside `root` that are declared outside it (globals left out), in source order. */
  const freeRefs = (root: Path): BindingFact[] => {
    const state: RefsState = { root, out: [], resolve: (p) => getBinding(p.scope, p.node.name), fact };
    root.traverse(FREE_REFS, state);
    return state.out;
  };

  // A unit's declaration is the binding's own path (declarator, function, class, enum); sites of a file share units.
  const unitRefsCache = new Map<unknown, BindingFact[]>();
  const unitRefs = (b: BindingFact): BindingFact[] => {
    let refs = unitRefsCache.get(b.ref);
    if (!refs) {
      const binding = b.ref as any;
      const parts: Path[] = [...(b.unit ? [binding.path] : []), ...mergedParts(binding), ...(effectPaths.get(binding) ?? [])];
      refs = parts.flatMap(freeRefs);
      if (b.kind === 'alias') {
        // The entity name is a type-shaped node (TSQualifiedName): its leftmost name is the read.
        let e = binding.path.node.moduleReference;
        while (e.type === 'TSQualifiedName') e = e.left;
        const target = e.type === 'Identifier' ? getBinding(binding.path.scope, e.name) : null;
        if (target) refs = [fact(target), ...refs];
      }
      unitRefsCache.set(b.ref, refs);
    }
    return refs;
  };

  /** Every `this`/`super`, free `arguments` and JSX in the parameters and body, and the function's own `var` names. */
  const usesOf = (fn: Path): UsesState => {
    const state: UsesState = { fn, uses: [], vars: [] };
    // Parameters and body only: a method's computed key and decorators are evaluated outside it.
    for (const part of [...fn.get('params'), fn.get('body')]) part.traverse(USES, state);
    return state;
  };

  const functionFacts = (fn: Path, prologue: DirectiveFact[]): FunctionFacts<BabelFunction> => {
    const n = fn.node;
    const enclosing: Naming[] = [];
    for (let p = fn.parentPath; p; p = p.parentPath) if (p.isFunction()) enclosing.unshift(naming(p, source));
    const place = placement(fn, source);
    const params = n.params.filter((p: Node) => !(p.type === 'Identifier' && p.name === 'this'));
    const own = usesOf(fn);
    return {
      node: { path: fn, statement: place.statement, owner: place.owner },
      prologue,
      form: formOf(fn),
      async: !!n.async,
      generator: !!n.generator,
      naming: { id: n.id?.name ?? null, slot: place.slot },
      enclosing,
      params: params.map(range),
      paramNames: params.flatMap((p: Node) => patternNames(p, [])),
      body: range(n.body),
      uses: own.uses,
      vars: own.vars,
      refs: freeRefs(fn),
    };
  };

  const directiveFact = (d: Node): DirectiveFact => ({ value: d.value.value, raw: source.slice(d.value.start, d.value.end), start: d.value.start, end: d.value.end });

  for (const d of program.node.directives ?? []) {
    if (ctx.isCandidate(d.value.value)) strays.push({ ...directiveFact(d), where: 'file' });
  }
  program.traverse({
    Function(fn: Path) {
      const body = fn.node.body;
      if (!body || body.type !== 'BlockStatement' || !body.directives?.length) return;
      const prologue: DirectiveFact[] = body.directives.map(directiveFact);
      if (prologue.some((d) => ctx.isCandidate(d.value))) functions.push(functionFacts(fn, prologue));
    },
    ExpressionStatement(p: Path) {
      const e = p.node.expression;
      if (e.type !== 'StringLiteral' || !isStatementList(p.parentPath) || !ctx.isCandidate(e.value)) return;
      const start = e.extra?.parenthesized ? e.extra.parenStart : e.start;
      strays.push({ value: e.value, raw: source.slice(e.start, e.end), start, end: e.end, where: p.parentPath.isProgram() ? 'file' : 'body' });
    },
  });
  functions.sort((a, b) => a.body.start - b.body.start);

  const lookup = (fn: BabelFunction, name: string): BindingFact | 'local' | null => {
    const b = getBinding(fn.path.get('body').scope, name);
    if (!b) return null;
    return within(b, fn.path) ? 'local' : fact(b);
  };

  /** What the file exports, in source order (core/analyze/contract.ts `ExportFact`). */
  const exportsOf = (): ExportFact[] => {
    const out: ExportFact[] = [];
    const local = (exported: string, name: string) => {
      const b = getBinding(program.scope, name);
      out.push({ kind: 'local', exported, local: name, binding: b ? fact(b) : null });
    };
    for (const st of program.get('body')) {
      const n = st.node;
      if (n.type === 'ExportNamedDeclaration' && n.exportKind !== 'type') {
        const d = n.declaration;
        if (d) {
          if (typeOnlyDeclaration(d)) continue;
          if (d.type === 'VariableDeclaration') for (const x of d.declarations) for (const name of patternNames(x.id, [])) local(name, name);
          else if (d.id?.type === 'Identifier') local(d.id.name, d.id.name);
          continue;
        }
        for (const sp of n.specifiers) {
          if (sp.exportKind === 'type') continue;
          const exported = exportName(sp.exported);
          if (!n.source) local(exported, sp.local.name);
          else out.push({ kind: 'from', exported, source: n.source.value, imported: sp.type === 'ExportNamespaceSpecifier' ? '*' : sp.type === 'ExportDefaultSpecifier' ? 'default' : exportName(sp.local) });
        }
      } else if (n.type === 'ExportAllDeclaration' && n.exportKind !== 'type') {
        out.push({ kind: 'all', source: n.source.value });
      } else if (n.type === 'ExportDefaultDeclaration') {
        const d = n.declaration;
        if (typeOnlyDeclaration(d)) continue;
        if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) local('default', d.id.name);
        else out.push({ kind: 'value', exported: 'default', range: range(n), refs: freeRefs(st) });
      } else if (n.type === 'TSExportAssignment') {
        out.push({ kind: 'value', exported: '=', range: range(n), refs: freeRefs(st) });
      } else if (n.type === 'TSImportEqualsDeclaration' && n.isExport) {
        local(n.id.name, n.id.name);
      }
    }
    return out;
  };

  const moduleSyntax = program.node.body.some((s: Node) => s.type === 'ImportDeclaration' || s.type.startsWith('Export'));
  return { source, filename, moduleSyntax, exports: exportsOf(), functions, strays, unitRefs, lookup };
}
