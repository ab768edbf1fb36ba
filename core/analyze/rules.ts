// The rules, as named steps over the adapter's facts: which directive a
// function has, whether it may have it, its options, the module functions its
// options name, what joins the key and what joins the hash. The diagnostics of
// every step are collected and reported by position.
import { classify, parseOptions, optionsText, KNOWN_OPTIONS, DEFAULT_DIRECTIVES, type DirectiveNames, type Kind, type Options, type RawOption } from '../directive.js';
import { compileError, lineColumn, type Code, type CompileError } from '../diagnostics.js';
import { tokens, withoutDirectives } from '../tokens.js';
import type { HashedUnit } from '../hash.js';
import { displayPath, moduleId, assignIds, qualifiedName, segmentOf } from '../ids.js';
import type { FileView } from '../imports/files.js';
import { loadsIn } from '../imports/summary.js';
import { fileKind } from '../files.js';
import { registrationOf, isInstanceMember } from '../registration.js';
import type { Adapter, BindingFact, DirectiveFact, FunctionFacts, Range } from './contract.js';
import { ARGUMENTS_KEY, type ImportReach, type Site } from './site.js';

export interface AnalyzeOptions {
  /** Ids relative to this folder (null: by package, core/ids.ts `moduleId`). */
  root: string | null;
  namespace: string | null;
  directives?: Partial<DirectiveNames>;
  /** The compile's view of the file system (package.json lookups for ids). */
  files: FileView;
}

export function directiveNames(o: { directives?: Partial<DirectiveNames> }): DirectiveNames {
  return { ...DEFAULT_DIRECTIVES, ...o.directives };
}

/** Where diagnostics go while a file is analyzed. */
interface Reporter {
  report(code: Code, args: Record<string, string>, at: Range): void;
  readonly count: number;
}

/**
 * Code (hashed as units) or data (keyed by value at call time), docs/hash.md.
 * Imports are code. Nothing written after its declaration is code. In the
 * program's own scope every declaration is code unless a function writes one
 * of its members; elsewhere (enclosing functions, blocks, loops) only
 * functions, classes, enums, namespaces and variables bound to a function or class are.
 */
export function isCode(b: BindingFact): boolean {
  if (b.kind === 'import') return true;
  if (b.reassigned) return false;
  if (b.scope === 'module') return !b.mutated;
  if (b.kind === 'function' || b.kind === 'class' || b.kind === 'enum' || b.kind === 'namespace' || b.kind === 'local') return true;
  return (b.kind === 'const' || b.kind === 'let' || b.kind === 'var') && (b.init === 'function' || b.init === 'class');
}

/** A function declaration, a const bound to a function, or an import, never reassigned: what validate= and release= may name. */
function isFunctionBinding(b: BindingFact): boolean {
  if (b.reassigned) return false;
  return b.kind === 'function' || b.kind === 'import' || (b.kind === 'const' && b.init === 'function');
}

/** What a unit's hash covers: its declarations and the top-level statements that change it, in source order. */
export function unitRanges(b: BindingFact): Range[] {
  return [...(b.unit ? [b.unit] : []), ...b.merged, ...b.effects].sort((x, y) => x.start - y.start);
}

/** A string that `classify` recognises: ours or a misspelling of ours. */
export function isCandidate(text: string, names: DirectiveNames): boolean {
  return classify(text, names) !== null;
}

const isHook = (n: string) => /^use[A-Z0-9]/.test(n);
const isComponent = (n: string) => /^[A-Z]/.test(n);

