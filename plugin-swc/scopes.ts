// Lexical scopes and reference resolution for SWC's AST, which its JavaScript
// API does not provide.
// The rules follow Babel's scope tracker (plugin-babel/facts.ts relies on it),
// because both adapters must resolve every reference to the same declaration:
// function bodies share the function's scope with its parameters,
// `var` goes to the nearest function, static block or namespace, `let`,
// `const`, classes and function declarations to the nearest block, a named
// function or class expression binds its name inside itself, and TypeScript
// types, enums and namespaces bind nothing.

import { lowerBound } from '../core/search.js';

export interface Binding {
  name: string;
  /** Byte range of the binding identifier. */
  start: number;
  end: number;
  /** `import`, `function`, `class`, `var`, `let`, `const`, `local`, `param`, `catch`, `enum`, `namespace`, `unknown`. */
  kind: string;
  scope: Scope;
  /** Byte range of the declaration unit (declarator, function, class). */
  unit?: { start: number; end: number };
  source?: string;
  imported?: string;
  /** Variables: a function or class bound to a plain identifier (core/analyze/contract.ts `BindingFact.init`). */
  init?: 'function' | 'class' | null;
  /** Byte ranges of the declarations merged into this one (enums, namespaces). */
  merged: { start: number; end: number }[];
  /** The contract's `reassigned`, `mutated` and `effects` (byte ranges of top-level statements). */
  reassigned: boolean;
  mutated: boolean;
  effects: { start: number; end: number }[];
}

/** What a binding's declaration says; the scope adds the rest. */
export type Declaration = Omit<Binding, 'scope' | 'merged' | 'reassigned' | 'mutated' | 'effects'>;

/** Binding kinds Babel's tracker does not have (both adapters add them). */
const PSEUDO = new Set(['enum', 'namespace']);

export class Scope {
  readonly bindings = new Map<string, Binding>();
  constructor(
    readonly parent: Scope | null,
    /** A function's own scope (parameters and body). */
    readonly fn: boolean,
    /** Where `var` declarations land: functions, static blocks, namespaces, the program. */
    readonly vars: boolean,
    /** A non-arrow function: it has its own `arguments`, which no outer `arguments` binding reaches into (Babel's `getBinding`). */
    readonly ownArguments = false,
  ) {}

  /**
   * The first declaration of a name wins, as in Babel: a later `var` or
   * function re-assigns it. Enums and namespaces merge: into each other, and
   * into a function or class, which stays the binding (Babel only knows the latter).
   */
  declare(b: Declaration): void {
    const old = this.bindings.get(b.name);
    if (!old) {
      this.bindings.set(b.name, this.binding(b, []));
    } else if (PSEUDO.has(old.kind) && !PSEUDO.has(b.kind)) {
      this.bindings.set(b.name, this.binding(b, [...(old.unit ? [old.unit] : []), ...old.merged]));
    } else if (PSEUDO.has(old.kind) || PSEUDO.has(b.kind)) {
      if (b.unit) old.merged.push(b.unit);
    } else {
      old.reassigned = true;
    }
  }

  /** A binding of this scope, always of one shape: spreading declarations of varying fields was a third of a site-dense file's scope work. */
  private binding(b: Declaration, merged: Binding['merged']): Binding {
    return {
      name: b.name, start: b.start, end: b.end, kind: b.kind, scope: this, unit: b.unit, source: b.source, imported: b.imported, init: b.init,
      merged, reassigned: false, mutated: false, effects: [],
    };
  }

  varScope(): Scope {
    let s: Scope = this;
    while (!s.vars && s.parent) s = s.parent;
    return s;
  }

  lookup(name: string): Binding | null {
    for (let s: Scope | null = this; s; s = s.parent) {
      const b = s.bindings.get(name);
      if (b) return b;
      if (s.ownArguments && name === 'arguments') return null;
    }
    return null;
  }

  /** The program's own scope. */
  isProgram(): boolean {
    return this.parent === null;
  }
}

/**
 * Every referenced identifier of a file, resolved once the walk has seen every
 * declaration (hoisted ones included), sorted by position so that the free
 * references of a range are a binary search away.
 */
export class References<C> {
  private readonly positions: number[] = [];
  private readonly names: string[] = [];
  private readonly scopes: Scope[] = [];
  private readonly contexts: C[] = [];
  private readonly roles: number[] = [];
  private readonly statements: ({ start: number; end: number } | null)[] = [];
  private sorted: number[] = [];
  private bindings: (Binding | null)[] = [];
  private reads: boolean[] = [];

  /** `statement`: the top-level statement it stands in, null inside a function, class field or static block. */
  add(position: number, name: string, scope: Scope, context: C, role: number, statement: { start: number; end: number } | null): void {
    this.positions.push(position);
    this.names.push(name);
    this.scopes.push(scope);
    this.contexts.push(context);
    this.roles.push(role);
    this.statements.push(statement);
  }

  /** Resolves every reference and records writes on the bindings; `unbound` sees reads no declaration binds (globals, `arguments`). */
  resolve(unbound: (name: string, position: number, context: C) => void): void {
    const order = this.positions.map((_, i) => i).sort((a, b) => this.positions[a] - this.positions[b]);
    this.sorted = order.map((i) => this.positions[i]);
    this.bindings = order.map((i) => this.scopes[i].lookup(this.names[i]));
    this.reads = order.map((i) => (this.roles[i] & Role.read) !== 0);
    order.forEach((i, k) => {
      const b = this.bindings[k];
      const role = this.roles[i];
      if (b === null) {
        if (role & Role.read) unbound(this.names[i], this.positions[i], this.contexts[i]);
        return;
      }
      if (role & Role.write) b.reassigned = true;
      const statement = this.statements[i];
      if (statement === null) {
        if (role & Role.memberWrite) b.mutated = true;
      } else if (role & (Role.write | Role.memberWrite | Role.methodCall)) {
        const declares = [b.unit, ...b.merged].some((u) => u && u.start >= statement.start && u.end <= statement.end);
        if (!declares && !b.effects.includes(statement)) b.effects.push(statement);
      }
    });
  }

  /** Bindings read inside the byte range, declared outside it, in source order. */
  freeIn(start: number, end: number): Binding[] {
    const out: Binding[] = [];
    for (let k = lowerBound(this.sorted, start); k < this.sorted.length && this.sorted[k] < end; k++) {
      const b = this.bindings[k];
      if (b && this.reads[k] && !(b.start >= start && b.end <= end)) out.push(b);
    }
    return out;
  }
}

/** How a reference uses its binding (flags). */
export const Role = {
  /** Observes the value. */
  read: 1,
  /** Assigns it (any operator), updates it, or is a destructuring or `for…in`/`for…of` target. */
  write: 2,
  /** Writes a member of it: `x.a = …`, `x.a++`, `delete x.a`, a destructuring target. */
  memberWrite: 4,
  /** Calls a method on it: `x.set(…)`, `x.a.push(…)`. */
  methodCall: 8,
} as const;
