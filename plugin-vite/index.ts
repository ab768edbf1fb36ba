// memokit/vite: the Rollup plugin with Vite's extras. It runs before every
// other transform (`enforce: "pre"`), so React Compiler and TypeScript
// strippers see plain code without the directive. Ids are by package, as
// everywhere, unless `root` is given. Dev server, SSR module runner and build
// share it; in the dev server, the files a hash reads are watched like imports,
// so an edit of one transforms its importers again.
import { pluginSettings, transformHook, type MemokitPluginOptions } from '../plugin-rollup/index.js';

export type { MemokitPluginOptions };

export function memokit(options: MemokitPluginOptions = {}) {
  // Checked now, so that bad options fail when the config is loaded; resolved once.
  const { filter, engine, compiler } = pluginSettings(options);
  return {
    name: 'memokit',
    enforce: 'pre' as const,
    transform: transformHook(engine, filter, compiler),
  };
}

export default memokit;
