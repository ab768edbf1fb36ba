// How compiled code ties a site's function to its id, so that `clear(fn)` and
// `invalidate(fn)` find it (docs/contract.md, "registration"). Decided here from
// the naming facts; each rewrite only carries the plan out.
import type { FunctionFacts } from './analyze/contract.js';
import { propertyName } from './ids.js';

export type Registration =
  /** Function declarations: `register(f, id)` in the file header (`program`), at the start of the enclosing block (`block`), or after the declaration (`after`). `name` null: an anonymous `export default function`, which gets a name. */
  | { how: 'hoist'; at: 'program' | 'block' | 'after'; name: string | null }
  /** `const x = fn`: after the statement. */
  | { how: 'after'; name: string }
  /** Class methods: one static block per class, first in its body; `target` is `this` (static) or `this.prototype`. */
  | { how: 'class'; target: 'this' | 'this.prototype'; key: string }
  /** Object members: the object literal is wrapped, `register(obj, id, key)`. */
  | { how: 'object'; key: string }
  /** Everything else: the function expression itself is wrapped, `register(fn, id)`; `name` is the name the unwrapped function would have been given (a field's key, an assignment's target, `default`), kept through the wrap. */
  | { how: 'wrap'; name: string | null }
  /** Computed method keys (evaluated once, see docs), private methods, constructors: not reachable by a name. */
  | { how: 'none' };

export function registrationOf(fn: FunctionFacts): Registration {
  const { id, slot } = fn.naming;
  if (fn.form === 'declaration' && slot.kind === 'declaration') return { how: 'hoist', at: slot.list === 'program' ? 'program' : slot.list === 'block' ? 'block' : 'after', name: id };
  if (slot.kind === 'member') {
    const key = propertyName(slot.key);
    if (slot.member === 'method') {
      if (key === null || fn.form === 'constructor') return { how: 'none' };
      return slot.ownerKind === 'class' ? { how: 'class', target: slot.static ? 'this' : 'this.prototype', key } : { how: 'object', key };
    }
    if (slot.ownerKind === 'object' && key !== null) return { how: 'object', key };
    return { how: 'wrap', name: slot.key.kind === 'private' ? '#' + slot.key.text : key };
  }
  if (slot.kind === 'variable' && slot.list !== 'other') return { how: 'after', name: slot.name };
  const name = slot.kind === 'variable' || slot.kind === 'assignment' ? slot.name : slot.kind === 'export-default' ? 'default' : null;
  return { how: 'wrap', name };
}

/** Sites cached per `this` object: non-static class members (methods and field values). */
export function isInstanceMember(fn: FunctionFacts): boolean {
  const s = fn.naming.slot;
  return s.kind === 'member' && s.ownerKind === 'class' && !s.static;
}
