// memokit/vite: the Rollup plugin with Vite's extras. It runs before every
// other transform (`enforce: "pre"`), so React Compiler and TypeScript
// strippers see plain code without the directive. Ids are by package, as
// everywhere, unless `root` is given. Dev server, SSR module runner and build
// share it. In the dev server, an edit of a file that a hash read transforms its
// readers again: Vite itself only re-runs the importers of an edited module with
// their old transform (soft invalidation), which would keep the old hashes.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { pluginSettings, transformHook, type MemokitPluginOptions } from '../plugin-rollup/index.js';

export type { MemokitPluginOptions };

export function memokit(options: MemokitPluginOptions = {}) {
  // Checked now, so that bad options fail when the config is loaded; resolved once.
  const { filter, engine, compiler } = pluginSettings(options);
  /** File read by a hash → the modules whose hashes read it. */
  const readers = new Map<string, Set<string>>();
  const record = (file: string, watch: string[]) => {
    for (const set of readers.values()) set.delete(file);
    for (const w of watch) {
      let set = readers.get(w);
      if (!set) readers.set(w, (set = new Set()));
      set.add(file);
    }
  };
  return {
    name: 'memokit',
    enforce: 'pre' as const,
    transform: transformHook(engine, filter, compiler, record),
    // Vite 6+: the modules to update for an edited file, per environment; the readers join them, so they are transformed again.
    hotUpdate(this: any, update: { file: string; modules: any[] }) {
      const files = readers.get(update.file);
      if (!files?.size) return;
      const graph = this.environment.moduleGraph;
      const extra = [...files].flatMap((f) => [...(graph.getModulesByFile(f) ?? [])]);
      return [...new Set([...update.modules, ...extra])];
    },
  };
}

export default memokit;
