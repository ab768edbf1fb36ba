// memokit/rollup: the memokit plugin for Rollup (bundlers/plugin.ts). Put it first, so later plugins see plain code.
import { unplugin, type MemokitPluginOptions } from './plugin.js';

export type { MemokitPluginOptions };
export const memokit = unplugin.rollup;
export default memokit;
