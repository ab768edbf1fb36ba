// One module through the chosen engine, for the integrations (Rollup, Vite, the
// register hook, the CLI): SWC by default (text edits, fast), Babel on request.
// Options arrive resolved; syntax errors of either parser arrive as compile errors.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { writeSync } from 'node:fs';
import { requirePeer } from '../core/peer.js';
import { formatCompileError, isCompileError } from '../core/diagnostics.js';
import { prepare as swcPrepare, emit as swcEmit, analyzeResolved as swcAnalyze } from '../plugin-swc/index.js';
import babelPlugin, { analyzeResolved as babelAnalyze, prepareResolved as babelPrepare } from '../plugin-babel/index.js';
import { parserPlugins, babelSyntaxError } from '../plugin-babel/parse.js';
import { needsParse, type SiteInfo, type Site, type ResolveHook } from '../core/analyze/index.js';
import { displayPath } from '../core/ids.js';
import { withResolver, type ResolvedOptions } from '../core/options.js';

export type Engine = 'swc' | 'babel';
/** Engines a user can pick; SWC is the default. */
export const ENGINES: readonly Engine[] = ['swc', 'babel'];

export interface ModuleResult {
  code: string;
  map: any;
  /** Absolute paths of the other files the hashes read: a rebuild must follow their edits. */
  watch: string[];
}

/** A bundler's resolver: the path it resolves to, false (it does not resolve), or null (resolve as memokit does). */
export type AsyncResolve = (specifier: string, importer: string) => Promise<string | false | null>;

const watchOf = (sites: Site<unknown>[]) => [...new Set(sites.flatMap((s) => s.watch))].sort();

/** A source map as the comment that carries it inside the code (for runtimes that read no separate map). */
export function inlineSourceMap(map: unknown): string {
  return '\n//# sourceMappingURL=data:application/json;base64,' + Buffer.from(JSON.stringify(map)).toString('base64');
}

/**
 * Where code is compiled as it is loaded (the register hook, Bun's runtime plugin), a
 * compile error (or a missing @swc/core) stops the program, printed once: code, reason,
 * fix, position and frame, without memokit's own stack (thrown, the runtime would print it
 * with the error's fields; Node twice where it crosses from the loader thread). Written
 * synchronously: the process ends at once, from the main thread or Node's loader thread
 * alike. Anything else returns, for the caller to rethrow.
 */
export function stopOnCompileError(error: any): void {
  const text = isCompileError(error) ? formatCompileError(error) : error?.code === 'MK_MISSING_PEER' ? error.message : null;
  if (text === null) return;
  writeSync(2, text + '\n');
  process.exit(1);
}

/** Checks an `engine` option (plugins and the CLI). */
export function isEngine(value: unknown): value is Engine {
  return (ENGINES as readonly unknown[]).includes(value);
}

let babel: any;

/** The compiled module with its source map, or null when it has no directive. */
export function transformModule(engine: Engine, code: string, filename: string, o: ResolvedOptions): ModuleResult | null {
  if (engine === 'swc') {
    const p = swcPrepare(code, filename, o);
    if (!p) return null;
    p.link();
    const out = swcEmit(p, code, filename, o, true);
    return out && { code: out.code, map: out.map, watch: watchOf(p.sites) };
  }
  if (!needsParse(code, o)) return null;
  babel ??= requirePeer('@babel/core');
  let out: any;
  try {
    out = babel.transformSync(code, {
      filename,
      babelrc: false,
      configFile: false,
      sourceMaps: true,
      sourceType: 'unambiguous',
      parserOpts: { plugins: parserPlugins(filename) },
      plugins: [[babelPlugin, o]],
    });
  } catch (e) {
    throw babelSyntaxError(e, code, filename, displayPath(filename, o.root));
  }
  return out.metadata?.memokit ? { code: out.code, map: out.map, watch: out.metadata.memokit.watch } : null;
}

/**
 * `transformModule` with imports resolved by an asynchronous resolver (Rollup's and
 * Vite's `this.resolve`): the analysis is linked again with each batch of answers
 * until every import it follows is answered.
 */
export async function transformModuleAsync(engine: Engine, code: string, filename: string, o: ResolvedOptions, resolve: AsyncResolve): Promise<ModuleResult | null> {
  if (!needsParse(code, o)) return null;
  const answers = new Map<string, string | false | null>();
  const asked = new Map<string, [string, string]>();
  const keyOf = (specifier: string, importer: string) => importer + '\0' + specifier;
  const hook: ResolveHook = (specifier, importer) => {
    const k = keyOf(specifier, importer);
    if (answers.has(k)) return answers.get(k);
    asked.set(k, [specifier, importer]);
    return undefined;
  };
  const settle = async (link: (hook: ResolveHook) => boolean) => {
    while (!link(hook)) {
      const batch = [...asked];
      asked.clear();
      if (!batch.length) throw new Error('memokit: linking is pending without a question to answer (a bug; please report it).');
      await Promise.all(batch.map(async ([k, [specifier, importer]]) => answers.set(k, await resolve(specifier, importer))));
    }
  };
  if (engine === 'swc') {
    const p = swcPrepare(code, filename, o);
    if (!p) return null;
    await settle(p.link);
    const out = swcEmit(p, code, filename, o, true);
    return out && { code: out.code, map: out.map, watch: watchOf(p.sites) };
  }
  // Babel's plugin is synchronous: learn what to resolve from an analysis, then compile with the answers.
  const analysis = babelPrepare(code, filename, o);
  if (!analysis) return null;
  await settle(analysis.link);
  return transformModule('babel', code, filename, withResolver(o, (specifier, importer) => answers.get(keyOf(specifier, importer)) ?? undefined));
}

/** The module's cached functions, as `analyze` of the engine returns them. */
export function analyzeModule(engine: Engine, code: string, filename: string, o: ResolvedOptions): SiteInfo[] {
  return engine === 'babel' ? babelAnalyze(code, filename, o) : swcAnalyze(code, filename, o);
}
