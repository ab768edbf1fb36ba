// Remembers each site's keys by value, so that a repeated call with plain data costs a walk
// and a few comparisons rather than building, flattening and hashing a key string (~0.8 µs for
// a small object). The values are read on every call, so a mutated argument takes another
// path: nothing is remembered by object identity (docs/keys.md).
import { keyOf, type KeyOwner } from './key.js';

/** Nodes and keys a site remembers; past this it starts over (bounds memory per site). */
const INTERN_MAX = 16384;
/** For a site with `max`, nodes and keys remembered per cache entry it may hold (a few per key, plus slack). */
const INTERN_PER_ENTRY = 8;
/** Strings longer than this are not remembered: such calls build their key afresh. */
const INTERN_STRING = 64;
/** Tokens (values, property names, marks) one call may take; larger arguments (and cycles) build their key afresh. */
const INTERN_TOKENS = 64;

// Marks that open an array, a plain object or a null-prototype object, and close any of them.
// Objects, so that no argument value ever equals one (Map keys compare by SameValueZero).
const ARR = {}, OBJ = {}, NUL = {}, END = {};

/** A value the memo holds as itself: SameValueZero tells it from every other such value (so not -0), and it is small. */
const primitive = (v: unknown) =>
  typeof v === 'string' ? v.length <= INTERN_STRING
  : typeof v === 'number' ? v !== 0 || 1 / v > 0
  : typeof v !== 'function' && typeof v !== 'symbol' && (typeof v !== 'object' || v === null);

/** SameValueZero, for values that passed primitive() and marks. */
const same = (a: unknown, b: unknown) => a === b || (a !== a && b !== b);

/** Appends the tokens of `v` to `out`: false when `v` is not remembered. */
const tokens = (v: any, out: unknown[]): boolean => {
  if (out.length > INTERN_TOKENS) return false;
  if (typeof v !== 'object' || v === null) return primitive(v) && out.push(v) > 0;
  const p = Object.getPrototypeOf(v);
  if (p === Array.prototype) {
    out.push(ARR);
    for (let i = 0; i < v.length; i++) if (!(i in v) || !tokens(v[i], out)) return false;
  } else if (p === Object.prototype || p === null) {
    out.push(p ? OBJ : NUL);
    for (const k of Object.keys(v)) if (!tokens(k, out) || !tokens(v[k], out)) return false;
  } else return false;
  return out.push(END) > 0;
};

/**
 * The key function of one site: `keyOf(args)`, remembered for calls whose values are primitives
 * (not -0), plain and null-prototype objects and arrays without holes. A call is a sequence of
 * tokens (primitive arguments are their own tokens); containers are bracketed by marks and objects
 * list each property name before its value, so the sequences of two different values always part.
 * Objects are read in their own key order: two orders take two paths to the same canonical key.
 *
 * The sequences live in a radix tree: a Map per branching point, and at the end of each branch a
 * leaf `[key, ...the remaining tokens]`, which a later call compares token by token.
 */
export const interner = (owner: KeyOwner, max?: number) => {
  // Keys of entries a bounded cache has evicted are rarely asked for again: remember about as many as it holds.
  const limit = max ? Math.min(INTERN_MAX, 64 + INTERN_PER_ENTRY * max) : INTERN_MAX;
  let root = new Map<unknown, any>();
  let size = 0;

  /** A new branch under `node` for the tokens from `i` on, ending in the call's key. */
  const add = (node: Map<unknown, any>, toks: readonly unknown[], i: number, args: readonly unknown[]): string => {
    const key = keyOf(args, owner);
    const leaf = toks.slice(i);
    leaf[0] = key;
    if ((size += 1) > limit) (root = new Map()), (size = 0);
    else node.set(toks[i], leaf);
    return key;
  };

  return (args: readonly unknown[]): string => {
    let toks = args;
    for (let i = 0; i < args.length; i++) {
      if (!primitive(args[i])) {
        const out: unknown[] = [];
        for (const v of args) if (!tokens(v, out)) return keyOf(args, owner);
        toks = out;
        break;
      }
    }
    let node = root;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i];
      const next = node.get(t);
      if (next === undefined) return add(node, toks, i, args);
      if (next instanceof Map) {
        node = next;
        continue;
      }
      let j = 1;
      for (i++; i < toks.length && j < next.length && same(next[j], toks[i]); i++) j++;
      if (j === next.length) return i === toks.length ? next[0] : keyOf(args, owner);
      // A call of other arity (hand-written shells may vary it) ends where another goes on.
      if (i === toks.length) break;
      // The sequences part at next[j]: Maps for the shared tokens, then both remainders.
      const shared = next.splice(1, j);
      let m = new Map();
      node.set(t, m);
      // `m.set` is read before the argument replaces `m`: each Map points to the next.
      for (let q = 0; q < j - 1; q++) m.set(shared[q], (m = new Map()));
      m.set(shared[j - 1], next);
      size += j;
      return add(m, toks, i, args);
    }
    return keyOf(args, owner);
  };
};
