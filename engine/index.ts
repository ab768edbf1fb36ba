// One module through the chosen engine, for the integrations (Rollup, Vite, the
// register hook, the CLI): SWC by default (text edits, fast), Babel on request.
// Options arrive resolved; syntax errors of either parser arrive as compile errors.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { createRequire } from 'node:module';
import { transformResolved as swcTransform, analyzeResolved as swcAnalyze } from '../plugin-swc/index.js';
import babelPlugin, { analyzeResolved as babelAnalyze } from '../plugin-babel/index.js';
import { parserPlugins, babelSyntaxError } from '../plugin-babel/parse.js';
import { needsParse, type SiteInfo } from '../core/analyze/index.js';
import { modulePath } from '../core/ids.js';
import type { ResolvedOptions } from '../core/options.js';

export type Engine = 'swc' | 'babel';
/** Engines a user can pick; SWC is the default. */
export const ENGINES: readonly Engine[] = ['swc', 'babel'];

export interface ModuleResult {
  code: string;
  map: any;
}

/** Checks an `engine` option (plugins and the CLI). */
export function isEngine(value: unknown): value is Engine {
  return (ENGINES as readonly unknown[]).includes(value);
}

let babel: any;

/** The compiled module with its source map, or null when it has no directive. */
export function transformModule(engine: Engine, code: string, filename: string, o: ResolvedOptions): ModuleResult | null {
  if (engine === 'swc') {
    const out = swcTransform(code, filename, o, true);
    return out && { code: out.code, map: out.map };
  }
  if (!needsParse(code, o)) return null;
  babel ??= createRequire(import.meta.url)('@babel/core');
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
    throw babelSyntaxError(e, code, filename, modulePath(filename, o.root));
  }
  return { code: out.code, map: out.map };
}

/** The module's cached functions, as `analyze` of the engine returns them. */
export function analyzeModule(engine: Engine, code: string, filename: string, o: ResolvedOptions): SiteInfo[] {
  return engine === 'babel' ? babelAnalyze(code, filename, o) : swcAnalyze(code, filename, o);
}
