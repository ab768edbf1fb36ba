// The code both rewrites emit, as text (docs/contract.md): the runtime import,
// the site variables, the shell of each site and every registration. Babel
// parses these snippets into its AST; SWC splices them into the source; so the
// two outputs call the runtime identically, with the same local names.
import { DESCRIPTOR_FIELDS, type DescriptorField } from '../runtime/fields.js';
import type { Site } from './analyze/site.js';
import type { ModuleFormat } from './files.js';

/** Local names of the runtime imports in one file. */
export interface EmitNames {
  memo: string;
  singleton: string;
  register: string;
}

/** Name of the runtime export each directive calls. */
export const FACTORY = { memo: 'memo', singleton: 'singleton' } as const;
/** The runtime export that ties a user's function to its site id. */
export const REGISTER = 'register';
/** Prefix of the module-level variable that holds a site: `_s`, `_s2`, … */
const SITE_VAR = 's';
/** Local name of the runtime namespace in CommonJS output. */
const NAMESPACE = 'memokit';
/** Name given to an anonymous `export default function` so it can be registered. */
const DEFAULT_NAME = 'default';

/** Everything the rewrites of one file write besides the bodies. */
export interface FilePlan {
  names: EmitNames;
  /** One variable per site, in the order of `sites`. */
  siteVars: string[];
  /** Statements for the file's top: the runtime import or require, the site variables. */
  header: string;
  format: ModuleFormat;
  /** Names for anonymous default exports that need one to be registered. */
  defaultName: () => string;
}

/**
 * Fresh names `_hint`, `_hint2`, … that no word of the source uses (and that
 * `taken`, if given, does not know): the engines' own scope trackers are not consulted,
 * so both name alike.
 */
function freshNames(source: string, taken?: (name: string) => boolean) {
  // Only words that start with `_` can equal a fresh name; after a `$` this also takes the rest of a
  // word (`$_s` gives `_s`), which only makes a name unavailable.
  const words = new Set(source.match(/\b_[\w$]*/g));
  /** The next number to try per hint: a file with n sites names them in O(n), not O(n²). */
  const next = new Map<string, number>();
  return (hint: string) => {
    for (let i = next.get(hint) ?? 1; ; i++) {
      const name = '_' + hint + (i > 1 ? i : '');
      if (!words.has(name) && !taken?.(name)) {
        words.add(name);
        next.set(hint, i + 1);
        return name;
      }
    }
  };
}

/** The names, site variables and header of a file with `sites`. */
export function filePlan(sites: readonly Site[], source: string, runtime: string, format: ModuleFormat, taken?: (name: string) => boolean): FilePlan {
  const uid = freshNames(source, taken);
  const kinds = new Set(sites.map((s) => s.kind));
  const imports: string[] = [];
  const namespace = format === 'commonjs' ? uid(NAMESPACE) : '';
  const local = (exported: string) => {
    if (namespace) return namespace + '.' + exported;
    const name = uid(exported);
    imports.push(`${exported} as ${name}`);
    return name;
  };
  const names: EmitNames = {
    memo: kinds.has('memo') ? local(FACTORY.memo) : '',
    singleton: kinds.has('singleton') ? local(FACTORY.singleton) : '',
    register: local(REGISTER),
  };
  const siteVars = sites.map(() => uid(SITE_VAR));
  const spec = JSON.stringify(runtime);
  const load = namespace ? `var ${namespace} = require(${spec});` : `import { ${imports.join(', ')} } from ${spec};`;
  return { names, siteVars, header: `${load} var ${siteVars.join(', ')};`, format, defaultName: () => uid(DEFAULT_NAME) };
}

