// One file through memokit/register: memo and singleton functions compiled by
// memokit/swc, then TypeScript and JSX stripped by @swc/core, with the source map
// of both steps inlined (for `--enable-source-maps`). Shared by the ESM loader
// hooks (hooks.ts) and the CommonJS extension handlers (index.ts), which decide a
// file's format the same way Node does (formatOf).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { transformModule, inlineSourceMap, stopOnCompileError } from '../engine/index.js';
import type { ResolvedOptions } from '../core/options.js';
import { fileKind, isSourceFile, DEPENDENCY_PATH, type ModuleFormat } from '../core/files.js';
import { swcCore, parserOptions, parse, reparse, swcSyntaxError } from '../plugin-swc/parse.js';
import { compileError } from '../core/diagnostics.js';
import { displayPath } from '../core/ids.js';

/** Files the hook compiles: scripts of the project, never dependencies. */
export function isProjectScript(path: string): boolean {
  return isSourceFile(path) && !DEPENDENCY_PATH.test(path);
}

/** `"type"` of the nearest package.json per folder, as Node reads it; null where there is none (or it has no valid type). */
const types = new Map<string, ModuleFormat | null>();
function packageType(dir: string): ModuleFormat | null {
  const known = types.get(dir);
  if (known !== undefined) return known;
  let type: ModuleFormat | null;
  try {
    const declared = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type;
    type = declared === 'module' || declared === 'commonjs' ? declared : null;
  } catch {
    const up = dirname(dir);
    type = up === dir ? null : packageType(up);
  }
  types.set(dir, type);
  return type;
}

/** Text without which a file cannot have module syntax; most CommonJS files fail it without a parse. */
const MODULE_WORD = /\b(?:import|export|await)\b/;

/** Module items TypeScript erases: they decide nothing about the format once types are stripped. */
const TYPE_ONLY_DECLARATION = /^Ts(?:Interface|TypeAlias)Declaration$/;

/** Whether a top-level item is ES module syntax that survives type stripping. */
function isValueModuleItem(item: any): boolean {
  switch (item.type) {
    case 'ImportDeclaration':
    case 'ExportNamedDeclaration':
    case 'ExportAllDeclaration':
      return !item.typeOnly;
    case 'ExportDeclaration':
      return !TYPE_ONLY_DECLARATION.test(item.declaration.type) && !item.declaration.declare;
    case 'ExportDefaultDeclaration':
      return !TYPE_ONLY_DECLARATION.test(item.decl.type);
    case 'ExportDefaultExpression':
      return true;
    default:
      return false;
  }
}

/** Items that make SWC call the file a module: import/export of any kind, and TypeScript's `import x = require()` and `export =`. */
const MODULE_ITEM = /^(?:Import|Export|TsImportEquals|TsExportAssignment|TsNamespaceExport)/;

/**
 * The program when `source` has module syntax (import, export, import.meta, top-level
 * await), else null: Node's own detection for files no extension or package.json
 * decides, which Node makes on the code as it runs, so on TypeScript after its types are
 * stripped (`import type` decides nothing; `import x = require()` is CommonJS).
 */
function moduleProgram(path: string, source: string): any {
  if (!MODULE_WORD.test(source)) return null;
  // One file is asked about up to three times in a row (its format, its compile, top-level await).
  if (lastAnswer.path === path && lastAnswer.source === source) return lastAnswer.program;
  const program = detectModule(path, source);
  lastAnswer = { path, source, program };
  return program;
}

let lastAnswer: { path: string; source: string; program: any } = { path: '', source: '', program: null };

function detectModule(path: string, source: string): any {
  let program: any;
  try {
    program = reparse(source, path);
  } catch {
    return null; // a syntax error: compiling the file reports it
  }
  if (program.type !== 'Module') return null;
  const items = program.body.filter((item: any) => MODULE_ITEM.test(item.type));
  // With no import or export at all, what made it a module is import.meta or a top-level await.
  return items.length === 0 || items.some(isValueModuleItem) ? program : null;
}

function hasModuleSyntax(path: string, source: string): boolean {
  return moduleProgram(path, source) !== null;
}

/** The first `await` (`for await`, `await using`) of `node` outside any function: the span SWC gives it. */
function topLevelAwait(node: any): { start: number; end: number } | null {
  if (node === null || typeof node !== 'object') return null;
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = topLevelAwait(child);
      if (found) return found;
    }
    return null;
  }
  if (Array.isArray(node.params)) return null; // a function of any kind: its awaits are its own
  if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await) || (node.type === 'UsingDeclaration' && node.isAwait)) return node.span;
  for (const key in node) {
    if (key === 'span') continue;
    const found = topLevelAwait(node[key]);
    if (found) return found;
  }
  return null;
}

