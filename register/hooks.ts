// Module hooks behind memokit/register, in two forms with one behaviour:
// - resolve: a relative `./x.js` that does not exist may name `./x.ts` (TypeScript's
//   NodeNext convention); likewise .jsx→.tsx, .mjs→.mts, .cjs→.cts.
// - load: scripts of the project go through compile.ts.
// `resolve`/`load` are asynchronous hooks for Node's loader thread (module.register).
// There, CommonJS files are handed to Node's CommonJS loader (no source), where
// index.ts's extension handlers compile them: Node 20 cannot run require() inside
// CommonJS source returned by such a hook. `resolveSync`/`loadSync` are in-thread
// hooks (module.registerHooks, Node 22.15+), which serve import and require alike and
// run before other tools' in-thread hooks registered earlier (tsx's), which would
// otherwise load the file from disk themselves.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolveOptions, type ResolvedOptions } from '../core/options.js';
import { compileFile, formatOf, isProjectScript } from './compile.js';
import { typescriptTwins } from '../core/files.js';

const options: ResolvedOptions = resolveOptions({});

/** Not-found codes of the ES module resolver and of require(). */
const NOT_FOUND = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/** The specifiers to try after `specifier` failed with `error`: its TypeScript twins when it is relative and was not found. */
export function twinsAfter(specifier: string, error: any): string[] {
  return NOT_FOUND.has(error?.code) && /^\.{0,2}\//.test(specifier) ? typescriptTwins(specifier) : [];
}

/** `resolve(specifier)`, else the first of its twins that resolves; the first error when none does. */
export function resolveWithTwins<T>(specifier: string, resolve: (specifier: string) => T): T {
  try {
    return resolve(specifier);
  } catch (e) {
    for (const twin of twinsAfter(specifier, e)) {
      try {
        return resolve(twin);
      } catch {
        // try the next twin
      }
    }
    throw e;
  }
}

export const resolve = async (specifier: string, context: any, next: any) => {
  try {
    return await next(specifier, context);
  } catch (e) {
    for (const twin of twinsAfter(specifier, e)) {
      try {
        return await next(twin, context);
      } catch {
        // try the next twin
      }
    }
    throw e;
  }
};

export function resolveSync(specifier: string, context: any, next: any) {
  return resolveWithTwins(specifier, (s) => next(s, context));
}

/** The path of a project script behind `url`, or null for anything Node loads as it is. */
function projectScript(url: string): string | null {
  if (!url.startsWith('file:')) return null;
  const path = fileURLToPath(url);
  return isProjectScript(path) ? path : null;
}

/**
 * What a load hook answers for a project script: its compiled source in the format Node
 * gives it, or null when Node can load it as it is. `sourceless`: CommonJS is answered
 * without source, for Node's CommonJS loader to read through index.ts's handlers.
 */
function loaded(path: string, source: string, sourceless: boolean) {
  const format = formatOf(path, source);
  if (sourceless && format === 'commonjs') return { format, shortCircuit: true };
  const code = compileFile(path, source, options, format);
  return code === null ? null : { format, source: code, shortCircuit: true };
}

export const load = async (url: string, context: any, next: any) => {
  const path = projectScript(url);
  return (path && loaded(path, await readFile(path, 'utf8'), true)) || next(url, context);
};

export function loadSync(url: string, context: any, next: any) {
  const path = projectScript(url);
  return (path && loaded(path, readFileSync(path, 'utf8'), false)) || next(url, context);
}
