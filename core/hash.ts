// The body hash (definition: docs/hash.md). Input: the function's own tokens
// and the tokens of every declaration it reaches; output: 128 bits, base64url.
import * as crypto from 'node:crypto';

// The one-shot crypto.hash (Node >= 20.12) costs about half of createHash on texts this short; read off
// the namespace so that a runtime without it still links.
const sha256 = (text: string): Buffer =>
  crypto.hash ? (crypto.hash('sha256', text, 'buffer') as unknown as Buffer) : crypto.createHash('sha256').update(text).digest();

/** Bump when the definition changes: every cache entry keyed by an old hash is dropped. */
export const HASH_VERSION = 'memokit-hash-2';

/** A declaration the function uses: its tokens, or for an import its source and imported name. */
export interface HashedUnit {
  scope: 'module' | 'nested';
  name: string;
  /** `function`, `class`, `const`, `let`, `var`, `import`, … */
  kind: string;
  tokens?: readonly string[];
  source?: string;
  imported?: string;
}

export interface HashInput {
  kind: string;
  async: boolean;
  options: string;
  params: readonly (readonly string[])[];
  body: readonly string[];
  units: readonly HashedUnit[];
  /** Units of other files, packages and built-ins, as JSON texts (core/imports/follow.ts). */
  linked?: readonly string[];
}

/** Units are immutable once built and shared by the sites of a file that reach them: each is stringified once. */
const unitTexts = new WeakMap<HashedUnit, string>();

function unitText(u: HashedUnit): string {
  let text = unitTexts.get(u);
  if (text === undefined) {
    text = JSON.stringify(u.kind === 'import' ? [u.scope, u.name, u.kind, u.source, u.imported] : [u.scope, u.name, u.kind, u.tokens]);
    unitTexts.set(u, text);
  }
  return text;
}

/** The exact JSON text that is hashed (exposed for docs and tests). */
export const hashText = (h: HashInput): string =>
  JSON.stringify([
    HASH_VERSION,
    h.kind,
    h.async ? 1 : 0,
    h.options,
    h.params,
    h.body,
    // Each unit as JSON, sorted as text: an order that does not depend on how an engine found them.
    h.units
      .map(unitText)
      .concat(h.linked ?? [])
      .sort(),
  ]);

/** SHA-256 of the UTF-8 hash text, first 16 bytes, base64url (22 characters). */
export const bodyHash = (h: HashInput): string => sha256(hashText(h)).subarray(0, 16).toString('base64url');
