// Plugin options, shared by memokit/babel, memokit/swc and the integrations:
// same names, same defaults, same errors. Resolved once where a user hands them
// over; everything below receives the resolved object.
import { resolve } from 'node:path';
import type { DirectiveNames } from './directive.js';

/** Resolves an import your own way: an absolute path, false when it does not resolve, undefined to let memokit resolve it. */
export type ResolveImport = (specifier: string, importer: string) => string | false | undefined | null;

export interface PluginOptions {
  /** Ids are module paths relative to this folder. Default: each file's package (the nearest package.json with a name), as `<name>/<path>`. */
  root?: string;
  /** Replaces the package name in ids (`<namespace>/<path>`), with or without `root`. */
  namespace?: string;
  /** Resolves imports the hash follows (aliases, tsconfig paths); the bundler plugins pass their bundler's resolver. */
  resolveImport?: ResolveImport;
  /** Module the compiled code imports the runtime from. Default: "memokit". */
  runtime?: string;
  /** Renames the directives, e.g. `{ memo: "use cached" }` next to React Compiler. */
  directives?: Partial<DirectiveNames>;
}

export interface ResolvedOptions {
  /** null: ids by package. */
  readonly root: string | null;
  readonly namespace: string | null;
  readonly resolveImport: ResolveImport | null;
  readonly runtime: string;
  readonly directives: Readonly<Partial<DirectiveNames>>;
}

const OPTION_NAMES = ['root', 'namespace', 'resolveImport', 'runtime', 'directives'];
/** Objects this module made: passing one again costs nothing. */
const resolved = new WeakSet<object>();

function bad(message: string): never {
  throw new Error('memokit MK_PLUGIN_OPTION: ' + message);
}

/** Checks plugin options; a mistake is an error at startup, not a silent default. */
export function resolveOptions(o: PluginOptions = {}): ResolvedOptions {
  if (resolved.has(o)) return o as ResolvedOptions;
  if (o === null || typeof o !== 'object') bad('options must be an object.');
  for (const k of Object.keys(o)) if (!OPTION_NAMES.includes(k)) bad(`unknown option "${k}"; options are ${OPTION_NAMES.join(', ')}.`);
  if (o.root !== undefined && (typeof o.root !== 'string' || !o.root)) bad('root must be a directory path.');
  if (o.namespace !== undefined && (typeof o.namespace !== 'string' || !/^[^\s#]+$/.test(o.namespace))) bad('namespace must be a name such as "my-app" (no spaces, no "#").');
  if (o.resolveImport !== undefined && typeof o.resolveImport !== 'function') bad('resolveImport must be a function (specifier, importer) returning a path, false or undefined.');
  if (o.runtime !== undefined && (typeof o.runtime !== 'string' || !o.runtime)) bad('runtime must be a module specifier such as "memokit".');
  const d = o.directives ?? {};
  for (const [k, v] of Object.entries(d)) {
    if (k !== 'memo' && k !== 'singleton') bad(`directives.${k} is unknown; rename "memo" or "singleton".`);
    if (typeof v !== 'string' || !/^\S+( \S+)*$/.test(v) || v.includes('=')) bad(`directives.${k} must be a directive text such as "use cached" (words separated by single spaces).`);
  }
  if (d.memo !== undefined && d.memo === (d.singleton ?? 'use singleton')) bad('directives.memo and directives.singleton must differ.');
  if (d.singleton !== undefined && d.singleton === (d.memo ?? 'use memo')) bad('directives.memo and directives.singleton must differ.');
  const out: ResolvedOptions = Object.freeze({
    root: o.root === undefined ? null : resolve(o.root),
    namespace: o.namespace ?? null,
    resolveImport: o.resolveImport ?? null,
    runtime: o.runtime ?? 'memokit', directives: Object.freeze({ ...d }) });
  resolved.add(out);
  return out;
}

/** The same options with another import resolver (a bundler's). */
export function withResolver(o: ResolvedOptions, resolveImport: ResolveImport): ResolvedOptions {
  return resolveOptions({ ...(o.root === null ? {} : { root: o.root }), ...(o.namespace === null ? {} : { namespace: o.namespace }), resolveImport, runtime: o.runtime, directives: { ...o.directives } });
}
