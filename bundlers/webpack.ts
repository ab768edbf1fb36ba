// memokit/webpack: the memokit plugin for webpack 5, a loader that runs before the others (`enforce: "pre"`) on the files the filter takes (bundlers/plugin.ts). memokit/loader is the same transform as a plain loader for module rules.
import { unplugin, type MemokitPluginOptions } from './plugin.js';

export type { MemokitPluginOptions };
export const memokit = unplugin.webpack;
export default memokit;
