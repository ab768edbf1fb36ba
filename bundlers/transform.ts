// One module through memokit for a bundler: the options every bundler entry and
// the webpack loader share (filter, engine, compiler options), and the transform
// they all run. Compile errors are thrown with their formatted message; each
// bundler's entry shows them its own way.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { createFilter, type FilterPattern } from '@rollup/pluginutils';
import remapping from '@jridgewell/remapping';
import { resolveOptions, type PluginOptions, type ResolvedOptions } from '../core/options.js';
import { DEPENDENCY_PATH, SCRIPT_FILE } from '../core/files.js';
import { transformModuleAsync, isEngine, type Engine, type AsyncResolve } from '../engine/index.js';
import { isCompileError } from '../core/diagnostics.js';

export interface MemokitPluginOptions extends PluginOptions {
  /** Modules to transform (default: .js .jsx .ts .tsx .mjs .cjs .mts .cts files). */
  include?: FilterPattern;
  /** Modules to leave alone (default: anything under node_modules). */
  exclude?: FilterPattern;
  /** `swc` (default: fast, keeps the text) or `babel`. */
  engine?: Engine;
}


export interface PluginSettings {
  /** Whether a module id (query stripped) is compiled. */
  filter: (id: string) => boolean;
  engine: Engine;
  compiler: ResolvedOptions;
}

/** The plugin's own options split from the compiler's, checked once (bad options fail when the config loads). */
export function pluginSettings(options: MemokitPluginOptions = {}): PluginSettings {
  // By default: scripts of any module flavour, not dependencies (their authors compile them).
  const { include = SCRIPT_FILE, exclude = DEPENDENCY_PATH, engine = 'swc', ...compiler } = options;
  if (!isEngine(engine)) throw new Error(`memokit MK_PLUGIN_OPTION: engine must be "swc" or "babel", not ${JSON.stringify(engine)}.`);
  const matches = createFilter(include, exclude);
  return { filter: (id) => matches(fileOf(id)), engine, compiler: resolveOptions(compiler) };
}

/** The file part of a module id (bundlers append `?query` for variants of one file). */
export function fileOf(id: string): string {
  return id.split('?')[0];
}

export interface BundlerTransform {
  code: string;
  map: any;
  /** Other files the hashes read: the bundler must watch them. */
  watch: string[];
}

/**
 * The compiled module, or null when it has nothing to compile. `inputMap`, when the
 * code arrives already transformed (a webpack loader after another; an object or its
 * JSON text), is chained under memokit's map so that stack traces reach the original
 * source. A compile error is thrown marked for bundlers that would print its stack.
 */
export async function transformForBundler(settings: PluginSettings, code: string, id: string, resolve: AsyncResolve, inputMap?: any): Promise<BundlerTransform | null> {
  let out;
  try {
    out = await transformModuleAsync(settings.engine, code, fileOf(id), settings.compiler, resolve);
  } catch (e) {
    // webpack and Rspack print a thrown error's stack unless told not to: here it is memokit's, not the user's.
    if (isCompileError(e)) (e as any).hideStack = true;
    throw e;
  }
  if (!out) return null;
  const input = typeof inputMap === 'string' ? JSON.parse(inputMap) : inputMap;
  const map = input && typeof input === 'object' && input.mappings ? remapping([out.map, input], () => null) : out.map;
  return { code: out.code, map, watch: out.watch };
}
