// The work of memokit/loader (loader.cts), as an ES module: the same transform,
// filter and options as the plugins, with webpack's loader context for options,
// resolution and dependencies. Options must be plain data (Turbopack serializes them).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { isDeepStrictEqual } from 'node:util';
import { pluginSettings, transformForBundler, type PluginSettings, type BundlerTransform } from './transform.js';
import { loaderResolve } from './resolve.js';

// A loader runs once per module: its options are checked once. webpack hands every module of
// a rule the same options object; Turbopack hands each a new copy of plain data, known by its text.
const settingsByObject = new WeakMap<object, PluginSettings>();
const settingsByText = new Map<string, PluginSettings>();

function settingsOf(given: unknown): PluginSettings {
  // Options are an object (webpack 5's getOptions parses a query string into one); anything else counts as none.
  const options: any = given !== null && typeof given === 'object' ? given : {};
  let settings = settingsByObject.get(options);
  if (settings) return settings;
  const text = JSON.stringify(options);
  // Only plain data is known by its text: regular expressions and functions would all read as {}.
  const plain = isDeepStrictEqual(JSON.parse(text), options);
  settings = (plain && settingsByText.get(text)) || pluginSettings(options);
  if (plain) settingsByText.set(text, settings);
  settingsByObject.set(options, settings);
  return settings;
}

/** The compiled module for a loader call, or null to pass the source through unchanged. */
export async function runLoader(loaderContext: any, source: string, inputMap?: any): Promise<BundlerTransform | null> {
  const settings = settingsOf(typeof loaderContext.getOptions === 'function' ? loaderContext.getOptions() : loaderContext.query);
  const id = loaderContext.resourcePath + (loaderContext.resourceQuery || '');
  if (!settings.filter(id)) return null;
  const out = await transformForBundler(settings, source, id, loaderResolve(loaderContext), inputMap);
  if (out && typeof loaderContext.addDependency === 'function') for (const file of out.watch) loaderContext.addDependency(file);
  return out;
}
