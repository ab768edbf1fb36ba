// memokit/bun: the memokit plugin for Bun, one object for every way Bun loads code:
// `Bun.plugin(memokit())` in a preload (bunfig.toml `preload` for `bun run`,
// `[test] preload` for `bun test`) and `plugins: [memokit()]` in `Bun.build`.
// Written against Bun's plugin API rather than unplugin's adapter, which needs
// `Bun.build`'s builder (a preload's has no `config` or `onStart`), and because a
// runtime onLoad must answer every file its filter takes (undefined is an error there).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { readFile } from 'node:fs/promises';
import { pluginSettings, transformForBundler, type MemokitPluginOptions } from './transform.js';
import { DEPENDENCY_PATH, SCRIPT_FILE, fileKind } from '../core/files.js';
import { inlineSourceMap, stopOnCompileError } from '../engine/index.js';

export type { MemokitPluginOptions };

/**
 * The files the plugin answers for: scripts outside installed packages; Bun loads
 * everything else itself. A regular expression, as Bun filters with one; the
 * plugin's own include/exclude then choose among them.
 */
const PROJECT_SCRIPT = new RegExp('^(?!.*' + DEPENDENCY_PATH.source + ').*' + SCRIPT_FILE.source, 'i');

/** Bun's loader for a script: TypeScript with or without JSX, else JavaScript (Bun's `js` reads JSX too). */
function loaderOf(path: string): 'ts' | 'tsx' | 'js' {
  const kind = fileKind(path);
  return kind.typescript ? (kind.jsx ? 'tsx' : 'ts') : 'js';
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
          // At run time (a preload has no build config) the program stops; Bun.build reports the error in its logs.
          if (!build.config) stopOnCompileError(e);
          throw e;
        }
      });
    },
  };
}

export default memokit;
