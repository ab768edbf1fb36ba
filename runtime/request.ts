// Request scope (docs/runtime.md, Request scope): a `scope=request` function keeps its
// entries in the scope of the withRequestScope() call it runs in, found through
// AsyncLocalStorage, and gone when that call ends: memo entries are dropped, singletons
// released. The Node entry installs it (browsers have no AsyncLocalStorage); only
// scope=request sites look at it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { registry } from './registry.js';
import { fail, BAD_OPTION, NO_REQUEST_SCOPE } from './errors.js';
import { isThenable, settle } from './promise.js';
import { endScope, type SiteState } from './site.js';

/** One request's caches. */
export interface RequestScope {
  /** Each request-scoped site's entries in this request, by site state. */
  sites: Map<SiteState, Map<string, any>>;
  /** Per-instance entries (methods cached per `this`), by instance, then site state. */
  instances: WeakMap<object, Map<SiteState, Map<string, any>>>;
  /** Every scope made in this request, for the end (instances cannot be listed). */
  made: [SiteState, Map<string, any>][];
  ended: boolean;
}

const scopes = new AsyncLocalStorage<RequestScope>();
/** The requests in progress: invalidateTag reaches their entries too (a webhook outside any request). */
const live = new Set<RequestScope>();

/** The request's end: its singletons are released, its memo entries dropped. */
function finish(request: RequestScope): Promise<unknown> {
  request.ended = true;
  live.delete(request);
  const made = request.made;
  request.made = [];
  request.sites.clear();
  return Promise.all(made.map(([state, entries]) => endScope(state, entries)));
}

/** withRequestScope() (api.ts has its contract): a scope nested in a live one joins it. */
function withRequestScope<T>(fn: () => T): T {
  if (typeof fn !== 'function') fail(BAD_OPTION, 'withRequestScope(fn): fn must be a function, such as () => handle(req, res).');
  const outer = scopes.getStore();
  if (outer !== undefined && !outer.ended) return fn();
  const request: RequestScope = { sites: new Map(), instances: new WeakMap(), made: [], ended: false };
  live.add(request);
  let result: T;
  try {
    // No computation's frame inside: a server started while a singleton was being built serves its
    // requests in that build's async context, but they are not part of it (tags, MK_REQUEST_SCOPE_LEAK).
    result = scopes.run(request, registry.context ? () => registry.context!.run(undefined, fn) : fn);
  } catch (error) {
    finish(request);
    throw error;
  }
  if (!isThenable(result)) {
    finish(request);
    return result;
  }
  return settle(result, (value) => finish(request).then(() => value), (error) => finish(request).then(() => { throw error; })) as T;
}

/** The entries of `state` in the current request (for `self`, when the site caches per instance); made when `make`. */
function requestEntries(state: SiteState, self: object | null, make?: boolean): Map<string, any> | undefined {
  const request = scopes.getStore();
  if (request === undefined || request.ended) {
    if (!make) return undefined; // invalidate() outside a request: nothing to remove
    return fail(NO_REQUEST_SCOPE, state.id + (request ? ' was called after its request scope ended' : ' was called outside a request scope') +
      '; it is scope=request, so its entries live in one request. Run the request\'s handler inside withRequestScope(() => …) (docs/runtime.md, Request scope), or remove scope=request.');
  }
  let bySite = request.sites;
  if (self !== null) {
    bySite = request.instances.get(self)!;
    if (bySite === undefined) {
      if (!make) return undefined;
      request.instances.set(self, (bySite = new Map()));
    }
  }
  let entries = bySite.get(state);
  if (entries === undefined && make) {
    bySite.set(state, (entries = new Map()));
    request.made.push([state, entries]);
  }
  return entries;
}

/** Every map of `state`'s entries in the current request (per instance too); none outside a request. */
function allEntries(state: SiteState): Map<string, any>[] {
  const request = scopes.getStore();
  return request === undefined ? [] : request.made.filter(([owner]) => owner === state).map(([, entries]) => entries);
}

/** Every map of `state`'s entries in every request in progress. */
function everyEntries(state: SiteState): Map<string, any>[] {
  const out: Map<string, any>[] = [];
  for (const request of live) for (const [owner, entries] of request.made) if (owner === state) out.push(entries);
  return out;
}

/** What the Node entry installs in the registry (a named export, so that no bundler drops it as a bare import). */
export const requestScopes: NonNullable<typeof registry.requests> = { run: withRequestScope, entries: requestEntries, all: allEntries, every: everyEntries };
