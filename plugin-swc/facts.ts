// SWC adapter: the core's facts (core/analyze/contract.ts `Adapter`) from one
// walk over @swc/core's AST (walker.ts): directive functions with their names,
// parameters and uses, and every reference resolved to its binding (scopes.ts).
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Adapter, BindingFact, CollectContext, ExportFact, FunctionFacts, Naming, Range } from '../core/analyze/index.js';
import type { Binding } from './scopes.js';
import type { Offsets } from './offsets.js';
import { walk, fnPart, patternRange, patternIdentifiers, type FnRecord, type SwcFunction } from './walker.js';

export type { SwcFunction } from './walker.js';
export { isDirective } from './placement.js';

type Node = any;

/** `import` and `export` statements (TypeScript's `import x = require()` and `export =` are CommonJS). */
const MODULE_DECLARATIONS = new Set(['ImportDeclaration', 'ExportDeclaration', 'ExportNamedDeclaration', 'ExportDefaultDeclaration', 'ExportDefaultExpression', 'ExportAllDeclaration']);

export type SwcFacts = Adapter<SwcFunction>;

/** An export's name: an identifier or, `export { a as "b c" }`, a string. */
const exportName = (n: Node): string => n.value;

/** Declarations that only exist in types (`declare`, interfaces, type aliases, `declare module "m"`). */
function typeOnlyDeclaration(d: Node): boolean {
  return !!d.declare || d.type === 'TsInterfaceDeclaration' || d.type === 'TsTypeAliasDeclaration' || (d.type === 'TsModuleDeclaration' && d.id.type !== 'Identifier');
}

/** The form of a function node, as the contract names it. */
function formOf(n: Node, exportDefault: boolean): FunctionFacts['form'] {
  if (n.type === 'FunctionDeclaration' || (n.type === 'FunctionExpression' && exportDefault)) return 'declaration';
  if (n.type === 'FunctionExpression') return 'expression';
  if (n.type === 'ArrowFunctionExpression') return 'arrow';
  if (n.type === 'Constructor') return 'constructor';
  if (n.type === 'GetterProperty' || n.kind === 'getter') return 'getter';
  if (n.type === 'SetterProperty' || n.kind === 'setter') return 'setter';
  return 'method';
}

