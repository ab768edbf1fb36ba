// Classifies objects by their exact prototype. Shared by the key encoder and the
// copier, so both accept exactly the same set of types (the issue #2 list).
// Exact prototypes (not instanceof) keep class instances out: a subclass of Map
// or Array would lose its prototype in a copy and may hash differently.
// The tag doubles as the type's letter in the key encoding (docs/keys.md).

/**
 * `{` plain object, `O` null-prototype object, `[` array, `M` Map, `S` Set, `D` Date,
 * `R` RegExp, `B` ArrayBuffer, `V` DataView, `T` typed array, `F` Node Buffer,
 * `U` URL, `` anything else.
 */
export type Tag = '{' | 'O' | '[' | 'M' | 'S' | 'D' | 'R' | 'B' | 'V' | 'T' | 'F' | 'U' | '';

const typedProto = Object.getPrototypeOf(Uint8Array.prototype);
const g = globalThis as { Buffer?: { prototype: object }; URL?: { prototype: object } };
const protos = new Map<unknown, Tag>([
  [Object.prototype, '{'], [null, 'O'], [Array.prototype, '['], [Map.prototype, 'M'], [Set.prototype, 'S'],
  [Date.prototype, 'D'], [RegExp.prototype, 'R'], [ArrayBuffer.prototype, 'B'], [DataView.prototype, 'V'],
]);
if (g.Buffer) protos.set(g.Buffer.prototype, 'F');
if (g.URL) protos.set(g.URL.prototype, 'U');

export const tagOf = (v: object): Tag => {
  const p = Object.getPrototypeOf(v);
  // The two common cases first: a Map lookup costs more than the comparisons.
  return p === Object.prototype ? '{' : p === Array.prototype ? '[' : protos.get(p) || (Object.getPrototypeOf(p) === typedProto ? 'T' : '');
};

/** The bytes a binary value holds (a view, never a copy). */
export const bytesOf = (v: ArrayBuffer | ArrayBufferView): Uint8Array =>
  ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new Uint8Array(v);

/** Internal signal: a walk met a value it cannot handle. */
export class Bad {
  constructor(public v: unknown) {}
}

/**
 * Where `bad` sits inside `root` (`.a[2].b`), found again after the fact so that
 * the fast walks carry no path bookkeeping. `` when `bad` is `root` itself.
 */
export const pathTo = (root: unknown, bad: unknown, seen = new Set<unknown>()): string | undefined => {
  if (root === bad) return '';
  if (typeof root !== 'object' || root === null || seen.has(root)) return;
  seen.add(root);
  const t = tagOf(root);
  const kids: [string, unknown][] =
    t === '{' || t === 'O' || t === '[' ? Object.entries(root).map(([k, v]) => [t === '[' ? '[' + k + ']' : /^[A-Za-z_$][\w$]*$/.test(k) ? '.' + k : '[' + JSON.stringify(k) + ']', v])
    : t === 'M' || t === 'S' ? [...(root as Set<unknown>)].map((v) => [t === 'M' ? '<map entry>' : '<set member>', v])
    : [];
  for (const [k, v] of kids) {
    const p = pathTo(v, bad, seen);
    if (p !== undefined) return k + p;
  }
};
