// memokit/farm: the memokit plugin for Farm (bundlers/plugin.ts).
import { unplugin, type MemokitPluginOptions } from './plugin.js';

export type { MemokitPluginOptions };
export const memokit = unplugin.farm;
export default memokit;
