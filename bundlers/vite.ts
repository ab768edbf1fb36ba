// memokit/vite: the memokit plugin for Vite, run before every other transform (`enforce: "pre"`), in builds, the dev server (with HMR of the files hashes read) and SSR (bundlers/plugin.ts).
import { unplugin, type MemokitPluginOptions } from './plugin.js';

export type { MemokitPluginOptions };
export const memokit = unplugin.vite;
export default memokit;