/**
 * A file that runs as CommonJS is compiled to require()/exports, where a top-level await
 * would be a syntax error at run time ("await is not defined"): refused here, with the way out.
 */
function refuseTopLevelAwait(path: string, source: string, options: ResolvedOptions): void {
  if (!/\bawait\b/.test(source)) return;
  const program = moduleProgram(path, source);
  const span = program && topLevelAwait(program.body);
  if (!span) return;
  const { pos } = parse(source, path, displayPath(path, options.root));
  const why = fileKind(path).format === 'commonjs' ? 'its extension says so' : 'the nearest package.json says "type": "commonjs"';
  throw compileError('MK_COMMONJS_TOP_LEVEL_AWAIT', { why }, source, displayPath(path, options.root), pos(span.start), pos(span.end));
}

/**
 * The format a file runs in, decided as Node decides it: the extension (.mjs/.mts,
 * .cjs/.cts), else the nearest package.json's `"type"`, else the syntax (Node's
 * module detection, for a file with no package.json or no `"type"` above it).
 */
export function formatOf(path: string, source: string): ModuleFormat {
  return fileKind(path).format ?? packageType(dirname(path)) ?? (hasModuleSyntax(path, source) ? 'module' : 'commonjs');
}

/**
 * Runnable JavaScript for `path` in `format`, or null when the file needs nothing
 * (plain JavaScript without a directive that runs as it is). A file that runs as
 * CommonJS but is written with `import`/`export` (TypeScript in a `"type": "commonjs"`
 * package, a .cts) gets them compiled to require/exports, as tsc and tsx do.
 */
export function compileFile(path: string, source: string, options: ResolvedOptions, format: ModuleFormat): string | null {
  // In-thread hooks and the CommonJS handlers may both see a file that require() loads.
  const last = compiled.get(path);
  if (last && last.source === source && last.format === format) return last.code;
  let code: string | null;
  try {
    code = compileNow(path, source, options, format);
  } catch (e) {
    stopOnCompileError(e);
    throw e;
  }
  compiled.set(path, { source, format, code });
  return code;
}

/** The last compilation of each file. */
const compiled = new Map<string, { source: string; format: ModuleFormat; code: string | null }>();

function compileNow(path: string, source: string, options: ResolvedOptions, format: ModuleFormat): string | null {
  const commonjs = format === 'commonjs';
  if (commonjs) refuseTopLevelAwait(path, source, options);
  const memokit = transformModule('swc', source, path, options);
  // SWC runs where Node cannot run the file as it is: types or JSX to strip, or import/export
  // (written, or added by memokit) in a file that runs as CommonJS.
  const written = commonjs && hasModuleSyntax(path, source);
  const strip = fileKind(path).needsStrip || written || (commonjs && memokit !== null && hasModuleSyntax(path, memokit.code));
  if (!memokit && !strip) return null;
  let code = memokit ? memokit.code : source;
  let map: any = memokit?.map;
  if (strip) {
    let out: any;
    try {
      out = swcCore().transformSync(code, {
        filename: path,
        sourceMaps: true,
        inputSourceMap: map ? JSON.stringify(map) : undefined,
        swcrc: false,
        configFile: false,
        // exportInteropAnnotation: names cjs-module-lexer can read, so that ES modules import them by name.
        // strictMode: a module is strict, and stays so as CommonJS; a script memokit gave an import is not.
        ...(commonjs ? { isModule: 'unknown', module: { type: 'commonjs', ignoreDynamic: true, exportInteropAnnotation: true, strictMode: written } } : {}),
        jsc: {
          parser: parserOptions(path),
          // `import data from "./x.json" with { type: "json" }` needs its attributes at run time.
          experimental: { keepImportAttributes: true },
          target: 'es2022',
          transform: { react: { runtime: 'automatic' }, useDefineForClassFields: true },
        },
      });
    } catch (e) {
      // Only a file without a directive reaches SWC unparsed: its syntax errors are reported like memokit's.
      throw swcSyntaxError(e, source, displayPath(path, options.root));
    }
    code = out.code;
    map = out.map && JSON.parse(out.map);
  }
  return code + inlineSourceMap(map);
}
