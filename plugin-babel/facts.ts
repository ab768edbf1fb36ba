// Babel adapter, part 1: what the core needs to know about a file, read from
// Babel's AST and scope tracker (core/analyze.ts `Adapter`). Typed loosely on
// purpose: the same code runs on Babel 7 and Babel 8 paths.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { classify, type DirectiveNames } from '../core/directive.js';
import { segment } from '../core/ids.js';
import { isTypeScript } from '../core/options.js';
import type { Adapter, BindingFact, DirectiveFact, FunctionFacts, Range } from '../core/analyze.js';

type Path = any;
type Node = any;

const range = (n: Node): Range => ({ start: n.start, end: n.end });

/** TypeScript nodes that hold values; every other `TS*` node is a type and is skipped. */
const TS_VALUES = new Set([
  'TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TSInstantiationExpression',
  'TSEnumDeclaration', 'TSEnumMember', 'TSEnumBody', 'TSParameterProperty', 'TSExportAssignment', 'TSImportEqualsDeclaration',
  'TSExternalModuleReference', 'TSModuleDeclaration', 'TSModuleBlock', 'TSDeclareMethod',
]);

/** Identifiers inside type annotations name types, not variables (both engines skip them). */
const inType = (p: Path): boolean => {
  for (let q = p.parentPath; q; q = q.parentPath) {
    const t: string = q.node.type;
    if (t.startsWith('TS') && !TS_VALUES.has(t)) return true;
    if (q.isFunction() || q.isProgram() || q.isStatement()) return false;
  }
  return false;
};

/** The binding names a parameter introduces, in source order. */
const patternNames = (n: Node, out: string[]): string[] => {
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
};

/** A member or property key as a name: `find`, `"a b"` → `a b`, `#secret`, `[Symbol.iterator]`. */
const keyName = (key: Node, computed: boolean, source: string): string => {
  if (computed) return '[' + source.slice(key.start, key.end) + ']';
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateName') return '#' + key.id.name;
  if (key.type === 'StringLiteral' || key.type === 'NumericLiteral' || key.type === 'BigIntLiteral') return String(key.value);
  return source.slice(key.start, key.end);
};

/** The name a value gets from where it stands: `const x = …`, `x = …`, `a.x = …`, `export default …`. */
const slotName = (p: Path): string | null => {
  const parent = p.parentPath;
  if (!parent) return null;
  if (parent.isVariableDeclarator() && parent.node.init === p.node && parent.node.id.type === 'Identifier') return parent.node.id.name;
  if (parent.isAssignmentExpression() && parent.node.right === p.node) {
    const l = parent.node.left;
    if (l.type === 'Identifier') return l.name;
    if (l.type === 'MemberExpression' && !l.computed && l.property.type === 'Identifier') return l.property.name;
  }
  if (parent.isExportDefaultDeclaration()) return 'default';
  if (parent.isTSAsExpression?.() || parent.isTSSatisfiesExpression?.() || parent.isParenthesizedExpression?.()) return slotName(parent);
  return null;
};

/** Name of the object or class that owns a member: `Repo`, `api`, `default`, `anonymous`. */
const ownerName = (p: Path, source: string): string => {
  if ((p.isClass() || p.isObjectExpression()) && p.node.id) return p.node.id.name;
  const parent = p.parentPath;
  if (parent && (parent.isObjectProperty() || parent.isClassProperty()) && parent.node.value === p.node) {
    return ownerName(parent.parentPath.isClassBody() ? parent.parentPath.parentPath : parent.parentPath, source) + '.' + keyName(parent.node.key, parent.node.computed, source);
  }
  return slotName(p) ?? 'anonymous';
};

/** One segment of a function's qualified name, and its own name. */
const nameOf = (p: Path, source: string): { seg: string; own: string | null } => {
  const n = p.node;
  if (p.isClassMethod() || p.isClassPrivateMethod() || p.isObjectMethod()) {
    const own = keyName(n.key, n.computed, source);
    const owner = p.isObjectMethod() ? p.parentPath : p.parentPath.parentPath;
    return { seg: segment(ownerName(owner, source), own), own };
  }
  if (n.id) return { seg: n.id.name, own: n.id.name };
  const parent = p.parentPath;
  if ((parent.isObjectProperty() || parent.isClassProperty() || parent.isClassPrivateProperty()) && parent.node.value === n) {
    const own = keyName(parent.node.key, parent.node.computed, source);
    const owner = parent.isObjectProperty() ? parent.parentPath : parent.parentPath.parentPath;
    return { seg: segment(ownerName(owner, source), own), own };
  }
  const own = slotName(p);
  return { seg: segment(null, own), own };
};

