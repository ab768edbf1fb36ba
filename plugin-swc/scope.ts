// Lexical scopes for SWC's AST, which its JavaScript API does not provide.
// The rules follow Babel's scope tracker (plugin-babel/facts.ts relies on it),
// because both adapters must resolve every reference to the same declaration
// (issue #4): function bodies share the function's scope with its parameters,
// `var` goes to the nearest function, static block or namespace, `let`,
// `const`, classes and function declarations to the nearest block, a named
// function or class expression binds its name inside itself, and TypeScript
// types, enums and namespaces bind nothing.

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
