// memokit/bun: the memokit plugin for Bun, one object for every way Bun loads code:
// `Bun.plugin(memokit())` in a preload (bunfig.toml `preload` for `bun run`,
// `[test] preload` for `bun test`) and `plugins: [memokit()]` in `Bun.build`.
// Written against Bun's plugin API rather than unplugin's adapter, which needs
// `Bun.build`'s builder (a preload's has no `config` or `onStart`), and because a
// runtime onLoad must answer every file its filter takes (undefined is an error there).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { readFile } from 'node:fs/promises';
import { pluginSettings, transformForBundler, withoutStack, type MemokitPluginOptions } from './transform.js';
import { isCompileError } from '../core/diagnostics.js';
import { inlineSourceMap } from '../engine/index.js';

export type { MemokitPluginOptions };

/** Scripts outside installed packages; Bun loads everything else itself. */
const PROJECT_SCRIPT = /^(?!.*[\\/]node_modules[\\/]).*\.[cm]?[jt]sx?$/;

/** Bun's loader for a script extension. */
function loaderOf(path: string): 'ts' | 'tsx' | 'js' | 'jsx' {
  return /\.tsx$/i.test(path) ? 'tsx' : /\.[cm]?ts$/i.test(path) ? 'ts' : /\.jsx$/i.test(path) ? 'jsx' : 'js';
}

export function memokit(options: MemokitPluginOptions = {}) {
  const settings = pluginSettings(options);
  return {
    name: 'memokit',
    setup(build: any) {
      build.onLoad({ filter: PROJECT_SCRIPT }, async ({ path }: { path: string }) => {
        const code = await readFile(path, 'utf8');
        const loader = loaderOf(path);
        if (!settings.filter(path)) return { contents: code, loader };
        try {
          const out = await transformForBundler(settings, code, path, async () => null);
          // memokit keeps every line where it was, so stack lines stay right where Bun ignores the map.
          return { contents: out ? out.code + inlineSourceMap(out.map) : code, loader };
        } catch (e) {
          throw isCompileError(e) ? withoutStack(e) : e;
        }
      });
    },
  };
}

export default memokit;
