// memokit/esbuild: the memokit plugin for esbuild (bundlers/plugin.ts); esbuild strips TypeScript afterwards.
import { unplugin, type MemokitPluginOptions } from './plugin.js';

export type { MemokitPluginOptions };
export const memokit = unplugin.esbuild;
export default memokit;
