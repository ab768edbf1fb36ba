// Parsing with @swc/core: parser options from the file kind, spans as UTF-16
// indices, and SWC's syntax errors as compile errors with a code frame of the
// original source (never a crash).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { fileKind } from '../core/files.js';
import { requirePeer } from '../core/peer.js';
import { syntaxError, PARSE_ERROR } from '../core/diagnostics.js';
import { offsets, type Offsets } from './offsets.js';

let swc: any;
/** @swc/core is an optional peer dependency: loaded on first use. */
export function swcCore(): any {
  return (swc ??= requirePeer('@swc/core'));
}

/** SWC parser options for a file: TypeScript for .ts/.tsx/.mts/.cts, JSX except in plain TypeScript files. */
export function parserOptions(filename: string): any {
  const kind = fileKind(filename);
  return kind.typescript ? { syntax: 'typescript', tsx: kind.jsx, decorators: true } : { syntax: 'ecmascript', jsx: kind.jsx, decorators: true, autoAccessors: true, explicitResourceManagement: true };
}

/**
 * `.mjs`/`.mts` are modules; everything else is parsed as a module when it has
 * module syntax (Babel's `unambiguous`): a `.cts` may `export` and `import x = require()`.
 */
function isModule(filename: string): boolean | 'unknown' {
  return fileKind(filename).format === 'module' ? true : 'unknown';
}

/** The source context @swc/core attaches to parsed programs: the text and its start position. */
export function sourceContext(program: any): { source: string; startPos: number } | undefined {
  for (const k of Object.getOwnPropertySymbols(program)) if (k.description === '@swc/core.programSourceContext') return program[k];
  return undefined;
}

export interface Parsed {
  program: any;
  pos: Offsets;
}

/** Parses `code`; a syntax error is thrown as a compile error naming `displayName`. */
export function parse(code: string, filename: string, displayName: string): Parsed {
  let program: any;
  try {
    program = swcCore().parseSync(code, { ...parserOptions(filename), isModule: isModule(filename), target: 'esnext' });
  } catch (e) {
    throw swcSyntaxError(e, code, displayName);
  }
  return { program, pos: offsets(code, sourceContext(program)?.startPos ?? 1) };
}

/** Parses compiled output again (the `plugin` option hands SWC a program). */
export function reparse(code: string, filename: string): any {
  return swcCore().parseSync(code, { ...parserOptions(filename), isModule: 'unknown', target: 'esnext' });
}

/**
 * SWC reports syntax errors as text with its own frame (`  x Expected …`,
 * ` 3 |   return x +;`, `   :             ^`): read the reason, line and
 * column from it; the frame is rebuilt from the original source.
 */
export function swcSyntaxError(e: unknown, code: string, filename: string): Error {
  const text = String((e as Error)?.message ?? e);
  const lines = text.split('\n');
  const said = (lines.find((l) => /^\s*x /.test(l)) ?? lines[0] ?? 'Syntax error').replace(/^\s*x\s+/, '').trim();
  // SWC's sentences end without a stop; the fix follows on the same line.
  const reason = /[.!?]$/.test(said) ? said : said + '.';
  let loc: { line: number; column: number } | null = null;
  for (let i = 1; i < lines.length; i++) {
    const caret = /^(\s*:\s*?)(\s*)\^/.exec(lines[i]);
    const src = /^\s*(\d+)\s\|\s?/.exec(lines[i - 1]);
    if (caret && src) {
      const bar = lines[i - 1].indexOf('|');
      loc = { line: Number(src[1]), column: Math.max(0, lines[i].indexOf('^') - bar - 2) };
      break;
    }
  }
  return syntaxError(PARSE_ERROR.swc, reason, code, filename, loc);
}
