// invalidate(fn, ...args): the shell is called in invalidate mode, so that the key
// is computed exactly as a call computes it (defaults, destructuring, `_` names);
// the site's `call` then removes that key's entry instead of computing. Only
// `fn`'s own site takes the invalidation: a default that calls another cached
// function runs as a normal call (it may hit or miss there).
import { fail, NOT_CACHED } from './errors.js';
import { registry } from './registry.js';
import { isThenable, settle } from './promise.js';

/** The id of the site being invalidated, or null. */
let invalidating: string | null = null;
/** What the site reported: true or false, or a promise of it (a store without synchronous delete). */
let removed: boolean | Promise<boolean> = false;

/** For a site's `call`: true (once) when this call is the invalidation of site `id` rather than a lookup. */
export const takeInvalidation = (id: string): boolean => {
  if (invalidating !== id) return false;
  invalidating = null;
  return true;
};

/** Why the site could not remove the entry (a store's error), thrown by invalidate(). */
let failure: unknown;

/**
 * For a site's `call` in invalidate mode: whether (or a promise of whether) an entry was removed,
 * or the error that kept it from being removed (reported here, as an async shell would hide a throw).
 */
export const reportRemoval = (result: boolean | Promise<boolean>, error?: unknown) => {
  removed = result;
  failure = error;
};

/** Looks up the id a compiled function was registered under. */
export const idOf = (fn: Function): string => {
  const id = registry.functions.get(fn);
  return id !== undefined ? id
    : fail(NOT_CACHED, ((fn && fn.name) || 'this function') + ' is not a "use memo" or "use singleton" function compiled by memokit; check that the memokit plugin runs on its file.');
};

/** Runs `fn` in invalidate mode: whether an entry was removed, or a promise of it when the site's store is asynchronous. */
export const runInvalidate = (self: unknown, fn: Function, args: unknown[]): boolean | Promise<boolean> => {
  const id = idOf(fn);
  invalidating = id;
  removed = false;
  failure = undefined;
  let result: unknown;
  let reached: boolean;
  try {
    result = fn.apply(self, args);
  } finally {
    // A throw from the arguments (a default, a destructuring) propagates as is.
    reached = invalidating === null;
    invalidating = null;
  }
  // An async shell reports such a failure as a rejection; the error below replaces it.
  if (isThenable(result)) settle(result, null, () => {});
  if (!reached) fail(NOT_CACHED, 'invalidate(' + (fn.name || 'fn') + ', ...) did not reach the cache: the call failed before its key could be computed.');
  if (failure !== undefined) throw failure;
  return removed;
};
