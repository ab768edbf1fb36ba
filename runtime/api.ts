// The user-facing API: clear, invalidate, stats, configure; and the two entry
// points the compiled code calls (memo, singleton) plus function registration.
import { site, REG, NODE_ONLY, clearState, entries, idOf, runInvalidate, type Site, type SiteDesc, type Config, type Kind } from './site.js';
import { fail, BAD_OPTION } from './errors.js';

/** Compiled code: the site of a "use memo" function (created on its first call). */
export const memo = (desc: SiteDesc): Site => site(desc, 'memo');
/** Compiled code: the site of a "use singleton" function. */
export const singleton = (desc: SiteDesc): Site => site(desc, 'singleton');

/**
 * Compiled code: ties the user's function to its site id, for clear/invalidate/stats.
 * With `key`, the function is `target`'s method or getter of that name (object
 * literals, class prototypes). Returns `target`.
 */
export const register = <T extends object>(target: T, id: string, key?: PropertyKey): T => {
  let fn: any = target;
  if (key !== undefined) {
    const d = Object.getOwnPropertyDescriptor(target, key)!;
    fn = d.get || d.value;
  }
  REG.fns.set(fn, id);
  return target;
};

const statesOf = (fn?: Function) => {
  if (fn === undefined) return [...REG.sites.values()];
  const s = REG.sites.get(idOf(fn));
  return s ? [s] : [];
};

/**
 * Empties one function's cache, or every cache, and resets its hit and miss
 * counts. Singletons are released; the promise settles when their release hooks have finished.
 */
export const clear = (fn?: Function): Promise<void> => {
  const states = statesOf(fn);
  return Promise.all([
    ...states.map((s) => {
      s.hits = s.misses = 0; // stats start over with the cache
      return clearState(s);
    }),
    ...(REG.persist ? REG.persist.clear(fn && idOf(fn), states) : []),
  ]).then(() => {});
};

/**
 * Removes the entry that `fn(...args)` would use (same key rules as a call:
 * defaults applied, `_` parameters ignored). For per-instance methods, pass the
 * instance as `this`: `invalidate.call(obj, Class.prototype.method, ...args)`.
 * Returns true when an entry was removed.
 */
export function invalidate(this: unknown, fn: Function, ...args: unknown[]): boolean {
  return runInvalidate(this, fn, args);
}

export interface SiteStats {
  /** Known once the function has been called (the site is created on the first call). */
  kind?: Kind;
  hits: number;
  misses: number;
  entries: number;
}

/** Hits, misses and entries per site, keyed by site id. */
export const stats = (fn?: Function): Record<string, SiteStats> => {
  const out: Record<string, SiteStats> = {};
  if (fn !== undefined && !REG.sites.has(idOf(fn))) {
    out[idOf(fn)] = { hits: 0, misses: 0, entries: 0 };
  }
  for (const s of statesOf(fn)) out[s.id] = { kind: s.kind, hits: s.hits, misses: s.misses, entries: entries(s) };
  return out;
};

/** Sets runtime options (`onEvent`, `stores`); returns the previous values of the options given. */
export const configure = (options: Config): Config => {
  const prev: Config = {};
  for (const k of Object.keys(options || {}) as (keyof Config)[]) {
    const v: any = options[k];
    if (k === 'onEvent') {
      if (v != null && typeof v !== 'function') fail(BAD_OPTION, 'configure(): onEvent must be a function or null.');
    } else if (k === 'stores') {
      REG.persist ? REG.persist.check(v) : fail(BAD_OPTION, NODE_ONLY);
    } else fail(BAD_OPTION, 'configure(): unknown option "' + k + '"; known options: onEvent, stores.');
    (prev as any)[k] = REG.cfg[k];
    (REG.cfg as any)[k] = v;
  }
  return prev;
};
