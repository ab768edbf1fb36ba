// Function identity: `relative/posix/path.ts#qualified/name` (issue #3, docs/contract.md).
import { relative, resolve, sep } from 'node:path';

/** Name used for functions that have none (callbacks, anonymous default exports are `default`). */
export const ANONYMOUS = 'anonymous';

/** The module part of an id: the file's path relative to `root`, posix separators, never absolute. */
export const modulePath = (filename: string | undefined, root: string): string => {
  if (!filename) return 'unknown';
  const rel = relative(resolve(root), resolve(root, filename));
  return rel.split(sep).join('/');
};

/** One segment of a qualified name: `load`, `Repo.find`, `api.load`, `anonymous`. */
export const segment = (owner: string | null, name: string | null): string =>
  owner !== null ? owner + '.' + (name ?? ANONYMOUS) : name ?? ANONYMOUS;

/** Qualified name from the segments of the enclosing functions, outermost first: `makeLoader/load`. */
export const qualify = (segments: readonly string[]): string => segments.join('/');

/**
 * Site ids for one file, in source order: a name used more than once gets a
 * counter from its second occurrence on (`load`, `load~2`), so two functions never share an id.
 */
export const assignIds = (path: string, names: readonly string[]): string[] => {
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
};
