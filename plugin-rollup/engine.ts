// One module through the chosen engine, for the bundler integrations (issue #5):
// SWC by default (text edits, fast), Babel on request. Both return code and a
// source map, or null when the module has no directive.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { createRequire } from 'node:module';
import { transform as swcTransform } from '../plugin-swc/index.js';
import babelPlugin from '../plugin-babel/index.js';
import { mayHaveDirectives, directiveNames } from '../core/analyze.js';
import { parserPlugins, type PluginOptions } from '../core/options.js';

export type Engine = 'swc' | 'babel';
/** Engines a user can pick; SWC is the default. */
export const ENGINES: readonly Engine[] = ['swc', 'babel'];

export interface ModuleResult {
  code: string;
  map: any;
}

let babel: any;

export const transformModule = (engine: Engine, code: string, filename: string, o: PluginOptions): ModuleResult | null => {
  if (engine === 'swc') {
    const out = swcTransform(code, { ...o, filename, sourceMaps: true });
    return out && { code: out.code, map: out.map };
  }
  if (!mayHaveDirectives(code, directiveNames(o))) return null;
  babel ??= createRequire(import.meta.url)('@babel/core');
  const out = babel.transformSync(code, {
    filename,
    babelrc: false,
    configFile: false,
    sourceMaps: true,
    sourceType: 'unambiguous',
    parserOpts: { plugins: parserPlugins(filename) },
    plugins: [[babelPlugin, o]],
  });
  return { code: out.code, map: out.map };
};