/** Each descriptor field's text for a site, or undefined when the field is left out. */
const FIELD_TEXT: Record<DescriptorField, (s: Site) => string | undefined> = {
  id: (s) => JSON.stringify(s.id),
  hash: (s) => JSON.stringify(s.hash),
  keys: (s) => (s.keys.length ? JSON.stringify(s.keys) : undefined),
  captured: (s) => (s.captured.length ? JSON.stringify(s.captured) : undefined),
  self: (s) => (s.self ? 'true' : undefined),
  ttl: (s) => (s.options.ttl === undefined ? undefined : String(s.options.ttl)),
  swr: (s) => (s.options.swr === undefined ? undefined : String(s.options.swr)),
  tags: (s) => (s.options.tags === undefined ? undefined : JSON.stringify(s.options.tags)),
  max: (s) => (s.options.max === undefined ? undefined : String(s.options.max)),
  maxBytes: (s) => (s.options.maxBytes === undefined ? undefined : String(s.options.maxBytes)),
  copy: (s) => (s.options.copy === undefined ? undefined : JSON.stringify(s.options.copy)),
  persist: (s) => (s.options.persist === undefined ? undefined : JSON.stringify(s.options.persist)),
  // A store without synchronous access (Redis) can only serve async functions; the runtime checks.
  async: (s) => (s.options.persist !== undefined && s.options.persist !== 'memory' && s.fn.async ? 'true' : undefined),
  scope: (s) => (s.options.scope === undefined ? undefined : JSON.stringify(s.options.scope)),
  // Module-level functions, by reference (read on the first call, after the module has run).
  cacheIf: (s) => s.options.cacheIf,
  validate: (s) => s.options.validate,
  release: (s) => s.options.release,
};

/** The descriptor object literal: `{ id: "…", hash: "…", keys: ["a"], … }`. */
export function descriptorText(s: Site): string {
  const fields: string[] = [];
  for (const field of DESCRIPTOR_FIELDS) {
    const text = FIELD_TEXT[field](s);
    if (text !== undefined) fields.push(`${field}: ${text}`);
  }
  return `{ ${fields.join(', ')} }`;
}

/**
 * `this` only for sites cached per `this` object; otherwise `void 0`, so that an
 * arrow at module level never reads a top-level `this` (bundlers warn about it).
 */
function selfArgument(s: Site): string {
  return s.self ? 'this' : 'void 0';
}

/** The statement that returns the site's call; `arrow` is the body function's text (see `bodyArrow`). */
export function shellReturn(s: Site, siteVar: string, names: EmitNames, arrow: string): string {
  const values = `[${s.values.join(', ')}]`;
  // swr: a refresh runs later; it reads the keyed values again and runs only if they still give the same key.
  // An async body ends later: a captured variable reassigned meanwhile keeps its value out of the cache.
  const again = s.options.swr === undefined && !(s.fn.async && s.captured.length > 0) ? '' : `, () => ${values}`;
  return `return (${siteVar} ||= ${names[s.kind]}(${descriptorText(s)})).call(${selfArgument(s)}, ${values}, ${arrow}${again});`;
}

/** The body function: the original block (directives removed) in an arrow, `async` when the shell is. */
export function bodyArrow(s: Site, block: string): string {
  return `${s.fn.async ? 'async ' : ''}() => ${block}`;
}

/**
 * The shell's new body as text around the original block (directives removed):
 * `[before, after]`. The other directives ("use strict") open it, where they
 * govern `this` and the parameters: `{ "use strict"; return (_s ||= …).call(…, () => ` block `); }`.
 */
export function shellText(s: Site, siteVar: string, names: EmitNames): [string, string] {
  const [before, after] = shellReturn(s, siteVar, names, bodyArrow(s, '\0')).split('\0');
  return ['{ ' + s.kept.map((d) => d.raw + '; ').join('') + before, after + ' }'];
}

/** `_register(target, "id")`, or `_register(target, "id", "key")` for a method found on `target`. */
export function registerCall(names: EmitNames, target: string, id: string, key?: string): string {
  return `${names.register}(${target}, ${JSON.stringify(id)}${key === undefined ? '' : ', ' + JSON.stringify(key)})`;
}

/**
 * The expression `placeholder` stands for, under the name it would get where it
 * stands unwrapped: `{ "name": fn }["name"]` gives an anonymous function that
 * name, as an assignment or a field would (ECMA-262 NamedEvaluation).
 */
export function named(placeholder: string, name: string | null): string {
  return name === null ? placeholder : `{ ${JSON.stringify(name)}: ${placeholder} }[${JSON.stringify(name)}]`;
}

/** The text around an expression that registers it: `[_register(, , "id", "key")]`, the function keeping `name`. */
export function registerWrap(names: EmitNames, id: string, key?: string, name: string | null = null): [string, string] {
  const [open, close] = registerCall(names, named('\0', name), id, key).split('\0');
  return [open, close];
}

/** A class's registrations: one static block, first in the class body (the methods exist by then). */
export function staticBlock(calls: readonly string[]): string {
  return `static { ${calls.map((c) => c + ';').join(' ')} }`;
}
