// Tags (docs/runtime.md, Tags): every memo computation runs in a frame that collects
// the tags of the value it computes: the directive's static tags, those given to
// tag() in its body, and those of every cached value it reads (a hit, a joined
// computation, a nested miss), so that invalidating a tag also drops what was
// computed from a tagged value. invalidateTag marks the frames still running, and a
// frame whose tags meet a name invalidated while it ran keeps its value out of the cache.
import { registry, type Frame, type Context } from './registry.js';
import { isThenable, settle } from './promise.js';
import { fail, typeName, BAD_OPTION, NOT_COMPUTING } from './errors.js';

export type { Frame };

/**
 * Without AsyncLocalStorage (browsers) the frame is known only while a body runs
 * synchronously; code after an await reaches every frame still running instead
 * (more invalidation, never a stale entry).
 */
let syncFrame: Frame | undefined;
const syncContext: Context = {
  run: (frame, fn) => {
    const outer = syncFrame;
    syncFrame = frame;
    try {
      return fn();
    } finally {
      syncFrame = outer;
    }
  },
  get: () => syncFrame,
};

const contextOf = (): Context => registry.context || syncContext;
const running = (registry.computing ||= new Set());

/** The frame of the computation running here, if any. */
export const currentFrame = (): Frame | undefined => contextOf().get();

/** A frame for a computation of site `id`; `memo` false for singletons, whose bodies carry no tags. Its parent is the computation that called it. */
export const begin = (id: string, memo: boolean, tags: readonly string[] | undefined, parent: Frame | undefined = currentFrame()): Frame => {
  const frame: Frame = { id, memo, tags: tags && tags.length ? new Set(tags) : null, parent, done: false, dropped: null, async: false };
  running.add(frame);
  return frame;
};

/**
 * Adds `tags` to `frame`, or when no frame is known and there is no AsyncLocalStorage, to every
 * async memo computation running. `frame` is explicit: the hit path must not look up the current
 * frame of a value without tags (see `carryHere`).
 */
export const carry = (tags: readonly string[] | undefined, frame: Frame | undefined) => {
  if (tags === undefined) return;
  if (frame !== undefined) {
    if (frame.memo && !frame.done) for (const name of tags) (frame.tags ||= new Set()).add(name);
  } else if (!registry.context) {
    for (const other of running) if (other.async) carry(tags, other);
  }
};

/** carry() to the computation running here: what a hit of a tagged value does. */
export const carryHere = (tags: readonly string[] | undefined) => {
  if (tags !== undefined) carry(tags, currentFrame());
};

/** The body has finished: no more tags; its tags go to its parent (without AsyncLocalStorage and no parent known: to every async computation running). */
const end = (frame: Frame) => {
  if (frame.done) return;
  frame.done = true;
  if (frame.memo && frame.tags) {
    if (frame.parent) carry([...frame.tags], frame.parent);
    else if (!registry.context) for (const other of running) if (other !== frame && other.async) carry([...frame.tags], other);
  }
};

/**
 * The computation's value has been stored or dropped: invalidateTag stops marking it. Until then it
 * is marked like a running one, so an invalidation between the body's end and the store decides.
 */
export const release = (frame: Frame) => {
  running.delete(frame);
};

/**
 * Runs `body` as the computation of `frame`: its result, or a promise of it; the frame has ended
 * (and passed its tags to its parent) when the result is returned or the promise settles. A failed
 * computation is released here; the caller releases a successful one once it has stored it or not.
 */
export const compute = (frame: Frame, body: () => unknown): unknown => {
  let result: unknown;
  try {
    result = contextOf().run(frame, body);
  } catch (error) {
    end(frame);
    release(frame);
    throw error;
  }
  if (!isThenable(result)) return end(frame), result;
  frame.async = true;
  return settle(result, (value) => (end(frame), value), (error) => {
    end(frame);
    release(frame);
    throw error;
  });
}

/** The tags of a finished computation (sorted), or undefined. */
export const tagsOf = (frame: Frame): string[] | undefined => (frame.tags ? [...frame.tags].sort() : undefined);

/** True when a name invalidated while the computation ran is one of its tags: its value must not be kept. */
export const spoiled = (frame: Frame): boolean => frame.dropped !== null && frame.tags !== null && frame.dropped.some((name) => frame.tags!.has(name));

/** True when `tags` holds one of `names`. */
export const tagged = (tags: readonly string[] | undefined, names: ReadonlySet<string>): boolean => tags !== undefined && tags.some((name) => names.has(name));

/** Checks tag names given to tag() or invalidateTag(). */
export const tagNames = (names: unknown[], where: string): string[] => {
  for (const name of names) if (typeof name !== 'string' || !name) fail(BAD_OPTION, where + ': a tag is a non-empty string, such as "user:" + id; got ' + typeName(name) + '.');
  return names as string[];
};

/** Marks every computation running now: a value computed from data the invalidation covers is not kept. */
export const markRunning = (names: readonly string[]) => {
  for (const frame of running) frame.dropped = (frame.dropped || []).concat(names);
};

/**
 * Tags the value the calling "use memo" body is computing, in addition to its directive's `tags=`:
 * `tag("user:" + id)`. invalidateTag("user:42") then removes it, and every cached value computed from it.
 */
export const tag = (...names: string[]): void => {
  tagNames(names, 'tag()');
  const frame = currentFrame();
  if (frame === undefined) {
    if (!registry.context && [...running].some((other) => other.async && other.memo)) return carry(names, undefined);
    fail(NOT_COMPUTING, 'tag() was called outside a "use memo" body: call it while a memo function computes, before it returns.');
  }
  if (!frame!.memo || frame!.done) fail(NOT_COMPUTING, 'tag() was called ' + (frame!.done ? 'after ' + frame!.id + ' finished computing (from a callback that outlived it): call it before the body returns.' : 'in ' + frame!.id + ', a "use singleton" function: only "use memo" values carry tags.'));
  carry(names, frame);
};
