// Parsing with @swc/core: parser options from the file name, spans as UTF-16
// indices, and SWC's syntax errors turned into errors with file, line, column
// and a code frame of the original source (never a crash).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { createRequire } from 'node:module';
import { codeFrameColumns } from '@babel/code-frame';
import { jsxFor } from '../core/tokens.js';
import { isTypeScript } from '../core/options.js';
import { offsets, type Offsets } from './offsets.js';

/** Stable code of a syntax error reported by SWC's parser (Babel's is BABEL_PARSE_ERROR). */
export const PARSE_ERROR = 'SWC_PARSE_ERROR';

let swc: any;
/** @swc/core is an optional peer dependency: loaded on first use. */
export const swcCore = (): any => (swc ??= createRequire(import.meta.url)('@swc/core'));

/** SWC parser options for a file: TypeScript for .ts/.tsx/.mts/.cts, JSX except in plain TypeScript files. */
export const parserOptions = (filename: string): any => {
  const ts = isTypeScript(filename);
  const jsx = jsxFor(filename);
  return ts ? { syntax: 'typescript', tsx: jsx, decorators: true } : { syntax: 'ecmascript', jsx, decorators: true };
};

/** CommonJS by extension (.cjs/.cts), ES module by extension (.mjs/.mts), otherwise decided by the parser. */
const moduleKind = (filename: string): boolean | 'unknown' => (/\.c[jt]s$/i.test(filename) ? false : /\.m[jt]s$/i.test(filename) ? true : 'unknown');

/** The source context @swc/core attaches to parsed programs: the text and its start position. */
export const sourceContext = (program: any): { source: string; startPos: number } | undefined => {
  for (const k of Object.getOwnPropertySymbols(program)) if (k.description === '@swc/core.programSourceContext') return program[k];
  return undefined;
};

export interface Parsed {
  program: any;
  pos: Offsets;
  /** Emit `import` (true) or `require` (false) for the runtime. */
  esm: boolean;
}

/** A file without `import`/`export` is CommonJS only if it uses `require`, `module` or `exports`. */
const COMMONJS = /\b(?:require\s*\(|module\.exports|exports\.)/;

export const parse = (code: string, filename: string, displayName: string): Parsed => {
  let program: any;
  try {
    program = swcCore().parseSync(code, { ...parserOptions(filename), isModule: moduleKind(filename), target: 'esnext' });
  } catch (e) {
    throw syntaxError(e, code, displayName);
  }
  const base = sourceContext(program)?.startPos ?? 1;
  const kind = moduleKind(filename);
  const esm = kind === 'unknown' ? program.type === 'Module' || !COMMONJS.test(code) : kind;
  return { program, pos: offsets(code, base), esm };
};

/**
 * SWC reports syntax errors as text with its own frame (`  x Expected …`,
 * ` 3 |   return x +;`, `   :             ^`): read the message, line and
 * column from it, and rebuild the frame from the original source.
 */
const syntaxError = (e: unknown, code: string, filename: string): Error => {
  const text = String((e as Error)?.message ?? e);
  const lines = text.split('\n');
  const message = (lines.find((l) => /^\s*x /.test(l)) ?? lines[0] ?? 'Syntax error').replace(/^\s*x\s+/, '').trim();
  let loc: { line: number; column: number } | undefined;
  for (let i = 1; i < lines.length; i++) {
    const caret = /^(\s*:\s*?)(\s*)\^/.exec(lines[i]);
    const src = /^\s*(\d+)\s\|\s?/.exec(lines[i - 1]);
    if (caret && src) {
      const bar = lines[i - 1].indexOf('|');
      loc = { line: Number(src[1]), column: Math.max(0, lines[i].indexOf('^') - bar - 2) };
      break;
    }
  }
  const body = code.charCodeAt(0) === 0xfeff ? code.slice(1) : code;
  const frame = loc ? codeFrameColumns(body, { start: { line: loc.line, column: loc.column + 1 } }) : '';
  const err = new SyntaxError(`${filename}: ${message}${loc ? ` (${loc.line}:${loc.column})` : ''}${frame ? '\n\n' + frame : ''}`) as SyntaxError & { code: string; loc?: typeof loc };
  err.code = PARSE_ERROR;
  if (loc) err.loc = loc;
  return err;
};