const formOf = (p: Path): FunctionFacts['form'] => {
  if (p.isFunctionDeclaration()) return 'declaration';
  if (p.isFunctionExpression()) return 'expression';
  if (p.isArrowFunctionExpression()) return 'arrow';
  const k = p.node.kind;
  return k === 'get' ? 'getter' : k === 'set' ? 'setter' : k === 'constructor' ? 'constructor' : 'method';
};

/** Is the binding declared inside `root`'s source range (so not a free variable of it)? */
const within = (binding: any, root: Path): boolean =>
  binding.identifier.start >= root.node.start && binding.identifier.end <= root.node.end;

/** Does a binding live outside every function (module code) or inside one? */
const scopeKind = (scope: any): 'module' | 'function' => {
  for (let s = scope; s; s = s.parent) if (s.path.isFunction()) return 'function';
  return 'module';
};

/** Statement lists a directive string can stand in. */
const isStatementList = (p: Path) => p.isProgram() || p.isBlockStatement() || p.isStaticBlock?.() || p.isSwitchCase();

export type BabelFacts = Adapter<Path>;

/** Collects the facts about one file from its Program path. */
export const collectFacts = (program: Path, source: string, filename: string, names: DirectiveNames): BabelFacts => {
  const functions: FunctionFacts<Path>[] = [];
  const strays: BabelFacts['strays'] = [];
  const facts = new Map<unknown, BindingFact>();

  const fact = (binding: any): BindingFact => {
    let f = facts.get(binding);
    if (f) return f;
    const bp = binding.path;
    const scope = scopeKind(binding.scope);
    let kind: string = binding.kind;
    let unit: Range | undefined;
    let source_: string | undefined;
    let imported: string | undefined;
    let code = false;
    if (binding.kind === 'module') {
      kind = 'import';
      source_ = bp.parent.source?.value;
      imported = bp.isImportDefaultSpecifier() ? 'default' : bp.isImportNamespaceSpecifier() ? '*' : bp.node.imported ? (bp.node.imported.name ?? bp.node.imported.value) : binding.identifier.name;
      if (bp.isTSImportEqualsDeclaration?.()) (kind = 'import'), (source_ = source.slice(bp.node.moduleReference.start, bp.node.moduleReference.end)), (imported = '=');
    } else if (bp.isFunctionDeclaration()) {
      kind = 'function'; unit = range(bp.node); code = true;
    } else if (bp.isClassDeclaration()) {
      kind = 'class'; unit = range(bp.node); code = true;
    } else if (bp.isTSEnumDeclaration?.()) {
      kind = 'enum'; unit = range(bp.node); code = true;
    } else if (bp.isTSModuleDeclaration?.()) {
      kind = 'namespace'; unit = range(bp.node); code = true;
    } else if (bp.isVariableDeclarator()) {
      kind = bp.parent.kind;
      unit = range(bp.node);
      const init = bp.node.init;
      code = kind === 'const' && bp.node.id.type === 'Identifier' && !!init && /^(FunctionExpression|ArrowFunctionExpression|ClassExpression)$/.test(init.type);
    } else if (bp.isClassExpression() || bp.isFunctionExpression()) {
      kind = 'local'; unit = range(bp.node); code = true; // the name of a named class/function expression
    } else if (bp.isCatchClause()) {
      kind = 'catch';
    } else if (binding.kind === 'param') {
      kind = 'param';
    }
    f = { ref: binding, name: binding.identifier.name, scope, kind, unit, source: source_, imported, code };
    facts.set(binding, f);
    return f;
  };

  // Enums and namespaces are code a function depends on, but Babel's scope tracker binds neither:
  // bind them here, in the scope they are declared in (plugin-swc/scope.ts does the same).
  const declared = new Map<any, Map<string, any>>();
  if (isTypeScript(filename)) {
    program.traverse({
      'TSEnumDeclaration|TSModuleDeclaration'(p: Path) {
        const n = p.node;
        if (n.declare || n.id.type !== 'Identifier' || p.parentPath.isTSModuleDeclaration()) return;
        const names = declared.get(p.scope) ?? new Map();
        if (!names.has(n.id.name)) names.set(n.id.name, { identifier: n.id, path: p, scope: p.scope, kind: 'unknown' });
        declared.set(p.scope, names);
      },
    });
  }
  const getBinding = (scope: any, name: string): any => {
    const b = scope.getBinding(name);
    if (b || !declared.size) return b;
    for (let s = scope; s; s = s.parent) {
      const d = declared.get(s)?.get(name);
      if (d) return d;
    }
    return undefined;
  };

  /** Variables read inside `root` that are declared outside it (globals left out), in source order. */
  const freeRefs = (root: Path): BindingFact[] => {
    const out: BindingFact[] = [];
    root.traverse({
      ReferencedIdentifier(p: Path) {
        if (inType(p)) return;
        const b = getBinding(p.scope, p.node.name);
        if (!b || within(b, root)) return;
        out.push(fact(b));
      },
    });
    return out;
  };

  // A unit's declaration is the binding's own path (declarator, function, class, enum).
  const unitRefs = (b: BindingFact): BindingFact[] => (b.unit ? freeRefs((b.ref as any).path) : []);

  /** Things the body itself does, not counting nested non-arrow functions (they have their own `this`). */
  const ownUse = (fn: Path) => {
    let usesThis = false, usesArguments = false, returnsJSX = false;
    let varShadows: (Range & { name: string }) | null = null;
    const params = new Set(fn.node.params.flatMap((p: Node) => patternNames(p, [])));
    const skip = (p: Path) => { if (p !== fn) p.skip(); };
    fn.traverse({
      FunctionDeclaration: skip, FunctionExpression: skip, ObjectMethod: skip, ClassMethod: skip, ClassPrivateMethod: skip,
      Class: skip,
      ThisExpression() { usesThis = true; },
      Super() { usesThis = true; },
      Identifier(p: Path) {
        if (p.node.name === 'arguments' && p.isReferencedIdentifier() && !p.scope.getBinding('arguments')) usesArguments = true;
      },
      JSXElement() { returnsJSX = true; },
      JSXFragment() { returnsJSX = true; },
      VariableDeclaration(p: Path) {
        // Only the function's own `var`s: one in a nested arrow belongs to that arrow.
        if (p.node.kind !== 'var' || varShadows || p.getFunctionParent() !== fn) return;
        for (const d of p.node.declarations) for (const n of patternNames(d.id, [])) {
          if (params.has(n) && !varShadows) varShadows = { name: n, start: d.id.start, end: d.id.end };
        }
      },
    });
    return { usesThis, usesArguments, returnsJSX, varShadows };
  };

  const functionFacts = (fn: Path, directives: DirectiveFact[]): FunctionFacts<Path> => {
    const n = fn.node;
    const chain: string[] = [];
    let own: string | null = null;
    for (let p = fn; p; p = p.parentPath) {
      if (!p.isFunction()) continue;
      const nm = nameOf(p, source);
      if (p === fn) own = nm.own;
      chain.unshift(nm.seg);
    }
    const params = n.params.filter((p: Node) => !(p.type === 'Identifier' && p.name === 'this'));
    const classMember = fn.isClassMethod() || fn.isClassPrivateMethod();
    const fieldValue = (fn.parentPath.isClassProperty() || fn.parentPath.isClassPrivateProperty()) && fn.parentPath.node.value === n;
    const use = ownUse(fn);
    return {
      node: fn,
      directives,
      form: formOf(fn),
      async: !!n.async,
      generator: !!n.generator,
      instanceMember: (classMember && !n.static) || (fieldValue && !fn.parentPath.node.static),
      name: chain,
      ownName: own,
      params: params.map(range),
      paramNames: params.flatMap((p: Node) => patternNames(p, [])),
      body: range(n.body),
      usesThis: use.usesThis,
      usesArguments: use.usesArguments,
      returnsJSX: use.returnsJSX,
      varShadowsParam: use.varShadows,
      refs: freeRefs(fn),
    };
  };

  const directiveFact = (d: Node): DirectiveFact => ({ value: d.value.value, raw: source.slice(d.value.start, d.value.end), start: d.value.start, end: d.value.end });

  for (const d of program.node.directives ?? []) {
    if (classify(d.value.value, names)) strays.push({ ...directiveFact(d), where: 'file' });
  }
  program.traverse({
    Function(fn: Path) {
      const body = fn.node.body;
      if (!body || body.type !== 'BlockStatement') return;
      const ds = (body.directives ?? []).map(directiveFact).filter((d: DirectiveFact) => classify(d.value, names));
      if (ds.length) functions.push(functionFacts(fn, ds));
    },
    ExpressionStatement(p: Path) {
      const e = p.node.expression;
      if (e.type !== 'StringLiteral' || !isStatementList(p.parentPath)) return;
      const c = classify(e.value, names);
      if (!c || !c.ok) return;
      const start = e.extra?.parenthesized ? e.extra.parenStart : e.start;
      strays.push({ value: e.value, raw: source.slice(e.start, e.end), start, end: e.end, where: p.parentPath.isProgram() ? 'file' : 'body' });
    },
  });
  functions.sort((a, b) => a.body.start - b.body.start);

  const lookup = (fn: Path, name: string): BindingFact | 'local' | null => {
    const b = getBinding(fn.get('body').scope, name);
    if (!b) return null;
    return within(b, fn) ? 'local' : fact(b);
  };

  return { source, filename, functions, strays, unitRefs, lookup };
};