/** Step 1: the function's directive among its prologue strings; misspellings and doubles are reported. */
function directiveOf(fn: FunctionFacts, names: DirectiveNames, r: Reporter) {
  let kind: Kind | null = null;
  let raw: DirectiveFact | null = null;
  let options: RawOption[] = [];
  const ours: DirectiveFact[] = [];
  const kept: DirectiveFact[] = [];
  let bad = false;
  for (const d of fn.prologue) {
    const c = classify(d.value, names);
    if (!c) { kept.push(d); continue; }
    if (!c.ok) {
      r.report('MK_MISSPELLED_DIRECTIVE', { found: d.value, suggestion: c.suggestion }, d);
      bad = true;
      continue;
    }
    ours.push(d);
    if (kind === c.kind) { r.report('MK_DUPLICATE_DIRECTIVE', { directive: names[c.kind] }, d); bad = true; }
    else if (kind) { r.report('MK_BOTH_DIRECTIVES', { memo: names.memo, singleton: names.singleton }, d); bad = true; }
    else { kind = c.kind; raw = d; options = c.options; }
  }
  return !kind || !raw || bad ? null : { kind, raw, options, ours, kept };
}

/** What the function itself does: arrows pass `this`, `arguments` and JSX on to the function they are in; every other boundary has its own. */
export interface OwnUses {
  this: boolean;
  arguments: boolean;
  jsx: boolean;
}

function ownUses(fn: FunctionFacts): OwnUses {
  const own: OwnUses = { this: false, arguments: false, jsx: false };
  for (const u of fn.uses) if (u.what !== 'eval' && u.what !== 'with' && u.within.every((b) => b === 'arrow')) own[u.what] = true;
  return own;
}

/** Direct `eval` and `with` anywhere inside (nested functions see the function's variables too): what they read cannot be keyed. */
function checkDynamicScope(fn: FunctionFacts, directive: string, r: Reporter): boolean {
  const dynamic = fn.uses.filter((x) => x.what === 'eval' || x.what === 'with');
  if (!dynamic.length) return true;
  const u = dynamic.reduce((a, b) => (b.at < a.at ? b : a));
  r.report(u.what === 'eval' ? 'MK_DIRECT_EVAL' : 'MK_WITH', { directive }, { start: u.at, end: u.at + 4 });
  return false;
}

/** A `var` that redeclares a parameter: the body would then change what the key was computed from. */
function varShadowingParam(fn: FunctionFacts): (Range & { name: string }) | null {
  // A function's `arguments` is a parameter too: the body, run in a scope of its own, would see the `var`'s value.
  const params = new Set(fn.form === 'arrow' ? fn.paramNames : [...fn.paramNames, 'arguments']);
  return fn.vars.find((v) => params.has(v.name)) ?? null;
}

/** Step 2: function forms that cannot be cached. */
function checkForm(fn: FunctionFacts, own: OwnUses, kind: Kind, at: DirectiveFact, names: DirectiveNames, r: Reporter): boolean {
  const directive = names[kind];
  if (fn.generator) return r.report('MK_GENERATOR', { directive }, at), false;
  if (fn.form === 'constructor') return r.report('MK_CONSTRUCTOR', { directive }, at), false;
  if (fn.form === 'setter') return r.report('MK_SETTER', { directive }, at), false;
  const name = segmentOf(fn.naming).own;
  if (kind === 'memo' && directive === DEFAULT_DIRECTIVES.memo && name && (isHook(name) || (isComponent(name) && own.jsx))) {
    return r.report('MK_REACT_CONFLICT', { what: isHook(name) ? 'hook' : 'component', name }, at), false;
  }
  return true;
}

/** Step 3: the directive's options. */
function optionsOf(kind: Kind, raw: RawOption[], at: DirectiveFact, names: DirectiveNames, r: Reporter): Options | null {
  const { options, problem } = parseOptions(kind, raw);
  if (!problem) return options;
  const other = problem.code === 'MK_OPTION_KIND' ? problem.other : kind;
  r.report(problem.code, {
    ...(problem as unknown as Record<string, string>),
    other: names[other],
    directive: at.value,
    kindDirective: names[kind],
    known: KNOWN_OPTIONS[kind].join(', '),
  }, at);
  return null;
}

