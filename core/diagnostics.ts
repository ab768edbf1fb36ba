// The one catalogue of compile-time diagnostics. Both plugins report through
// `compileError`, so codes, wording and code frames are identical for Babel and
// SWC (issue #3). Each entry states the rule, then the fix in one sentence.
import { codeFrameColumns } from '@babel/code-frame';

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
    fix: (a) => `Write ${a.expected}.`,
  },
  MK_DUPLICATE_OPTION: {
    rule: (a) => `Option "${a.option}" is given twice in "${a.directive}".`,
    fix: () => 'Keep one of them.',
  },
  MK_OPTION_KIND: {
    rule: (a) => `Option "${a.option}" applies to "${a.other}" only, not to "${a.kindDirective}".`,
    fix: (a) => `Remove ${a.option}=…; options of "${a.kindDirective}" are: ${a.known}.`,
  },
  MK_NOT_MODULE_FUNCTION: {
    rule: (a) => `${a.option}=${a.name} must name a function declared at the top level of this module or imported into it, ${a.why}.`,
    fix: (a) => `Declare \`function ${a.name}(instance) { … }\` at the top level of the module (or import it), then refer to it by name.`,
  },
  MK_REACT_CONFLICT: {
    rule: (a) => `"use memo" on ${a.what} ${a.name} conflicts with React Compiler, which treats "use memo" as its own opt-in directive for components and hooks.`,
    fix: () => 'Rename memokit\'s directive with the plugin option `directives: { memo: "use cached" }`, or remove it from components and hooks.',
  },
  MK_VAR_SHADOWS_PARAM: {
    rule: (a) => `\`var ${a.name}\` redeclares the parameter ${a.name}; a cached function's body runs in a scope of its own, where this declaration would hide the parameter's value.`,
    fix: (a) => `Assign to the parameter without \`var\`, or give the variable another name than ${a.name}.`,
  },
  MK_SHADOWED_CAPTURE: {
    rule: (a) => `${a.via} reads ${a.name}, so that value must join this cached function's key, but here ${a.name} names another variable.`,
    fix: (a) => `Rename one of the two variables named ${a.name}.`,
  },
} satisfies Record<string, Entry>;

export type Code = keyof typeof DIAGNOSTICS;

/** A compile error: stable `code`, 1-based `loc.line`, 0-based `loc.column`, rendered `frame`. */
export class CompileError extends Error {
  code: Code;
  loc: { line: number; column: number };
  pos: number;
  frame: string;
  filename: string;
  constructor(code: Code, message: string, filename: string, pos: number, loc: { line: number; column: number }, frame: string) {
    super(message);
    this.name = 'MemokitCompileError';
    this.code = code;
    this.filename = filename;
    this.pos = pos;
    this.loc = loc;
    this.frame = frame;
  }
}

/** Line start offsets of the last source asked about: sites of one file look up many positions in it. */
let lineCache: { source: string; starts: number[] } | null = null;

const lineStarts = (source: string): number[] => {
  if (lineCache?.source === source) return lineCache.starts;
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 10 || (c === 13 && source.charCodeAt(i + 1) !== 10) || c === 0x2028 || c === 0x2029) starts.push(i + 1);
  }
  lineCache = { source, starts };
  return starts;
};

/** 1-based line, 0-based UTF-16 column of `offset` in `source` (both engines report this). */
export const lineColumn = (source: string, offset: number): { line: number; column: number } => {
  const starts = lineStarts(source);
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] };
};

/** The text of a diagnostic without its frame: `memokit CODE: rule fix`. */
export const diagnosticText = (code: Code, args: Args): string => {
  const e: Entry = DIAGNOSTICS[code];
  return `memokit ${code}: ${e.rule(args)} ${e.fix(args)}`;
};

/** Builds the error for `code` at [start, end) of `source`, with a code frame of the original text. */
export const compileError = (code: Code, args: Args, source: string, filename: string, start: number, end = start): CompileError => {
  const a = lineColumn(source, start);
  const b = lineColumn(source, Math.max(start, end));
  const frame = codeFrameColumns(
    source,
    { start: { line: a.line, column: a.column + 1 }, end: { line: b.line, column: b.column + 1 } },
    { highlightCode: false },
  );
  const text = diagnosticText(code, args);
  const where = `${filename}:${a.line}:${a.column + 1}`;
  return new CompileError(code, `${text}\n  at ${where}\n${frame}`, filename, start, a, frame);
};
