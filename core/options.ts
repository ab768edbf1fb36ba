// Plugin options, shared by memokit/babel and memokit/swc: same names, same
// defaults, same errors.
import type { DirectiveNames } from './directive.js';
import { jsxFor } from './tokens.js';

export interface PluginOptions {
  /** Project root: ids are module paths relative to it. Default: process.cwd(). */
  root?: string;
  /** Module the compiled code imports the runtime from. Default: "memokit". */
  runtime?: string;
  /** Renames the directives, e.g. `{ memo: "use cached" }` next to React Compiler. */
  directives?: Partial<DirectiveNames>;
}

export interface ResolvedOptions {
  root: string;
  runtime: string;
  directives: Partial<DirectiveNames>;
}

/** Option names an engine passes through to its own machinery; accepted and ignored here. */
const ENGINE_OPTIONS = new Set(['filename', 'babel', 'sourceMaps', 'sourceMap', 'engine', 'include', 'exclude']);

/** Checks plugin options; a mistake is an error at startup, not a silent default. */
export const resolveOptions = (o: PluginOptions = {}): ResolvedOptions => {
  const bad = (msg: string): never => {
    throw new Error('memokit MK_PLUGIN_OPTION: ' + msg);
  };
  for (const k of Object.keys(o)) {
    if (!['root', 'runtime', 'directives'].includes(k) && !ENGINE_OPTIONS.has(k)) bad(`unknown option "${k}"; options are root, runtime and directives.`);
  }
  if (o.root !== undefined && typeof o.root !== 'string') bad('root must be a directory path.');
  if (o.runtime !== undefined && (typeof o.runtime !== 'string' || !o.runtime)) bad('runtime must be a module specifier such as "memokit".');
  const d = o.directives ?? {};
  for (const [k, v] of Object.entries(d)) {
    if (k !== 'memo' && k !== 'singleton') bad(`directives.${k} is unknown; rename "memo" or "singleton".`);
    if (typeof v !== 'string' || !/^\S+( \S+)*$/.test(v) || v.includes('=')) bad(`directives.${k} must be a directive text such as "use cached" (words separated by single spaces).`);
  }
  if (d.memo !== undefined && d.memo === (d.singleton ?? 'use singleton')) bad('directives.memo and directives.singleton must differ.');
  if (d.singleton !== undefined && d.singleton === (d.memo ?? 'use memo')) bad('directives.memo and directives.singleton must differ.');
  return { root: o.root ?? process.cwd(), runtime: o.runtime ?? 'memokit', directives: d };
};

/** TypeScript files by name: .ts, .tsx, .mts, .cts (both engines parse them as TypeScript). */
export const isTypeScript = (filename: string): boolean => /\.[cm]?tsx?$/i.test(filename);

/** Parser syntax to enable for a file name: TypeScript for .ts/.tsx/.mts/.cts, JSX except in plain .ts files. */
export const parserPlugins = (filename: string | undefined): string[] => {
  const f = filename ?? '';
  const ts = isTypeScript(f);
  return [...(jsxFor(f) ? ['jsx'] : []), ...(ts ? ['typescript'] : [])];
};
