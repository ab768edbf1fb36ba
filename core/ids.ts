// Function identity: `relative/posix/path.ts#qualified/name` (docs/contract.md).
// Qualified names come from the adapters' naming facts (core/analyze/contract.ts).
import { dirname, relative, resolve, sep } from 'node:path';
import type { MemberKey, Naming } from './analyze/contract.js';
import type { FileView } from './imports/files.js';

/** Name used for functions that have none (callbacks, anonymous default exports are `default`). */
export const ANONYMOUS = 'anonymous';

/** A file's path relative to `root`, posix separators, never absolute. */
export function modulePath(filename: string | undefined, root: string): string {
  if (!filename) return 'unknown';
  const rel = relative(resolve(root), resolve(root, filename));
  return rel.split(sep).join('/');
}

/** How messages name a file: relative to `root` when one is given, else to the working directory (a path a terminal opens). */
export function displayPath(filename: string | undefined, root: string | null): string {
  return modulePath(filename, root ?? process.cwd());
}

/**
 * The module part of an id (docs/contract.md): `<package name>/<path from the
 * package's folder>` for the nearest package.json with a name, so ids do not
 * depend on the working directory and two packages never share one; relative
 * to `root` when it is given; `namespace` replaces the package name.
 */
export function moduleId(filename: string | undefined, o: { root: string | null; namespace: string | null }, files: FileView): string {
  if (!filename || filename === 'unknown') return o.namespace ? o.namespace + '/unknown' : 'unknown';
  const path = resolve(filename);
  let base: string;
  let prefix: string | null = o.namespace;
  if (o.root !== null) base = o.root;
  else {
    const pkg = files.namedPackage(dirname(path)) ?? files.nearestPackage(dirname(path));
    base = pkg?.dir ?? process.cwd();
    prefix ??= pkg?.name ?? null;
  }
  const rel = modulePath(path, base);
  return prefix === null ? rel : prefix + '/' + rel;
}

/**
 * The property name a literal key defines at run time: `1.0` and `1` are "1",
 * `0x1Fn` is "31"; identifiers and strings as written. Null for keys that are
 * not known before the code runs (computed) or not properties (private names).
 */
export function propertyName(key: MemberKey): string | null {
  switch (key.kind) {
    case 'identifier': case 'string': case 'number': return key.text;
    case 'bigint': return String(BigInt(key.text.replace(/_/g, '')));
    default: return null;
  }
}

/** A member key in a qualified name: `find`, `#secret`, `[Symbol.iterator]` (computed: its source text). */
export function keyName(key: MemberKey): string {
  if (key.kind === 'computed') return '[' + key.text + ']';
  if (key.kind === 'private') return '#' + key.text;
  return propertyName(key) ?? key.text;
}

/** The name a value gets from where it stands: `const x = …`, `x = …`, `a.x = …`, `export default …`. */
function slotName(n: Naming): string | null {
  const s = n.slot;
  if (s.kind === 'variable' || s.kind === 'assignment') return s.name;
  if (s.kind === 'export-default' || (s.kind === 'declaration' && s.exportDefault)) return 'default';
  return null;
}

/** Name of the class or object literal that owns a member: `Repo`, `api`, `api.nested`, `default`, `anonymous`. */
function ownerName(owner: Naming): string {
  if (owner.id !== null) return owner.id;
  const s = owner.slot;
  if (s.kind === 'member' && s.member === 'value') return ownerName(s.owner) + '.' + keyName(s.key);
  return slotName(owner) ?? ANONYMOUS;
}

/** One segment of a qualified name (`load`, `Repo.find`, `api.load`, `anonymous`) and the function's own name. */
export function segmentOf(n: Naming): { segment: string; own: string | null } {
  const s = n.slot;
  if (s.kind === 'member' && (s.member === 'method' || n.id === null)) {
    const own = keyName(s.key);
    return { segment: ownerName(s.owner) + '.' + own, own };
  }
  if (n.id !== null) return { segment: n.id, own: n.id };
  const own = slotName(n);
  return { segment: own ?? ANONYMOUS, own };
}

/** The qualified name of a function: one segment per enclosing function and its own, outermost first, joined by `/`. */
export function qualifiedName(enclosing: readonly Naming[], own: Naming): string {
  return [...enclosing, own].map((n) => segmentOf(n).segment).join('/');
}

/**
 * Site ids for one file, in source order: a name used more than once gets a
 * counter from its second occurrence on (`load`, `load~2`), so two functions never share an id.
 */
export function assignIds(path: string, names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const taken = new Set(names);
  return names.map((n) => {
    const count = (seen.get(n) ?? 0) + 1;
    seen.set(n, count);
    if (count === 1) return path + '#' + n;
    let k = count;
    while (taken.has(n + '~' + k)) k++;
    taken.add(n + '~' + k);
    return path + '#' + n + '~' + k;
  });
}
