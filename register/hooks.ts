// ESM loader hooks behind memokit/register (Node's loader thread).
// - resolve: a relative `./x.js` that does not exist may name `./x.ts` (TypeScript's
//   NodeNext convention); likewise .jsx→.tsx, .mjs→.mts, .cjs→.cts.
// - load: ES modules of the project go through compile.ts. CommonJS files are handed to
//   Node's CommonJS loader (no source), where index.ts's extension handlers compile
//   them: Node 20 cannot run require() inside CommonJS source returned by a hook.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveOptions, type ResolvedOptions } from '../core/options.js';
import { compileFile, isProjectScript } from './compile.js';
import { fileKind, typescriptTwins } from '../core/files.js';

const options: ResolvedOptions = resolveOptions({});

export const resolve = async (specifier: string, context: any, next: any) => {
  try {
    return await next(specifier, context);
  } catch (e: any) {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !/^\.{0,2}\//.test(specifier)) throw e;
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

/** `"type"` of the nearest package.json, per folder. */
const types = new Map<string, string>();
const packageType = (dir: string): string => {
  let t = types.get(dir);
  if (t !== undefined) return t;
  try {
    t = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type === 'module' ? 'module' : 'commonjs';
  } catch {
    const up = dirname(dir);
    t = up === dir ? 'commonjs' : packageType(up);
  }
  types.set(dir, t);
  return t;
};

/** The module format Node gives the file (TypeScript extensions mirror JavaScript's). */
const formatOf = (path: string) => fileKind(path).format ?? packageType(dirname(path));

export const load = async (url: string, context: any, next: any) => {
  if (!url.startsWith('file:')) return next(url, context);
  const path = fileURLToPath(url);
  if (!isProjectScript(path)) return next(url, context);
  const format = formatOf(path);
  // No source: Node's CommonJS loader reads the file, through index.ts's handlers (every CommonJS extension).
  if (format === 'commonjs') return { format, shortCircuit: true };
  const code = compileFile(path, await readFile(path, 'utf8'), options);
  return code === null ? next(url, context) : { format, source: code, shortCircuit: true };
};
