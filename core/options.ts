// Plugin options, shared by memokit/babel, memokit/swc and the integrations:
// same names, same defaults, same errors. Resolved once where a user hands them
// over; everything below receives the resolved object.
import type { DirectiveNames } from './directive.js';

export interface PluginOptions {
  /** Project root: ids are module paths relative to it. Default: process.cwd(). */
  root?: string;
  /** Module the compiled code imports the runtime from. Default: "memokit". */
  runtime?: string;
  /** Renames the directives, e.g. `{ memo: "use cached" }` next to React Compiler. */
  directives?: Partial<DirectiveNames>;
}

export interface ResolvedOptions {
  readonly root: string;
  readonly runtime: string;
  readonly directives: Readonly<Partial<DirectiveNames>>;
}

const OPTION_NAMES = ['root', 'runtime', 'directives'];
/** Objects this module made: passing one again costs nothing. */
const resolved = new WeakSet<object>();

function bad(message: string): never {
  throw new Error('memokit MK_PLUGIN_OPTION: ' + message);
}

/** Checks plugin options; a mistake is an error at startup, not a silent default. */
export function resolveOptions(o: PluginOptions = {}): ResolvedOptions {
  if (resolved.has(o)) return o as ResolvedOptions;
  if (o === null || typeof o !== 'object') bad('options must be an object.');
  for (const k of Object.keys(o)) if (!OPTION_NAMES.includes(k)) bad(`unknown option "${k}"; options are root, runtime and directives.`);
  if (o.root !== undefined && typeof o.root !== 'string') bad('root must be a directory path.');
  if (o.runtime !== undefined && (typeof o.runtime !== 'string' || !o.runtime)) bad('runtime must be a module specifier such as "memokit".');
  const d = o.directives ?? {};
  for (const [k, v] of Object.entries(d)) {
    if (k !== 'memo' && k !== 'singleton') bad(`directives.${k} is unknown; rename "memo" or "singleton".`);
    if (typeof v !== 'string' || !/^\S+( \S+)*$/.test(v) || v.includes('=')) bad(`directives.${k} must be a directive text such as "use cached" (words separated by single spaces).`);
  }
  if (d.memo !== undefined && d.memo === (d.singleton ?? 'use singleton')) bad('directives.memo and directives.singleton must differ.');
  if (d.singleton !== undefined && d.singleton === (d.memo ?? 'use memo')) bad('directives.memo and directives.singleton must differ.');
  const out: ResolvedOptions = Object.freeze({ root: o.root ?? process.cwd(), runtime: o.runtime ?? 'memokit', directives: Object.freeze({ ...d }) });
  resolved.add(out);
  return out;
}

/** The same options with another root (Vite's, known only once its config is resolved). */
export function withRoot(o: ResolvedOptions, root: string): ResolvedOptions {
  return resolveOptions({ root, runtime: o.runtime, directives: { ...o.directives } });
}
