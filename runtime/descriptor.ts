// The site descriptor: what the compiler passes for one cached function
// (docs/contract.md), and the checks the runtime makes on it before the first call.
import { fail, BAD_OPTION } from './errors.js';
import { registry } from './registry.js';
import { DESCRIPTOR_FIELDS } from './fields.js';

export type Kind = 'memo' | 'singleton';

export interface SiteDesc {
  /** `path/relative/to/root.ts#qualified.name`, unique per function. */
  id: string;
  /** Build-time hash of the function's code and the module code it uses. */
  hash: string;
  /** Names of the keyed parameters, in the order their values are passed. */
  keys?: readonly string[];
  /** Names of captured closure variables, whose values follow the parameters. */
  captured?: readonly string[];
  /** Cache per `this` object (instance methods); instances are held weakly. */
  self?: boolean;
  /** Milliseconds an entry lives after it was written. */
  ttl?: number;
  /** memo only, with `ttl`: milliseconds after `ttl` during which a call returns the stale value and refreshes it in the background. */
  swr?: number;
  /** memo only: static tags of every entry (`invalidateTag`); sorted, no repeats. */
  tags?: readonly string[];
  /** Most entries kept (per `this` object for `self` sites); least recently used go first. */
  max?: number;
  /** memo only: bound of the entries' encoded sizes in bytes (memory, and the near tier of a shared store); least recently used go first. */
  maxBytes?: number;
  /** `request`: entries live for one withRequestScope() call (docs/runtime.md, Request scope). */
  scope?: 'request';
  /** memo only: called with (value, ...keyed arguments) once a value is computed; a falsy answer returns it without caching it. */
  cacheIf?: (value: any, ...args: any[]) => unknown;
  /** memo only: `clone` (default) copies on every call, `freeze` shares one deep-frozen value. */
  copy?: 'clone' | 'freeze';
  /** Store name: `memory` (default), `disk` (Node), or a name given to configure({ stores }). */
  persist?: string;
  /** The function is async (set with `persist`: a store without synchronous access needs it). */
  async?: boolean;
  /** singleton only: called on each hit with the instance and the call's keyed arguments; a falsy result (or promise of one) recreates the instance. */
  validate?: (value: any, ...args: any[]) => unknown;
  /** singleton only: called when an instance is cleared, evicted, expired or replaced. */
  release?: (value: any) => unknown;
}


/** Why persist= and configure({ stores }) fail in the browser build. */
export const NODE_ONLY = 'stores (persist=) need the Node build of memokit.';

/** A site's store, or undefined when its results live in memory. */
export const storeName = (desc: SiteDesc): string | undefined => (desc.persist === 'memory' ? undefined : desc.persist);

/** Throws MK_BAD_OPTION, naming the site, for anything the compiler would also have refused. */
export const checkDescriptor = (desc: SiteDesc, kind: Kind) => {
  const bad = (what: string) => fail(BAD_OPTION, desc.id + ': ' + what);
  const singleton = kind === 'singleton';
  for (const field in desc) if (!(DESCRIPTOR_FIELDS as readonly string[]).includes(field)) bad('unknown option "' + field + '"; descriptor fields are ' + DESCRIPTOR_FIELDS.join(', ') + '.');
  if (desc.ttl !== undefined && !(desc.ttl > 0 && desc.ttl < 1 / 0)) bad('ttl must be a positive number of milliseconds.');
  if (desc.swr !== undefined && (singleton || desc.ttl === undefined || !(desc.swr > 0 && desc.swr < 1 / 0))) bad('swr must be a positive number of milliseconds, with a ttl, and only "use memo" takes it.');
  if (desc.tags !== undefined && (singleton || !Array.isArray(desc.tags) || desc.tags.some((name) => typeof name !== 'string' || !name))) bad('tags must be an array of tag names, and only "use memo" takes it.');
  if (desc.max !== undefined && !(Number.isInteger(desc.max) && desc.max > 0)) bad('max must be a positive integer.');
  if (desc.maxBytes !== undefined && (singleton || !(Number.isSafeInteger(desc.maxBytes) && desc.maxBytes > 0))) bad('maxBytes must be a positive whole number of bytes, for "use memo".');
  if (desc.scope !== undefined) {
    if (desc.scope !== 'request' || storeName(desc) !== undefined) bad('scope must be "request", and a request-scoped function keeps its entries in memory (no persist=).');
    if (!registry.requests) bad('scope=request needs AsyncLocalStorage: use the Node build of memokit (Node, Bun, Deno).');
  }
  if (desc.cacheIf !== undefined && (singleton || typeof desc.cacheIf !== 'function')) bad('cacheIf must be a function, for "use memo".');
  if (desc.copy !== undefined && (singleton || (desc.copy !== 'clone' && desc.copy !== 'freeze'))) bad('copy must be "clone" or "freeze", and only "use memo" copies.');
  for (const hook of ['validate', 'release'] as const) {
    if (desc[hook] !== undefined && (!singleton || typeof desc[hook] !== 'function')) bad(hook + ' must be a function, and only "use singleton" takes it.');
  }
  if (storeName(desc) !== undefined) registry.persistence ? registry.persistence.check(desc, kind) : bad(NODE_ONLY);
};
