// The one catalogue of compile-time diagnostics. Both plugins report through
// `compileError`, so codes, wording and code frames are identical for Babel and
// SWC (issue #3). Each entry states the rule, then the fix in one sentence.
import { codeFrameColumns } from '@babel/code-frame';
import { lastAtOrBefore } from './search.js';

type Args = Record<string, string>;
interface Entry {
  rule: (a: Args) => string;
  fix: (a: Args) => string;
}

export const DIAGNOSTICS = {
  MK_GENERATOR: {
    rule: (a) => `"${a.directive}" cannot be used on a generator function: a cached result cannot replay the values it yields.`,
    fix: () => 'Cache a function that collects the values into an array instead, or remove the directive.',
  },
  MK_BOTH_DIRECTIVES: {
    rule: (a) => `A function cannot have both "${a.memo}" and "${a.singleton}".`,
    fix: (a) => `Keep one: "${a.memo}" for data that every caller gets a copy of, "${a.singleton}" for one shared resource.`,
  },
  MK_DUPLICATE_DIRECTIVE: {
    rule: (a) => `"${a.directive}" appears twice at the top of this function.`,
    fix: () => 'Remove one of them.',
  },
  MK_MISPLACED_DIRECTIVE: {
    rule: (a) => `"${a.directive}" only works as the first statement of a function body, written as a plain string; here it does nothing.`,
    fix: () => 'Move it to the top of the function body, before any other statement, without parentheses.',
  },
  MK_FILE_DIRECTIVE: {
    rule: (a) => `"${a.directive}" at the top of a file is not supported: memokit caches individual functions.`,
    fix: () => 'Put the directive at the top of the body of each function you want cached.',
  },
  MK_CONSTRUCTOR: {
    rule: (a) => `"${a.directive}" cannot be used on a class constructor: a constructor must build a new instance on every call.`,
    fix: () => 'Move the cached work into a static method or a module-level "use singleton" function.',
  },
  MK_SETTER: {
    rule: (a) => `"${a.directive}" cannot be used on a setter: a setter returns nothing to cache.`,
    fix: () => 'Cache the getter or a method instead.',
  },
  MK_MISSPELLED_DIRECTIVE: {
    rule: (a) => `Unknown directive "${a.found}".`,
    fix: (a) => `Did you mean "${a.suggestion}"?`,
  },
  MK_UNKNOWN_OPTION: {
    rule: (a) => `Unknown option "${a.option}" in "${a.directive}".`,
    fix: (a) => (a.suggestion ? `Did you mean "${a.suggestion}"? ` : '') + `Options of "${a.kindDirective}": ${a.known}.`,
  },
  MK_BAD_OPTION_VALUE: {
    rule: (a) => `Option ${a.option}=${a.value} is invalid.`,
    fix: (a) => (a.suggestion ? `Did you mean ${a.option}=${a.suggestion}? ` : '') + `Write ${a.expected}.`,
  },
  MK_DUPLICATE_OPTION: {
    rule: (a) => `Option "${a.option}" is given twice in "${a.directive}".`,
    fix: () => 'Keep one of them.',
  },
  MK_SWR_WITHOUT_TTL: {
    rule: (a) => `Option swr=${a.value} in "${a.directive}" needs a ttl: swr is how long a value is still served, while it is recomputed, after its ttl has passed.`,
    fix: (a) => `Add ttl=<duration>, such as "${a.kindDirective} ttl=1m swr=${a.value}", or remove swr.`,
  },
  MK_OPTION_KIND: {
    rule: (a) => `Option "${a.option}" applies to "${a.other}" only, not to "${a.kindDirective}".`,
    fix: (a) => `Remove ${a.option}=…; options of "${a.kindDirective}" are: ${a.known}.`,
  },
  MK_OPTION_CONFLICT: {
    rule: (a) => `Option ${a.option}=${a.value} cannot be combined with ${a.conflicting} in "${a.directive}": ${a.why}.`,
    fix: (a) => `Remove ${a.option}=${a.value} or ${a.conflicting}.`,
  },
  MK_NOT_MODULE_FUNCTION: {
    rule: (a) => `${a.option}=${a.name} must name a function declared at the top level of this module or imported into it, ${a.why}.`,
    fix: (a) => `Declare \`function ${a.name}(${a.option === 'cacheIf' ? 'value, ...args' : 'instance'}) { … }\` at the top level of the module (or import it), then refer to it by name.`,
  },
  MK_REACT_CONFLICT: {
    rule: (a) => `"use memo" on ${a.what} ${a.name} conflicts with React Compiler, which treats "use memo" as its own opt-in directive for components and hooks.`,
    fix: () => 'Rename memokit\'s directive with the plugin option `directives: { memo: "use cached" }`, or remove it from components and hooks.',
  },
  MK_VAR_SHADOWS_PARAM: {
    rule: (a) => `\`var ${a.name}\` redeclares the parameter ${a.name}; a cached function's body runs in a scope of its own, where this declaration would hide the parameter's value.`,
    fix: (a) => `Assign to the parameter without \`var\`, or give the variable another name than ${a.name}.`,
  },
  MK_DIRECT_EVAL: {
    rule: (a) => `"${a.directive}" cannot be used on a function that calls eval(): the variables the evaluated code reads cannot be known, so they cannot join the key.`,
    fix: () => 'Pass what the evaluated code needs as parameters and evaluate it outside the cached function, or remove the directive.',
  },
  MK_WITH: {
    rule: (a) => `"${a.directive}" cannot be used on a function that contains a \`with\` statement: the variables it reads cannot be known, so they cannot join the key.`,
    fix: () => 'Read the object\'s properties explicitly (obj.name) instead of through `with`, or remove the directive.',
  },
  MK_SHADOWED_CAPTURE: {
    rule: (a) => `${a.via} reads ${a.name}, so that value must join this cached function's key, but here ${a.name} names another variable.`,
    fix: (a) => `Rename one of the two variables named ${a.name}.`,
  },
  MK_COMMONJS_TOP_LEVEL_AWAIT: {
    rule: (a) => `Top-level await needs an ES module, but this file runs as CommonJS (${a.why}).`,
    fix: () => 'Rename the file to .mts (or .mjs), or set "type": "module" in its package.json.',
  },
} satisfies Record<string, Entry>;

