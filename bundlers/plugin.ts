// The memokit plugin for every bundler, from one definition (unplugin): Rollup,
// Vite, Rolldown, webpack, Rspack, esbuild, Farm and Bun get the same options,
// filter, source maps, compile errors and watch files. What differs per bundler
// is how an import is resolved (the bundler's own resolver, aliases included) and
// how a compile error is shown; both are decided here from the build context.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { createUnplugin, type UnpluginInstance } from 'unplugin';
import { isCompileError, formatCompileError, type CompileErrorFields } from '../core/diagnostics.js';
import { fileKind } from '../core/files.js';
import { bundlerResolve } from './resolve.js';
import { pluginSettings, transformForBundler, fileOf, type MemokitPluginOptions } from './transform.js';

export type { MemokitPluginOptions };

/** Rollup's own check fails on TypeScript that nothing stripped; say which plugin is missing. */
function typescriptHint(error: any) {
  const id = error?.id;
  if (error?.code !== 'PARSE_ERROR' || typeof id !== 'string' || !fileKind(fileOf(id)).typescript) return;
  error.message += `\nmemokit: ${id} is TypeScript, and Rollup reads JavaScript only. Add a TypeScript plugin after memokit (@rollup/plugin-typescript, rollup-plugin-esbuild or @rollup/plugin-swc), or build with Vite or Rolldown, which strip types themselves.`;
}

/**
 * A compile error, shown by the bundler: Rollup, Vite and Rolldown through their own
 * `this.error` (it throws, with the code, location and frame); esbuild as an error of
 * the module at the error's position (the module's text is returned unchanged, so
 * that unplugin hands the error over instead of dropping it); elsewhere thrown as the
 * formatted error, whose message carries all of them.
 */
function reportCompileError(context: any, error: CompileErrorFields & Error, file: string, code: string) {
  const native = context.getNativeBuildContext?.();
  const loc = { file, line: error.loc.line, column: error.loc.column };
  if (!native && typeof context.error === 'function') context.error({ code: error.code, message: `${error.code}: ${error.reason} ${error.fix}`, loc, frame: error.frame });
  if (native?.framework !== 'esbuild') throw error;
  context.error({ message: formatCompileError(error), loc });
  return { code };
}

export const unplugin: UnpluginInstance<MemokitPluginOptions | undefined, false> = createUnplugin((options: MemokitPluginOptions | undefined, meta) => {
  const settings = pluginSettings(options);
  /** File read by a hash → the modules whose hashes read it (Vite's dev server transforms them again; other bundlers watch files themselves). */
  const readers = new Map<string, Set<string>>();
  const recordReads = (file: string, watch: string[]) => {
    if (meta.framework !== 'vite') return;
    for (const set of readers.values()) set.delete(file);
    for (const w of watch) {
      let set = readers.get(w);
      if (!set) readers.set(w, (set = new Set()));
      set.add(file);
    }
  };
  /** The transform hook: null for a module the filter leaves out or that has nothing to compile. */
  async function transform(this: any, code: string, id: string) {
    if (!settings.filter(id)) return null;
    try {
      const out = await transformForBundler(settings, code, id, bundlerResolve(this));
      recordReads(fileOf(id), out?.watch ?? []);
      if (!out) return null;
      for (const w of out.watch) this.addWatchFile(w);
      return { code: out.code, map: out.map };
    } catch (e) {
      if (!isCompileError(e)) throw e;
      return reportCompileError(this, e, fileOf(id), code);
    }
  }
  return {
    name: 'memokit',
    // Before every other transform, so that React Compiler, TypeScript strippers and loaders see plain code.
    enforce: 'pre',
    // Bundlers that call a loader per module (webpack, Rspack) ask this first.
    transformInclude: settings.filter,
    transform,
    // Rollup-like bundlers take the hook as it is (unplugin would wrap it to return undefined for excluded modules).
    rollup: { transform, buildEnd: typescriptHint },
    rolldown: { transform },
    vite: {
      transform,
      // Vite 6+: the modules to update for an edited file, per environment. Vite itself only re-runs
      // the importers of an edited module with their old transform, which would keep the old hashes;
      // the modules whose hashes read the file join the update, so they are transformed again.
      hotUpdate(this: any, update: { file: string; modules: any[] }) {
        const files = readers.get(update.file);
        if (!files?.size) return;
        const graph = this.environment.moduleGraph;
        const extra = [...files].flatMap((f) => [...(graph.getModulesByFile(f) ?? [])]);
        return [...new Set([...update.modules, ...extra])];
      },
    },
  };
});
