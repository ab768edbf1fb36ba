// memokit/rollup: the transform as a Rollup plugin (issue #5). Thin: the
// filter comes from @rollup/pluginutils, the work from plugin-rollup/engine.ts,
// and compile errors go through `this.error` so Rollup shows its own frame.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { createFilter, type FilterPattern } from '@rollup/pluginutils';
import { resolveOptions, type PluginOptions } from '../core/options.js';
import { transformModule, ENGINES, type Engine } from './engine.js';

export interface MemokitPluginOptions extends PluginOptions {
  /** Modules to transform (default: .js .jsx .ts .tsx .mjs .cjs .mts .cts files). */
  include?: FilterPattern;
  /** Modules to leave alone (default: anything under node_modules). */
  exclude?: FilterPattern;
  /** `swc` (default: fast, keeps the text) or `babel`. */
  engine?: Engine;
}

/** Script files, any module flavour. */
export const DEFAULT_INCLUDE = /\.[cm]?[jt]sx?$/;
/** Dependencies are compiled by their authors. */
export const DEFAULT_EXCLUDE = /[\\/]node_modules[\\/]/;

/** The part of a compile error's message before its location and frame (Rollup prints its own). */
const headline = (e: any) => String(e.message).split('\n  at ')[0].split('\n\n')[0];

export const memokit = (options: MemokitPluginOptions = {}) => {
  const { include = DEFAULT_INCLUDE, exclude = DEFAULT_EXCLUDE, engine = 'swc', ...rest } = options;
  if (!ENGINES.includes(engine)) throw new Error(`memokit MK_PLUGIN_OPTION: engine must be "swc" or "babel", not ${JSON.stringify(engine)}.`);
  const o = resolveOptions(rest);
  const filter = createFilter(include, exclude);
  return {
    name: 'memokit',
    transform(this: any, code: string, id: string) {
      const file = id.split('?')[0];
      if (!filter(file)) return null;
      try {
        return transformModule(engine, code, file, o);
      } catch (e: any) {
        if (!e?.loc) throw e;
        // Babel prefixes its own messages with the file name; Rollup adds it again.
        this.error({ code: e.code, message: headline(e).replace(file + ': ', ''), loc: { file, line: e.loc.line, column: e.loc.column }, frame: e.frame });
      }
    },
  };
};

export default memokit;