export type Code = keyof typeof DIAGNOSTICS;

/** Codes of syntax errors: the parser's, not memokit's catalogue. */
export const PARSE_ERROR = { swc: 'SWC_PARSE_ERROR', babel: 'BABEL_PARSE_ERROR' } as const;
export type ParseErrorCode = (typeof PARSE_ERROR)[keyof typeof PARSE_ERROR];

/** The fix of every syntax error: memokit cannot compile what does not parse. */
const SYNTAX_FIX = 'Correct the code at the marked position; memokit compiles only what the parser accepts.';

/**
 * What every compile error carries, memokit's and the parsers' alike. Errors are
 * data: the Rollup plugin, the register hook, the CLI and the tests read these
 * fields, and `formatCompileError` is the only place that composes text.
 */
export interface CompileErrorFields {
  code: Code | ParseErrorCode;
  /** The rule that was broken (or the parser's complaint), one sentence. */
  reason: string;
  /** How to fix it, one sentence. */
  fix: string;
  /** File name relative to the project root (posix separators). */
  filename: string;
  /** 1-based line, 0-based UTF-16 column. */
  loc: { line: number; column: number };
  /** UTF-16 offset in the source. */
  pos: number;
  /** Code frame of the original source, without colours. */
  frame: string;
}

/** A memokit compile error (syntax errors are `SyntaxError`s with the same fields, see `syntaxError`). */
// The interface merges the fields into the class: they are declared once, above.
export interface CompileError extends CompileErrorFields {}
export class CompileError extends Error {
  /** Every diagnostic of the file, by position (the first one is this error). */
  errors?: CompileError[];
  constructor(fields: CompileErrorFields) {
    super(formatCompileError(fields));
    this.name = 'MemokitCompileError';
    const { code, reason, fix, filename, loc, pos, frame } = fields;
    Object.assign(this, { code, reason, fix, filename, loc, pos, frame });
  }
}

