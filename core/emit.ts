// The code both plugins emit for a site, as text (docs/contract.md). Babel
// parses these snippets into its AST; SWC splices them into the source, so the
// two outputs call the runtime identically.
import type { Site } from './analyze.js';

/** Local names of the runtime imports and of the site variable in one file. */
export interface EmitNames {
  memo: string;
  singleton: string;
  register: string;
}

/** Name of the runtime export each directive calls. */
export const FACTORY = { memo: 'memo', singleton: 'singleton' } as const;
/** The runtime export that ties a user's function to its site id. */
export const REGISTER = 'register';

/** The descriptor object literal: `{ id: "…", hash: "…", keys: ["a"], … }`. */
export const descriptorText = (s: Site): string => {
  const f: string[] = [`id: ${JSON.stringify(s.id)}`, `hash: ${JSON.stringify(s.hash)}`];
  if (s.keys.length) f.push(`keys: ${JSON.stringify(s.keys)}`);
  if (s.captured.length) f.push(`captured: ${JSON.stringify(s.captured)}`);
  if (s.self) f.push('self: true');
  const o = s.options;
  if (o.ttl !== undefined) f.push(`ttl: ${o.ttl}`);
  if (o.max !== undefined) f.push(`max: ${o.max}`);
  if (o.copy !== undefined) f.push(`copy: ${JSON.stringify(o.copy)}`);
  if (o.persist !== undefined) f.push(`persist: ${JSON.stringify(o.persist)}`);
  // A store without synchronous access (Redis) can only serve async functions; the runtime checks.
  if (o.persist !== undefined && o.persist !== 'memory' && s.fn.async) f.push('async: true');
  // Module-level functions, by reference (read on the first call, after the module has run).
  if (o.validate !== undefined) f.push(`validate: ${o.validate}`);
  if (o.release !== undefined) f.push(`release: ${o.release}`);
  return `{ ${f.join(', ')} }`;
};

/**
 * The statement that replaces a shell's body; `arrow` is the text of the body
 * function (see `bodyArrow`): `return (_s1 ||= _memo({…})).call(void 0, [a, b], () => {…});`
 */
export const shellReturn = (s: Site, siteVar: string, names: EmitNames, arrow: string): string =>
  `return (${siteVar} ||= ${names[s.kind]}(${descriptorText(s)})).call(${selfArgument(s)}, [${s.values.join(', ')}], ${arrow});`;

/**
 * `this` only for sites cached per `this` object; otherwise `void 0`, so that an
 * arrow at module level never reads a top-level `this` (bundlers warn about it).
 */
const selfArgument = (s: Site): string => (s.self ? 'this' : 'void 0');

/** The body function: the original block (directive removed) in an arrow, `async` when the shell is. */
export const bodyArrow = (s: Site, block: string): string => `${s.fn.async ? 'async ' : ''}() => ${block}`;

/** `_register(target, "id")`, or `_register(target, "id", "key")` for a method found on `target`. */
export const registerCall = (names: EmitNames, target: string, id: string, key?: string): string =>
  `${names.register}(${target}, ${JSON.stringify(id)}${key === undefined ? '' : ', ' + JSON.stringify(key)})`;
