// The site model: what analysis decides for one cached function.
import type { Kind, Options } from '../directive.js';
import type { DirectiveFact, FunctionFacts } from './contract.js';
import type { Registration } from '../registration.js';
import type { HashInput } from '../hash.js';
import type { Dependencies } from '../imports/follow.js';

export type { Dependencies };

/** A cached function, as `analyze` returns it. */
export interface SiteInfo {
  id: string;
  kind: Kind;
  hash: string;
  keys: string[];
  captured: string[];
  options: Options;
  /** What the hash covers beyond the function's own file (imports followed). */
  dependencies: Dependencies;
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
  /** JavaScript expressions, in key order: parameter values, then captured values (set by linking). */
  values: string[];
  /** What linking needs: the hash input of the function's own file, and the imports it reaches. */
  link: LinkInput;
  /** Absolute paths of the other files the hash read (a rebuild watches them). */
  watch: string[];
  /** How the function is tied to its id. */
  registration: Registration;
}

/** An import a function reaches, directly (`via` null) or through a helper of its file. */
export interface ImportReach {
  /** The local name. */
  name: string;
  source: string;
  imported: string;
  via: string | null;
  /** The local name means this import at the function too (a value read through a helper is passed from there). */
  visible: boolean;
}

export interface LinkInput {
  hash: HashInput;
  /** Values of the parameter keys. */
  keyValues: string[];
  /** Data of the function's own file. */
  captured: string[];
  imports: ImportReach[];
  /** Literal `require("…")` and `import("…")` specifiers in the body and the units. */
  loads: string[];
  /** The directive (where linking reports). */
  at: DirectiveFact;
}

/** Key name whose value is the arguments beyond the declared parameters. */
export const ARGUMENTS_KEY = 'arguments';

/** The public shape of a site (what `analyze` returns). */
export function publicSite(s: SiteInfo): SiteInfo {
  return { id: s.id, kind: s.kind, hash: s.hash, keys: s.keys, captured: s.captured, options: s.options, dependencies: s.dependencies, loc: s.loc };
}
