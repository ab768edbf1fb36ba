// memokit/rollup: the transform as a Rollup plugin. Thin: the filter comes
// from @rollup/pluginutils, the work from engine/, and compile errors go
// through `this.error` so Rollup shows its own frame.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { isAbsolute } from 'node:path';
import { createFilter, type FilterPattern } from '@rollup/pluginutils';
import { resolveOptions, type PluginOptions, type ResolvedOptions } from '../core/options.js';
import { isCompileError } from '../core/diagnostics.js';
import { SCRIPT_FILE } from '../core/files.js';
import { transformModuleAsync, isEngine, type Engine } from '../engine/index.js';

export interface MemokitPluginOptions extends PluginOptions {
  /** Modules to transform (default: .js .jsx .ts .tsx .mjs .cjs .mts .cts files). */
  include?: FilterPattern;
  /** Modules to leave alone (default: anything under node_modules). */
  exclude?: FilterPattern;
  /** `swc` (default: fast, keeps the text) or `babel`. */
  engine?: Engine;
}

/** Script files, any module flavour. */
export const DEFAULT_INCLUDE = SCRIPT_FILE;
/** Dependencies are compiled by their authors. */
export const DEFAULT_EXCLUDE = /[\\/]node_modules[\\/]/;

/** The plugin's own options split from the compiler's, checked once. */
export function pluginSettings(options: MemokitPluginOptions) {
  const { include = DEFAULT_INCLUDE, exclude = DEFAULT_EXCLUDE, engine = 'swc', ...compiler } = options;
  if (!isEngine(engine)) throw new Error(`memokit MK_PLUGIN_OPTION: engine must be "swc" or "babel", not ${JSON.stringify(engine)}.`);
  return { filter: createFilter(include, exclude), engine, compiler: resolveOptions(compiler) };
}

/** A resolved id as a path: the file part of an absolute id; virtual modules (`\0…`) and URLs are not files. */
function idPath(id: string): string | false {
  const path = id.split('?')[0];
  return isAbsolute(path) ? path : false;
}

/**
 * The transform hook. Imports the hashes follow are resolved by the bundler
 * (`this.resolve`: aliases and every other plugin's resolution), and each
 * file they read is watched, so an edit of a dependency transforms the importer again.
 */
export function transformHook(engine: Engine, filter: (id: string) => boolean, options: ResolvedOptions, onWatch?: (file: string, watch: string[]) => void) {
  return async function transform(this: any, code: string, id: string) {
    const file = id.split('?')[0];
    if (!filter(file)) return null;
    const resolve = async (specifier: string, importer: string) => {
      const r = await this.resolve(specifier, importer, { skipSelf: true });
      return r ? (r.external ? null : idPath(r.id)) : null;
    };
    try {
      const out = await transformModuleAsync(engine, code, file, options, resolve);
      onWatch?.(file, out?.watch ?? []);
      if (!out) return null;
      for (const w of out.watch) this.addWatchFile(w);
      return { code: out.code, map: out.map };
    } catch (e: any) {
      if (!isCompileError(e)) throw e;
      this.error({ code: e.code, message: `${e.reason} ${e.fix}`, loc: { file, line: e.loc.line, column: e.loc.column }, frame: e.frame });
    }
  };
}

export function memokit(options: MemokitPluginOptions = {}) {
  const { filter, engine, compiler } = pluginSettings(options);
  return { name: 'memokit', transform: transformHook(engine, filter, compiler) };
}

export default memokit;
