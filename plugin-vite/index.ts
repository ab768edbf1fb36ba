// memokit/vite: the Rollup plugin with Vite's extras (issue #5). It runs before
// every other transform (`enforce: "pre"`), so React Compiler and TypeScript
// strippers see plain code without the directive. Ids are relative to Vite's root
// unless `root` is given. Dev server, SSR module runner and build share it.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { memokit as rollupPlugin, type MemokitPluginOptions } from '../plugin-rollup/index.js';

export type { MemokitPluginOptions };

export const memokit = (options: MemokitPluginOptions = {}) => {
  // Built now so that bad options fail when the config is loaded.
  let inner = rollupPlugin(options);
  return {
    name: 'memokit',
    enforce: 'pre' as const,
    configResolved(config: { root: string }) {
      if (options.root === undefined) inner = rollupPlugin({ ...options, root: config.root });
    },
    transform(this: any, code: string, id: string) {
      return inner.transform.call(this, code, id);
    },
  };
};

export default memokit;
