// The bundler's own resolver for the imports a cached function's hash follows
// (aliases, conditions and other plugins included), per bundler. Null answers
// "resolve as memokit does" (core/imports/resolve.ts), also when a resolver fails.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { dirname, isAbsolute } from 'node:path';
import type { AsyncResolve } from '../engine/index.js';
import { fileOf } from './transform.js';

/** A resolved id as a path: the file part of an absolute id; virtual modules (`\0…`) and URLs are not files. */
function pathOfId(id: string): string | false {
  const path = fileOf(id);
  return isAbsolute(path) ? path : false;
}

/**
 * The bundler's resolver for the imports a hash follows; null answers "resolve as
 * memokit does" (core/imports/resolve.ts), which also covers a resolver that fails.
 */
export function bundlerResolve(context: any): AsyncResolve {
  const native = context.getNativeBuildContext?.();
  // Rollup, Vite and Rolldown hand their own plugin context over.
  if (!native && typeof context.resolve === 'function') {
    return async (specifier, importer) => {
      const r = await context.resolve(specifier, importer, { skipSelf: true });
      return r ? (r.external ? null : pathOfId(r.id)) : null;
    };
  }
  if (native?.framework === 'webpack' || native?.framework === 'rspack') return loaderResolve(native.loaderContext);
  if (native?.framework === 'esbuild') {
    return async (specifier, importer) => {
      const r = await native.build.resolve(specifier, { kind: 'import-statement', importer, resolveDir: dirname(importer) });
      return r.errors.length || r.external ? null : pathOfId(r.path);
    };
  }
  return async () => null;
}

/** A webpack or Rspack loader's resolver (`this.getResolve`); Turbopack's loader context has none. */
export function loaderResolve(loaderContext: any): AsyncResolve {
  if (typeof loaderContext?.getResolve !== 'function') return async () => null;
  const resolve = loaderContext.getResolve({ dependencyType: 'esm' });
  return async (specifier, importer) => {
    try {
      const path = await resolve(dirname(importer), specifier);
      return typeof path === 'string' ? pathOfId(path) : null;
    } catch {
      return null;
    }
  };
}
