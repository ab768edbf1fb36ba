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
}

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
  ) {}

  /**
   * The first declaration of a name wins, as in Babel (later ones re-assign it);
   * a namespace or enum merged with a function or class yields to it, as Babel only knows the latter.
   */
  declare(b: Omit<Binding, 'scope'>): void {
    const old = this.bindings.get(b.name);
    if (!old || (PSEUDO.has(old.kind) && !PSEUDO.has(b.kind))) this.bindings.set(b.name, { ...b, scope: this });
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
    }
    return null;
  }

  /** Declared inside some function (captured value) rather than at module level (code). */
  insideFunction(): boolean {
    for (let s: Scope | null = this; s; s = s.parent) if (s.fn) return true;
    return false;
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
  private sorted: number[] = [];
  private bindings: (Binding | null)[] = [];

  add(position: number, name: string, scope: Scope, context: C): void {
    this.positions.push(position);
    this.names.push(name);
    this.scopes.push(scope);
    this.contexts.push(context);
  }

  /** Resolves every reference; `unbound` sees those no declaration binds (globals, `arguments`). */
  resolve(unbound: (name: string, position: number, context: C) => void): void {
    const order = this.positions.map((_, i) => i).sort((a, b) => this.positions[a] - this.positions[b]);
    this.sorted = order.map((i) => this.positions[i]);
    this.bindings = order.map((i) => this.scopes[i].lookup(this.names[i]));
    order.forEach((i, k) => {
      if (this.bindings[k] === null) unbound(this.names[i], this.positions[i], this.contexts[i]);
    });
  }

  /** Bindings read inside the byte range, declared outside it, in source order. */
  freeIn(start: number, end: number): Binding[] {
    const out: Binding[] = [];
    for (let k = lowerBound(this.sorted, start); k < this.sorted.length && this.sorted[k] < end; k++) {
      const b = this.bindings[k];
      if (b && !(b.start >= start && b.end <= end)) out.push(b);
    }
    return out;
  }
}
