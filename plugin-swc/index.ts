// memokit/swc: the same transform as memokit/babel on @swc/core's parser, with
// magic-string edits. Thin on purpose: parse.ts parses, facts.ts reads the
// AST, the core decides (core/analyze), rewrite.ts edits the text.
/* eslint-disable @typescript-eslint/no-explicit-any */
import MagicString, { type SourceMap } from 'magic-string';
import { analyzeFile, publicSite, NO_FUNCTIONS, type SiteInfo, type Site, type FileAnalysis, type ModuleReader } from '../core/analyze/index.js';
import { resolveOptions, type PluginOptions, type ResolvedOptions } from '../core/options.js';
import { filePlan } from '../core/emit.js';
import { runtimeImportFormat } from '../core/files.js';
import { displayPath } from '../core/ids.js';
import { collectFacts, isDirective, type SwcFunction } from './facts.js';
import { parse, reparse, sourceContext, type Parsed } from './parse.js';
import { rewrite } from './rewrite.js';

export type { PluginOptions, SiteInfo };

export interface TransformOptions extends PluginOptions {
  filename?: string;
  /** Build a source map (a mapping at every word boundary, where stack frames point; original source embedded). */
  sourceMaps?: boolean;
}

export interface TransformResult {
  code: string;
  map: SourceMap | null;
}

/** Files that a compiled file imports, read with the same parser and adapter (core/imports). */
export const swcReader: ModuleReader = {
  engine: 'swc',
  facts(code, filename) {
    const p = parse(code, filename, filename);
    return collectFacts(p.program, code, p.pos, filename, NO_FUNCTIONS);
  },
};

/** A file analyzed, to be linked and then emitted. */
export interface Prepared extends FileAnalysis<SwcFunction> {
  /** Where the file's header goes (see `headerPosition`). */
  headerAt: number;
  moduleSyntax: boolean;
}

/** Parses and analyzes a file (null: no directive, not parsed). Link it, then `emit`. */
export function prepare(code: string, filename: string, o: ResolvedOptions): Prepared | null {
  // Nothing past this function holds the AST: in a large file, letting it die young saves the
  // garbage collector copying it while the sites are analyzed, linked and emitted.
  let headerAt = 0;
  let moduleSyntax = false;
  const analysis = analyzeFile(code, filename, o, (ctx) => {
    const parsed = parse(code, filename, displayPath(filename, o.root));
    const facts = collectFacts(parsed.program, code, parsed.pos, filename, ctx);
    headerAt = headerPosition(parsed, code);
    moduleSyntax = facts.moduleSyntax;
    return facts;
  }, swcReader);
  return analysis && { ...analysis, headerAt, moduleSyntax };
}

function sitesOf(code: string, filename: string, o: ResolvedOptions): Site<SwcFunction>[] | null {
  const p = prepare(code, filename, o);
  if (!p) return null;
  p.link();
  return p.sites;
}

/** Where the header goes: before the first statement that is not a directive of the file. */
function headerPosition(p: Parsed, code: string): number {
  for (const st of p.program.body) {
    if (isDirective(st)) continue;
    return p.pos(st.span.start);
  }
  return code.length;
}

/** The rewritten file of a linked analysis (null: no site). */
export function emit(p: Prepared, code: string, filename: string, o: ResolvedOptions, sourceMaps = false): TransformResult | null {
  const { headerAt, sites, moduleSyntax } = p;
  if (!sites.length) return null;
  const ms = new MagicString(code);
  rewrite(ms, code, sites, filePlan(sites, code, o.runtime, runtimeImportFormat(filename, code, moduleSyntax)), headerAt);
  return {
    code: ms.toString(),
    map: sourceMaps ? ms.generateMap({ hires: 'boundary', source: filename, includeContent: true }) : null,
  };
}

/** `transform` with options resolved by the caller. */
export function transformResolved(code: string, filename: string, o: ResolvedOptions, sourceMaps = false): TransformResult | null {
  const p = prepare(code, filename, o);
  if (!p) return null;
  p.link();
  return emit(p, code, filename, o, sourceMaps);
}

/**
 * Rewrites the file's `"use memo"` / `"use singleton"` functions. Returns null
 * when there is nothing to do (decided before any parsing for files without a
 * directive). Throws the same compile errors as the Babel plugin.
 */
export function transform(code: string, options: TransformOptions = {}): TransformResult | null {
  const { filename = 'unknown', sourceMaps, ...rest } = options;
  return transformResolved(code, filename, resolveOptions(rest), !!sourceMaps);
}

/** `analyze` with options resolved by the caller. */
export function analyzeResolved(code: string, filename: string, o: ResolvedOptions): SiteInfo[] {
  return (sitesOf(code, filename, o) ?? []).map(publicSite);
}

/** The cached functions of a file, without rewriting it: exactly what memokit/babel's `analyze` returns. */
export function analyze(code: string, options: PluginOptions & { filename?: string } = {}): SiteInfo[] {
  const { filename = 'unknown', ...rest } = options;
  return analyzeResolved(code, filename, resolveOptions(rest));
}

/**
 * For @swc/core's `plugin` option (a JavaScript function of the Program):
 * `transformSync(code, { filename, plugin: memokit({ filename }) })`. The plugin
 * reads the original text from the source context @swc/core attaches to the
 * program, so ids and hashes equal the text path's; the rewritten text is
 * parsed again and handed back to SWC.
 */
export function swcPlugin(options: TransformOptions = {}) {
  const { filename = 'unknown', sourceMaps: _ignored, ...rest } = options;
  const o = resolveOptions(rest);
  return (program: any): any => {
    const ctx = sourceContext(program);
    if (!ctx) {
      throw new Error('memokit/swc: the program carries no source text (@swc/core >= 1.15 attaches it to parsed programs); call memokit/swc `transform` on the code instead.');
    }
    const out = transformResolved(ctx.source, filename, o);
    if (!out) return program;
    // @swc/core copies the old program's source context onto the returned one;
    // a frozen program keeps its own, so SWC prints from the rewritten text.
    return Object.freeze(reparse(out.code, filename));
  };
}

export default swcPlugin;
