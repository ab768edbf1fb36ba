// Babel's parser settings by file kind, and its syntax errors as compile errors.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { fileKind } from '../core/files.js';
import { syntaxError, PARSE_ERROR, type CompileErrorFields } from '../core/diagnostics.js';

/**
 * Parser plugins for a file: TypeScript for .ts/.tsx/.mts/.cts, JSX except in
 * plain TypeScript files, and the decorators SWC reads too (TypeScript's
 * experimental ones in TypeScript, the standard ones elsewhere), with `accessor` fields.
 */
export function parserPlugins(filename: string | undefined): string[] {
  const kind = fileKind(filename ?? '');
  return [...(kind.jsx ? ['jsx'] : []), ...(kind.typescript ? ['typescript', 'decorators-legacy'] : ['decorators']), 'decoratorAutoAccessors'];
}

/** Plugins of one family: a file takes one of them, so the user's choice stands. */
export const PLUGIN_FAMILIES: string[][] = [['decorators', 'decorators-legacy']];

/**
 * Babel's syntax error as a compile error (same fields as memokit's). Babel
 * gives the position as `loc` and its message as `<parsedAs>: <reason> (<line>:<column>)`
 * followed by its own frame; the reason is that message's first line without the decorations.
 */
export function babelSyntaxError(e: any, code: string, parsedAs: string, filename: string): Error {
  if (e?.code !== PARSE_ERROR.babel || !e.loc) return e;
  let reason = String(e.message).split('\n')[0];
  if (reason.startsWith(parsedAs + ': ')) reason = reason.slice(parsedAs.length + 2);
  reason = reason.replace(/ \(\d+:\d+\)$/, '');
  return syntaxError(PARSE_ERROR.babel, reason, code, filename, { line: e.loc.line, column: e.loc.column }) as Error & CompileErrorFields;
}
