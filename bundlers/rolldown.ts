// memokit/rolldown: the memokit plugin for Rolldown (bundlers/plugin.ts).
import { unplugin, type MemokitPluginOptions } from './plugin.js';

export type { MemokitPluginOptions };
export const memokit = unplugin.rolldown;
export default memokit;