/** Step 4: cacheIf=, validate= and release= name module-level functions (declared or imported), passed by reference. */
function hookBindings<N>(a: Adapter<N>, fn: FunctionFacts<N>, options: Options, at: DirectiveFact, r: Reporter): BindingFact[] | null {
  const out: BindingFact[] = [];
  let ok = true;
  for (const opt of ['cacheIf', 'validate', 'release'] as const) {
    const name = options[opt];
    if (!name) continue;
    const b = a.lookup(fn.node, name);
    const why =
      b === null ? 'but nothing named ' + name + ' is declared or imported'
      : b === 'local' ? 'but ' + name + ' is declared inside the function'
      : b.scope !== 'module' ? 'but ' + name + ' is declared inside an enclosing function or block'
      : !isFunctionBinding(b) ? 'but ' + name + ' is a ' + (b.reassigned ? 'reassigned ' : '') + b.kind + ' binding, not a function'
      : '';
    if (why) { r.report('MK_NOT_MODULE_FUNCTION', { option: opt, name, why }, at); ok = false; }
    else out.push(b as BindingFact);
  }
  return ok ? out : null;
}

/** A declaration of this file as every site reaching it hashes it, and the modules its code loads. */
interface FileUnit {
  hashed: HashedUnit;
  loads: string[];
}

/**
 * Step 5: what the function depends on. Data declared in enclosing functions
 * is captured (joins the key); code, module-level declarations and imports are
 * units (join the hash), followed transitively through the units' own reads.
 */
function dependencies<N>(a: Adapter<N>, fn: FunctionFacts<N>, roots: BindingFact[], at: DirectiveFact, unitOf: (b: BindingFact) => FileUnit, r: Reporter) {
  const units: HashedUnit[] = [];
  const captured = new Map<string, BindingFact>();
  const imports: ImportReach[] = [];
  const loads: string[] = [];
  const seen = new Set<unknown>();
  const visit = (b: BindingFact, via: string | null) => {
    if (seen.has(b.ref)) return;
    seen.add(b.ref);
    if (!isCode(b)) {
      if (b.name.startsWith('_')) return;
      // A value read by a nested helper is passed from the site: it must mean the same variable there.
      if (via !== null && !sameBinding(a.lookup(fn.node, b.name), b)) {
        r.report('MK_SHADOWED_CAPTURE', { name: b.name, via }, at);
        return;
      }
      captured.set(b.name, b);
      return;
    }
    if (b.kind === 'import') {
      units.push({ scope: b.scope, name: b.name, kind: b.kind, source: b.source, imported: b.imported });
      // Followed into its file once the file's imports resolve (core/analyze/link.ts); data there is keyed here.
      if (b.source !== undefined) imports.push({ name: b.name, source: b.source, imported: b.imported ?? 'default', via, visible: via === null || sameBinding(a.lookup(fn.node, b.name), b) });
      return;
    }
    const unit = unitOf(b);
    units.push(unit.hashed);
    for (const l of unit.loads) loads.push(l);
    for (const ref of a.unitRefs(b)) visit(ref, b.name);
  };
  for (const b of roots) visit(b, null);
  return { units, captured: [...captured.keys()].sort(), imports, loads };
}

function sameBinding(x: BindingFact | 'local' | null, b: BindingFact): boolean {
  return x !== null && x !== 'local' && x.ref === b.ref;
}

/** Step 6: the key: parameter bindings not starting with `_`, then every argument when the body reads `arguments` (defaults and destructuring do not change it). */
function keysOf(fn: FunctionFacts, own: OwnUses): { keys: string[]; values: string[] } {
  const keys = fn.paramNames.filter((n) => !n.startsWith('_'));
  const values = [...keys];
  if (own.arguments) {
    keys.push(ARGUMENTS_KEY);
    // An arrow's `arguments` is its enclosing function's; at the top of an ES module there is none, and
    // reading it would throw where the body might only ask `typeof arguments`.
    values.push(fn.form === 'arrow' ? '(typeof arguments === "undefined" ? [] : Array.prototype.slice.call(arguments))' : 'Array.prototype.slice.call(arguments)');
  }
  return { keys, values };
}

