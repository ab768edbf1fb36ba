// The site model: what analysis decides for one cached function.
import type { Kind, Options } from '../directive.js';
import type { DirectiveFact, FunctionFacts } from './contract.js';
import type { Registration } from '../registration.js';

/** A cached function, as `analyze` returns it. */
export interface SiteInfo {
  id: string;
  kind: Kind;
  hash: string;
  keys: string[];
  captured: string[];
  options: Options;
  /** The function's body block (1-based line, 0-based column). */
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
}

/** A site plus the edit plan the rewrites carry out. */
export interface Site<N = unknown> extends SiteInfo {
  fn: FunctionFacts<N>;
  /** Cache per `this` object. */
  self: boolean;
  /** The memokit directives to remove from the body. */
  directives: DirectiveFact[];
  /** The body's other prologue strings ("use strict"): they stay on the shell, where they govern `this` and the parameters. */
  kept: DirectiveFact[];
  /** JavaScript expressions, in key order: parameter values, then captured values. */
  values: string[];
  /** How the function is tied to its id. */
  registration: Registration;
}

/** Key name whose value is the arguments beyond the declared parameters. */
export const ARGUMENTS_KEY = 'arguments';

/** The public shape of a site (what `analyze` returns). */
export function publicSite(s: SiteInfo): SiteInfo {
  return { id: s.id, kind: s.kind, hash: s.hash, keys: s.keys, captured: s.captured, options: s.options, loc: s.loc };
}
