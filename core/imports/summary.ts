// What other files can reach in one file: its exports and, for each module
// binding they lead to, the unit it is hashed as (the same tokens and the same
// code-or-data rule as inside the file, core/analyze/rules.ts) and the bindings
// it reads. Built from an adapter's facts once per file content; engine-neutral,
// so both engines hash another file alike.
import type { Adapter, BindingFact } from '../analyze/contract.js';
import { isCode, unitRanges } from '../analyze/rules.js';
import { tokens } from '../tokens.js';

/** One binding of the file, as an importer's hash sees it. */
export interface SummaryNode {
  name: string;
  scope: 'module' | 'nested';
  kind: string;
  /** Code (hashed by its tokens) or data (read at call time: keyed where the importer can read it). */
  code: boolean;
  tokens: string[];
  /** Imports: where from and which name. */
  source?: string;
  imported?: string;
  /** The nodes it reads (keys of `ModuleSummary.nodes`). */
  refs: string[];
  /** Literal `require("…")` and `import("…")` calls in its tokens: whole modules it loads. */
  loads: string[];
}

export type ExportTarget = { node: string } | { source: string; imported: string };

export interface ModuleSummary {
  /** Exported name → the node it is, or the module and name it re-exports. */
  exports: Map<string, ExportTarget>;
  /** `export * from` specifiers, in source order. */
  stars: string[];
  nodes: Map<string, SummaryNode>;
  /** A file without `import` or `export` (CommonJS, a script): hashed whole, with every module it loads. */
  whole: { tokens: string[]; loads: string[] } | null;
}

/** A string token's value, for literal specifiers (`'./a'`, `"./a"`, `` `./a` ``); null for anything computed. */
function literal(t: string | undefined): string | null {
  if (!t || t.length < 2) return null;
  const q = t[0];
  if ((q !== '"' && q !== "'" && q !== '`') || t[t.length - 1] !== q) return null;
  const body = t.slice(1, -1);
  if (q === '`' && body.includes('${')) return null;
  if (!body.includes('\\')) return body;
  try {
    return q === '"' ? JSON.parse(t) : JSON.parse('"' + body.replace(/"/g, '\\"') + '"');
  } catch {
    return null;
  }
}

/** Specifiers of literal `require("…")` and `import("…")` calls in a token stream, in order. */
export function loadsIn(ts: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 3 < ts.length; i++) {
    if ((ts[i] !== 'require' && ts[i] !== 'import') || ts[i + 1] !== '(' || ts[i - 1] === '.') continue;
    const s = literal(ts[i + 2]);
    if (s !== null && (ts[i + 3] === ')' || ts[i + 3] === ',') && !out.includes(s)) out.push(s);
  }
  return out;
}

/** The summary key of a binding: module bindings by name; the odd nested one a module unit reads gets a name no binding has. */
function keyOf(b: BindingFact): string {
  return b.scope === 'module' ? b.name : '~' + b.name;
}

export function summarize(a: Adapter<unknown>, jsx: boolean): ModuleSummary {
  const nodes = new Map<string, SummaryNode>();
  const tokensOf = (r: { start: number; end: number }) => tokens(a.source, r.start, r.end, jsx);
  const add = (b: BindingFact): string => {
    const key = keyOf(b);
    if (nodes.has(key)) return key;
    const code = isCode(b);
    // Data (written at run time) is hashed by its declarations alone: what writes it is not code it runs.
    const ranges = b.kind === 'import' ? [] : code ? unitRanges(b) : [...(b.unit ? [b.unit] : []), ...b.merged];
    const ts = ranges.flatMap(tokensOf);
    const node: SummaryNode = { name: b.name, scope: b.scope, kind: b.kind, code, tokens: ts, refs: [], loads: loadsIn(ts) };
    if (b.kind === 'import') (node.source = b.source), (node.imported = b.imported);
    nodes.set(key, node);
    if (b.kind !== 'import' && code) for (const r of a.unitRefs(b)) node.refs.push(add(r));
    return key;
  };
  const exports = new Map<string, ExportTarget>();
  const stars: string[] = [];
  for (const e of a.exports) {
    if (e.kind === 'all') stars.push(e.source);
    else if (e.kind === 'from') exports.set(e.exported, { source: e.source, imported: e.imported });
    else if (e.kind === 'local') {
      if (e.binding) exports.set(e.exported, { node: add(e.binding) });
    } else {
      const key = 'export ' + e.exported;
      const ts = tokensOf(e.range);
      nodes.set(key, { name: e.exported, scope: 'module', kind: 'export', code: true, tokens: ts, refs: [], loads: loadsIn(ts) });
      nodes.get(key)!.refs = e.refs.map(add);
      exports.set(e.exported, { node: key });
    }
  }
  let whole: ModuleSummary['whole'] = null;
  if (!a.moduleSyntax && !a.exports.length) {
    const ts = tokens(a.source, 0, a.source.length, jsx);
    whole = { tokens: ts, loads: loadsIn(ts) };
  }
  return { exports, stars, nodes, whole };
}