/** Stray directives: at file level, after other statements, or in parentheses they do nothing. */
function checkStrays<N>(a: Adapter<N>, names: DirectiveNames, r: Reporter) {
  for (const s of a.strays) {
    const c = classify(s.value, names);
    if (!c || !c.ok) continue;
    r.report(s.where === 'file' ? 'MK_FILE_DIRECTIVE' : 'MK_MISPLACED_DIRECTIVE', { directive: names[c.kind] }, s);
  }
}

/**
 * Runs every rule over the adapter's facts. Returns the sites in source order,
 * or throws the first diagnostic (by position); all of them are on `error.errors`.
 */
export function analyzeSites<N>(a: Adapter<N>, opts: AnalyzeOptions): Site<N>[] {
  const names = directiveNames(opts);
  const { source } = a;
  const filename = displayPath(a.filename, opts.root);
  const errors: CompileError[] = [];
  const r: Reporter = {
    report: (code, args, at) => void errors.push(compileError(code, args, source, filename, at.start, at.end)),
    get count() { return errors.length; },
  };
  const jsx = fileKind(filename).jsx;
  // Sites of one file share their helpers: each declaration is tokenized once, and its hashed
  // unit is one object (core/hash.ts keeps each unit's JSON text by identity).
  const fileUnits = new Map<unknown, FileUnit>();
  const unitOf = (b: BindingFact): FileUnit => {
    let u = fileUnits.get(b.ref);
    if (!u) {
      const ts = unitRanges(b).flatMap((range) => tokens(source, range.start, range.end, jsx));
      fileUnits.set(b.ref, (u = { hashed: { scope: b.scope, name: b.name, kind: b.kind, tokens: ts }, loads: loadsIn(ts) }));
    }
    return u;
  };

  checkStrays(a, names, r);
  const sites: Site<N>[] = [];
  const qualified: string[] = [];
  for (const fn of a.functions) {
    const d = directiveOf(fn, names, r);
    if (!d) continue;
    const own = ownUses(fn);
    if (!checkForm(fn, own, d.kind, d.raw, names, r)) continue;
    if (!checkDynamicScope(fn, names[d.kind], r)) continue;
    const options = optionsOf(d.kind, d.options, d.raw, names, r);
    if (!options) continue;
    const shadow = varShadowingParam(fn);
    if (shadow) { r.report('MK_VAR_SHADOWS_PARAM', { name: shadow.name }, shadow); continue; }
    const hooks = hookBindings(a, fn, options, d.raw, r);
    if (!hooks) continue;
    const before = r.count;
    const deps = dependencies(a, fn, [...fn.refs, ...hooks], d.raw, unitOf, r);
    if (r.count > before) continue;
    const { keys, values } = keysOf(fn, own);
    const body = withoutDirectives(tokens(source, fn.body.start, fn.body.end, jsx), new Set(d.ours.map((o) => o.raw)));
    qualified.push(qualifiedName(fn.enclosing, fn.naming));
    sites.push({
      id: '',
      kind: d.kind,
      hash: '',
      keys,
      captured: deps.captured,
      dependencies: { files: [], packages: [], builtins: [], unresolved: [], unkeyed: [] },
      link: {
        hash: {
          kind: d.kind,
          async: fn.async,
          options: optionsText(options),
          params: fn.params.map((p) => tokens(source, p.start, p.end, jsx)),
          body,
          units: deps.units,
        },
        keyValues: values,
        captured: deps.captured,
        imports: deps.imports,
        loads: [...new Set([...loadsIn(body), ...deps.loads])],
        at: d.raw,
      },
      watch: [],
      options,
      loc: { start: lineColumn(source, fn.body.start), end: lineColumn(source, fn.body.end) },
      fn,
      self: isInstanceMember(fn) || own.this,
      directives: d.ours,
      kept: d.kept,
      values: [],
      registration: registrationOf(fn),
    });
  }

  if (errors.length) {
    errors.sort((x, y) => x.pos - y.pos);
    const first = errors[0];
    first.errors = errors;
    throw first;
  }
  const ids = assignIds(moduleId(a.filename, opts, opts.files), qualified);
  sites.forEach((s, i) => (s.id = ids[i]));
  return sites;
}
