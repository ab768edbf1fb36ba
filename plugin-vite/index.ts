// memokit/vite: the Rollup plugin with Vite's extras. It runs before every
// other transform (`enforce: "pre"`), so React Compiler and TypeScript
// strippers see plain code without the directive. Ids are relative to Vite's root
// unless `root` is given. Dev server, SSR module runner and build share it.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { pluginSettings, transformHook, type MemokitPluginOptions } from '../plugin-rollup/index.js';
import { withRoot } from '../core/options.js';

export type { MemokitPluginOptions };

export function memokit(options: MemokitPluginOptions = {}) {
  // Checked now, so that bad options fail when the config is loaded; resolved once.
  const { filter, engine, compiler } = pluginSettings(options);
  let current = compiler;
  return {
    name: 'memokit',
    enforce: 'pre' as const,
    configResolved(config: { root: string }) {
      if (options.root === undefined) current = withRoot(compiler, config.root);
    },
    transform: transformHook(engine, filter, () => current),
  };
}

export default memokit;
