// The work of memokit/loader (loader.cts), as an ES module: the same transform,
// filter and options as the plugins, with webpack's loader context for options,
// resolution and dependencies. Options must be plain data (Turbopack serializes them).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { pluginSettings, transformForBundler, withoutStack, type PluginSettings, type BundlerTransform } from './transform.js';
import { loaderResolve } from './resolve.js';
import { isCompileError } from '../core/diagnostics.js';

/** Settings per options text: a loader runs once per module, options are checked once. */
const settingsByOptions = new Map<string, PluginSettings>();

function settingsOf(options: any): PluginSettings {
  const text = JSON.stringify(options ?? {});
  let settings = settingsByOptions.get(text);
  if (!settings) settingsByOptions.set(text, (settings = pluginSettings(options ?? {})));
  return settings;
}

/** The compiled module for a loader call, or null to pass the source through unchanged. */
export async function runLoader(loaderContext: any, source: string, inputMap?: any): Promise<BundlerTransform | null> {
  const settings = settingsOf(typeof loaderContext.getOptions === 'function' ? loaderContext.getOptions() : loaderContext.query);
  const id = loaderContext.resourcePath + (loaderContext.resourceQuery || '');
  if (!settings.filter(id)) return null;
  try {
    const out = await transformForBundler(settings, source, id, loaderResolve(loaderContext), inputMap);
    if (out && typeof loaderContext.addDependency === 'function') for (const file of out.watch) loaderContext.addDependency(file);
    return out;
  } catch (e) {
    throw isCompileError(e) ? withoutStack(e) : e;
  }
}
