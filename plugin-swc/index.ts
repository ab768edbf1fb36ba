// memokit/swc: the same transform as memokit/babel on @swc/core's parser, with
// magic-string edits (issue #4). Thin on purpose: parse.ts parses, facts.ts
// reads the AST, core/analyze.ts decides, rewrite.ts edits the text.
/* eslint-disable @typescript-eslint/no-explicit-any */
import MagicString, { type SourceMap } from 'magic-string';
import { analyzeSites, directiveNames, mayHaveDirectives, publicSite, type SiteInfo, type Site } from '../core/analyze.js';
import { resolveOptions, type PluginOptions } from '../core/options.js';
import { collectFacts, isDirective, type SwcFunction } from './facts.js';
import { parse, parserOptions, sourceContext, swcCore, type Parsed } from './parse.js';
import { rewrite } from './rewrite.js';

export type { PluginOptions, SiteInfo };

export interface TransformOptions extends PluginOptions {
  filename?: string;
  /** Build a source map (high resolution, original source embedded). */
  sourceMaps?: boolean;
}

export interface TransformResult {
  code: string;
  map: SourceMap | null;
}

const sitesOf = (code: string, filename: string, o: PluginOptions): { parsed: Parsed; sites: Site<SwcFunction>[] } => {
  const parsed = parse(code, filename, filename);
  const facts = collectFacts(parsed.program, code, parsed.pos, filename, directiveNames(o));
  return { parsed, sites: analyzeSites(facts, { ...o, filename }) };
};

/** Where the header goes: before the first statement that is not a directive of the file. */
const headerPosition = (p: Parsed, code: string): number => {
  for (const st of p.program.body) {
    if (isDirective(st)) continue;
    return p.pos(st.span.start);
  }
  return code.length;
};

/**
 * Rewrites the file's `"use memo"` / `"use singleton"` functions. Returns null
 * when there is nothing to do (decided by a substring check before any parsing
 * for files without a directive). Throws the same compile errors as the Babel plugin.
 */
export const transform = (code: string, options: TransformOptions = {}): TransformResult | null => {
  const o = resolveOptions(options);
  if (!mayHaveDirectives(code, directiveNames(o))) return null;
  const filename = options.filename ?? 'unknown';
  const { parsed, sites } = sitesOf(code, filename, o);
  if (!sites.length) return null;
  const ms = new MagicString(code);
  rewrite(ms, code, sites, { runtime: o.runtime, esm: parsed.esm, headerAt: headerPosition(parsed, code) });
  return {
    code: ms.toString(),
    map: options.sourceMaps ? ms.generateMap({ hires: true, source: filename, includeContent: true }) : null,
  };
};

/** The cached functions of a file, without rewriting it: exactly what memokit/babel's `analyze` returns. */
export const analyze = (code: string, options: PluginOptions & { filename?: string } = {}): SiteInfo[] => {
  const o = resolveOptions(options);
  if (!mayHaveDirectives(code, directiveNames(o))) return [];
  return sitesOf(code, options.filename ?? 'unknown', o).sites.map(publicSite);
};

/**
 * For @swc/core's `plugin` option (a JavaScript function of the Program):
 * `transformSync(code, { filename, plugin: memokit({ filename }) })`. The plugin
 * reads the original text from the source context @swc/core attaches to the
 * program, so ids and hashes equal the text path's; the rewritten text is
 * parsed again and handed back to SWC.
 */
export const swcPlugin = (options: TransformOptions = {}) => {
  resolveOptions(options);
  return (program: any): any => {
    const ctx = sourceContext(program);
    if (!ctx) {
      throw new Error('memokit/swc: the program carries no source text (@swc/core >= 1.15 attaches it to parsed programs); call memokit/swc `transform` on the code instead.');
    }
    const filename = options.filename ?? 'unknown';
    const out = transform(ctx.source, { ...options, filename });
    if (!out) return program;
    const next = swcCore().parseSync(out.code, { ...parserOptions(filename), isModule: 'unknown', target: 'esnext' });
    // @swc/core copies the old program's source context onto the returned one;
    // a frozen program keeps its own, so SWC prints from the rewritten text.
    return Object.freeze(next);
  };
};

export default swcPlugin;
