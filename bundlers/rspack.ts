// memokit/rspack: the memokit plugin for Rspack (bundlers/plugin.ts).
import { unplugin, type MemokitPluginOptions } from './plugin.js';

export type { MemokitPluginOptions };
export const memokit = unplugin.rspack;
export default memokit;