/** Collects the facts about one parsed file. `pos` converts SWC positions to UTF-16 indices of `source`. */
export function collectFacts(program: Node, source: string, pos: Offsets, filename: string, ctx: CollectContext): SwcFacts {
  const range = (span: { start: number; end: number }): Range => ({ start: pos(span.start), end: pos(span.end) });
  const { records, references, strays, programScope } = walk(program, source, pos, ctx);

  const facts = new Map<Binding, BindingFact>();
  const fact = (b: Binding): BindingFact => {
    let f = facts.get(b);
    if (!f) {
      f = {
        ref: b, name: b.name, scope: b.scope.isProgram() ? 'module' : 'nested', kind: b.kind, unit: b.unit ? range(b.unit) : undefined,
        source: b.source, imported: b.imported, init: b.init,
        merged: b.merged.map(range), reassigned: b.reassigned, mutated: b.mutated, effects: b.effects.map(range),
      };
      facts.set(b, f);
    }
    return f;
  };
  const freeRefs = (start: number, end: number): BindingFact[] => references.freeIn(start, end).map(fact);

  const functionFacts = (rec: FnRecord): FunctionFacts<SwcFunction> => {
    const n = rec.node;
    const d = rec.directive!;
    const f = fnPart(n);
    const enclosing: Naming[] = [];
    for (let r = rec.parent; r; r = r.parent) enclosing.unshift(r.naming);
    const params: Node[] = f.params ?? (n.param ? [n.param] : []);
    return {
      node: d.handle,
      prologue: d.prologue,
      form: formOf(n, d.exportDefault),
      async: !!f.async,
      generator: !!f.generator,
      naming: rec.naming,
      enclosing,
      params: params.map((q) => range(q.type === 'Parameter' || q.type === 'TsParameterProperty' ? q.span : patternRange(q))),
      paramNames: params.flatMap((q) => patternIdentifiers(q).map((id) => id.value)),
      body: range(f.body.span),
      uses: d.uses,
      vars: d.vars,
      refs: freeRefs(n.span.start, n.span.end),
    };
  };

  const directiveRecords = records.filter((r) => r.directive);
  const functions = directiveRecords.map(functionFacts).sort((a, b) => a.body.start - b.body.start);
  const byHandle = new Map(directiveRecords.map((r) => [r.directive!.handle, { scope: r.scope, span: r.node.span }]));
  // The facts are read: the records (which references keep) let go of the AST, so that it can die young.
  for (const r of records) r.node = null;

  const unitRefs = (b: BindingFact): BindingFact[] => {
    const own = b.ref as Binding;
    return [...(own.unit ? [own.unit] : []), ...own.merged, ...own.effects].flatMap((u) => freeRefs(u.start, u.end));
  };
  const lookup = (fn: SwcFunction, name: string): BindingFact | 'local' | null => {
    const rec = byHandle.get(fn)!;
    const b = rec.scope.lookup(name);
    if (!b) return null;
    return b.start >= rec.span.start && b.end <= rec.span.end ? 'local' : fact(b);
  };

  /** What the file exports, in source order (core/analyze/contract.ts `ExportFact`). */
  const exportsOf = (): ExportFact[] => {
    const out: ExportFact[] = [];
    const local = (exported: string, name: string) => {
      const b = programScope.bindings.get(name);
      out.push({ kind: 'local', exported, local: name, binding: b ? fact(b) : null });
    };
    const value = (exported: string, st: Node) => {
      const r = range(st.span);
      out.push({ kind: 'value', exported, range: r, refs: freeRefs(r.start, r.end) });
    };
    for (const st of program.body ?? []) {
      if (st.type === 'ExportDeclaration') {
        const d = st.declaration;
        if (typeOnlyDeclaration(d)) continue;
        if (d.type === 'VariableDeclaration') for (const x of d.declarations) for (const id of patternIdentifiers(x.id)) local(id.value, id.value);
        else if (d.type === 'TsImportEqualsDeclaration') local(d.id.value, d.id.value);
        else {
          const id = d.identifier ?? d.id;
          if (id?.type === 'Identifier') local(id.value, id.value);
        }
      } else if (st.type === 'ExportNamedDeclaration' && !st.typeOnly) {
        for (const sp of st.specifiers) {
          if (sp.isTypeOnly) continue;
          if (sp.type === 'ExportNamespaceSpecifier') out.push({ kind: 'from', exported: exportName(sp.name), source: st.source.value, imported: '*' });
          else if (sp.type === 'ExportDefaultSpecifier') out.push({ kind: 'from', exported: exportName(sp.exported), source: st.source.value, imported: 'default' });
          else {
            const exported = exportName(sp.exported ?? sp.orig);
            if (!st.source) local(exported, sp.orig.value);
            else out.push({ kind: 'from', exported, source: st.source.value, imported: exportName(sp.orig) });
          }
        }
      } else if (st.type === 'ExportAllDeclaration' && !st.typeOnly) {
        out.push({ kind: 'all', source: st.source.value });
      } else if (st.type === 'ExportDefaultDeclaration') {
        const d = st.decl;
        if (typeOnlyDeclaration(d)) continue;
        if ((d.type === 'FunctionExpression' || d.type === 'ClassExpression') && d.identifier) local('default', d.identifier.value);
        else value('default', st);
      } else if (st.type === 'ExportDefaultExpression') {
        value('default', st);
      } else if (st.type === 'TsExportAssignment') {
        value('=', st);
      } else if (st.type === 'TsImportEqualsDeclaration' && st.isExport) {
        local(st.id.value, st.id.value);
      }
    }
    return out;
  };

  const moduleSyntax = program.type === 'Module' && program.body.some((st: Node) => MODULE_DECLARATIONS.has(st.type));
  return { source, filename, moduleSyntax, exports: exportsOf(), functions, strays, unitRefs, lookup };
}
