// invalidate(fn, ...args): the shell is called in invalidate mode, so that the key
// is computed exactly as a call computes it (defaults, destructuring, `_` names);
// the site's `call` then removes that key's entry instead of computing. Only
// `fn`'s own site takes the invalidation: a default that calls another cached
// function runs as a normal call (it may hit or miss there).
import { fail, NOT_CACHED } from './errors.js';
import { registry, type Invalidation } from './registry.js';
import { isThenable, settle } from './promise.js';

// The state of an invalidation lives in the registry, not in this module: the shell
// may belong to another copy of the runtime (CommonJS and ES module copies in one process).
const state = (registry.invalidation ||= {} as Invalidation);

/** True when this call of site `id` is an invalidation (without taking it). */
export const invalidating = (id: string): boolean => state.site === id;

/** For a site's `call`: true (once) when this call is the invalidation of site `id` rather than a lookup. */
export const takeInvalidation = (id: string): boolean => state.site === id && !(state.site = null);

/**
 * For a site's `call` in invalidate mode: whether (or a promise of whether) an entry was removed,
 * or the error that kept it from being removed (reported here, as an async shell would hide a throw).
 */
export const reportRemoval = (result: boolean | Promise<boolean>, error?: unknown) => {
  state.removed = result;
  state.error = error;
};

/** Looks up the id a compiled function was registered under. */
export const idOf = (fn: Function): string => {
  const id = registry.functions.get(fn);
  return id !== undefined ? id
    : fail(NOT_CACHED, ((fn && fn.name) || 'this function') + ' is not a "use memo" or "use singleton" function compiled by memokit; check that the memokit plugin runs on its file.');
};

/** Runs `fn` in invalidate mode: whether an entry was removed, or a promise of it when the site's store is asynchronous. */
export const runInvalidate = (self: unknown, fn: Function, args: unknown[]): boolean | Promise<boolean> => {
  state.site = idOf(fn);
  // What a site that takes the invalidation but fails before reporting leaves as the answer.
  reportRemoval(false);
  let result: unknown;
  let missed: unknown;
  try {
    result = fn.apply(self, args);
  } finally {
    // A throw from the arguments (a default, a destructuring) propagates as is.
    missed = state.site;
    state.site = null;
  }
  // An async shell reports such a failure as a rejection; the error below replaces it.
  if (isThenable(result)) settle(result, null, () => {});
  if (missed) fail(NOT_CACHED, 'invalidate(' + (fn.name || 'fn') + ', ...) did not reach the cache: the call failed before its key could be computed.');
  if (state.error !== undefined) throw state.error;
  return state.removed;
};
