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

/** A relative specifier, which may name a TypeScript twin. */
export const RELATIVE = /^\.{0,2}\//;

export const resolve = async (specifier: string, context: any, next: any) => {
  try {
    return await next(specifier, context);
  } catch (e: any) {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !RELATIVE.test(specifier)) throw e;
    for (const twin of typescriptTwins(specifier)) {
      try {
        return await next(twin, context);
      } catch {
        // try the next twin
      }
    }
    throw e;
  }
};

export const load = async (url: string, context: any, next: any) => {
  if (!url.startsWith('file:')) return next(url, context);
  const path = fileURLToPath(url);
  if (!isProjectScript(path)) return next(url, context);
  const source = await readFile(path, 'utf8');
  const format = formatOf(path, source);
  // No source: Node's CommonJS loader reads the file, through index.ts's handlers (every CommonJS extension).
  if (format === 'commonjs') return { format, shortCircuit: true };
  const code = compileFile(path, source, options, format);
  return code === null ? next(url, context) : { format, source: code, shortCircuit: true };
};

export function resolveSync(specifier: string, context: any, next: any) {
  try {
    return next(specifier, context);
  } catch (e: any) {
    if ((e?.code !== 'ERR_MODULE_NOT_FOUND' && e?.code !== 'MODULE_NOT_FOUND') || !RELATIVE.test(specifier)) throw e;
    for (const twin of typescriptTwins(specifier)) {
      try {
        return next(twin, context);
      } catch {
        // try the next twin
      }
    }
    throw e;
  }
}

export function loadSync(url: string, context: any, next: any) {
  if (!url.startsWith('file:')) return next(url, context);
  const path = fileURLToPath(url);
  if (!isProjectScript(path)) return next(url, context);
  const source = readFileSync(path, 'utf8');
  const format = formatOf(path, source);
  const code = compileFile(path, source, options, format);
  return code === null ? next(url, context) : { format, source: code, shortCircuit: true };
}