/** `memokit CODE: reason fix`, then `  at file:line:column` and the code frame. */
export function formatCompileError(e: CompileErrorFields, o: { frame?: boolean } = {}): string {
  const head = `memokit ${e.code}: ${e.reason} ${e.fix}`;
  const at = `  at ${e.filename}:${e.loc.line}:${e.loc.column + 1}`;
  return o.frame === false || !e.frame ? `${head}\n${at}` : `${head}\n${at}\n${e.frame}`;
}

/** Does `e` carry the compile error fields (memokit's own or a converted syntax error)? */
export function isCompileError(e: unknown): e is CompileErrorFields & Error {
  const x = e as Partial<CompileErrorFields> | null;
  return !!x && typeof x.code === 'string' && typeof x.reason === 'string' && typeof x.fix === 'string' && !!x.loc && typeof x.frame === 'string';
}

/** Line start offsets of the last source asked about: sites of one file look up many positions in it. */
let lineCache: { source: string; starts: number[] } | null = null;

function lineStarts(source: string): number[] {
  if (lineCache?.source === source) return lineCache.starts;
  const starts = [0];
  if (/[\r\u2028\u2029]/.test(source)) {
    for (let i = 0; i < source.length; i++) {
      const c = source.charCodeAt(i);
      if (c === 10 || (c === 13 && source.charCodeAt(i + 1) !== 10) || c === 0x2028 || c === 0x2029) starts.push(i + 1);
    }
  } else {
    // Only \n breaks lines: indexOf scans natively, several times faster than a loop over the characters.
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  }
  lineCache = { source, starts };
  return starts;
}

/** 1-based line, 0-based UTF-16 column of `offset` in `source` (both engines report this). */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  const starts = lineStarts(source);
  const line = lastAtOrBefore(starts, offset);
  return { line: line + 1, column: offset - starts[line] };
}

/** UTF-16 offset of a 1-based line and 0-based column. */
export function offsetOf(source: string, loc: { line: number; column: number }): number {
  const starts = lineStarts(source);
  return (starts[loc.line - 1] ?? source.length) + loc.column;
}

function frameOf(source: string, start: number, end: number): string {
  const a = lineColumn(source, start);
  const b = lineColumn(source, Math.max(start, end));
  return codeFrameColumns(source, { start: { line: a.line, column: a.column + 1 }, end: { line: b.line, column: b.column + 1 } }, { highlightCode: false });
}

/** Builds the error for `code` at [start, end) of `source`, with a code frame of the original text. */
export function compileError(code: Code, args: Args, source: string, filename: string, start: number, end = start): CompileError {
  const entry: Entry = DIAGNOSTICS[code];
  return new CompileError({ code, reason: entry.rule(args), fix: entry.fix(args), filename, loc: lineColumn(source, start), pos: start, frame: frameOf(source, start, end) });
}

/** A parser's syntax error at `loc` of `source`, as a `SyntaxError` with the compile error fields. */
export function syntaxError(code: ParseErrorCode, reason: string, source: string, filename: string, loc: { line: number; column: number } | null): SyntaxError & CompileErrorFields {
  const where = loc ?? { line: 1, column: 0 };
  const pos = Math.min(source.length, offsetOf(source, where));
  const fields: CompileErrorFields = { code, reason, fix: SYNTAX_FIX, filename, loc: where, pos, frame: frameOf(source, pos, pos) };
  const err = new SyntaxError(formatCompileError(fields)) as SyntaxError & CompileErrorFields;
  return Object.assign(err, fields);
}
