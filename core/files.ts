// File kinds by name: which syntax a file may contain and which module format
// its extension fixes. Every part of memokit asks here (parsers, hashing,
// the register hook, the bundler filter, the CLI walk), case-insensitively.

/** Script files of any flavour: .js .jsx .ts .tsx .mjs .cjs .mts .cts. */
export const SCRIPT_FILE = /\.[cm]?[jt]sx?$/i;

/** A path inside an installed package: dependencies are compiled by their authors. */
export const DEPENDENCY_PATH = /[\\/]node_modules[\\/]/;

/** Extensions a CommonJS file can have (all but .mjs and .mts). */
export const COMMONJS_EXTENSIONS = ['.js', '.cjs', '.jsx', '.ts', '.cts', '.tsx'];

/** TypeScript's NodeNext convention: `./x.js` may name `./x.ts` or `./x.tsx`; likewise .jsx, .mjs, .cjs. */
const TYPESCRIPT_TWINS: [RegExp, string[]][] = [
  [/\.js$/, ['.ts', '.tsx']],
  [/\.jsx$/, ['.tsx']],
  [/\.mjs$/, ['.mts']],
  [/\.cjs$/, ['.cts']],
];

/** The TypeScript files a JavaScript specifier may stand for, in the order TypeScript tries them. */
export function typescriptTwins(specifier: string): string[] {
  for (const [end, twins] of TYPESCRIPT_TWINS) if (end.test(specifier)) return twins.map((t) => specifier.replace(end, t));
  return [];
}

/** TypeScript declaration files hold types only. */
const DECLARATION_FILE = /\.d\.[cm]?tsx?$/i;
const TYPESCRIPT_FILE = /\.[cm]?tsx?$/i;
/** Plain TypeScript extensions, where `<T>x` is a cast and `<` never starts JSX. */
const TYPESCRIPT_WITHOUT_JSX = /\.[cm]?ts$/i;
const JSX_EXTENSION = /\.[jt]sx$/i;

export type ModuleFormat = 'module' | 'commonjs';

export interface FileKind {
  /** .ts .tsx .mts .cts */
  typescript: boolean;
  /** The parser reads JSX: every script except .ts, .mts and .cts. */
  jsx: boolean;
  /** .jsx or .tsx: Node cannot run it without a compile step (nor TypeScript). */
  needsStrip: boolean;
  /** The format the extension fixes (.mjs/.mts, .cjs/.cts), or null when the content or package.json decides. */
  format: ModuleFormat | null;
}

export function fileKind(filename: string): FileKind {
  const typescript = TYPESCRIPT_FILE.test(filename);
  return {
    typescript,
    jsx: !TYPESCRIPT_WITHOUT_JSX.test(filename),
    needsStrip: typescript || JSX_EXTENSION.test(filename),
    format: /\.m[jt]sx?$/i.test(filename) ? 'module' : /\.c[jt]sx?$/i.test(filename) ? 'commonjs' : null,
  };
}

/** A script that may hold functions to compile (declaration files hold none). */
export function isSourceFile(filename: string): boolean {
  return SCRIPT_FILE.test(filename) && !DECLARATION_FILE.test(filename);
}

/** Text that only CommonJS code contains. */
const COMMONJS_TEXT = /\b(?:require\s*\(|module\.exports|exports\.)/;

/**
 * How compiled code loads the runtime: `import` or `require`. The extension
 * decides when it can; otherwise a file with `import`/`export` is a module, and
 * one without is CommonJS only if it uses `require`, `module` or `exports`.
 */
export function runtimeImportFormat(filename: string, source: string, moduleSyntax: boolean): ModuleFormat {
  const fixed = fileKind(filename).format;
  if (fixed) return fixed;
  return moduleSyntax || !COMMONJS_TEXT.test(source) ? 'module' : 'commonjs';
}
