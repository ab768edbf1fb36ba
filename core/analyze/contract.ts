// The adapter contract: the engine-neutral facts an engine adapter reports about
// one file. Adapters walk their AST once and describe what is there; every
// decision (names, ids, registrations, keys, hashes, diagnostics, the edit plan)
// is the core's. Positions are UTF-16 offsets into the original source.

export interface Range {
  start: number;
  end: number;
}

/** A variable that code reads, as the engine's scope analysis resolved it. */
export interface BindingFact {
  /** Engine identity: the same object for every reference to the same binding. */
  ref: unknown;
  name: string;
  /** `module`: declared in the program's own scope (top-level declarations, and `var` outside functions). `nested`: in a function, block, loop, `catch`, `switch` or static block. */
  scope: 'module' | 'nested';
  /** `function`, `class`, `const`, `let`, `var`, `import`, `param`, `enum`, `namespace`, `catch`, `local` (the own name of a named function or class expression), `unknown`. */
  kind: string;
  /** The declaration: function or class declaration, variable declarator, enum, namespace (absent for imports and parameters). */
  unit?: Range;
  /** Imports: module specifier and imported name (`default`, `*`, `=` for `import x = require()`, or the exported name). */
  source?: string;
  imported?: string;
  /** Variables: what the declarator binds a plain identifier to (null for patterns, no initializer, or other values). */
  init?: 'function' | 'class' | null;
  /** The other declarations of the same binding that merge into it (TypeScript enums and namespaces, a function or class merged with a namespace), in source order. */
  merged: Range[];
  /** Written after its declaration, anywhere: assigned with any operator, updated, a destructuring or `for…in`/`for…of` target, declared again. */
  reassigned: boolean;
  /** A member of it is written (`x.a = …`, `x.a++`, `delete x.a`, a destructuring target) inside a function, class field or static block. */
  mutated: boolean;
  /** Top-level statements other than its declarations that write it or a member of it, or call a method on it, in source order. */
  effects: Range[];
}

/** A string statement at the top of a function body (or of the file). */
export interface DirectiveFact extends Range {
  /** The string's value. */
  value: string;
  /** Its source text, quotes included. */
  raw: string;
}

/** How a member key is written. `text`: the name (identifier, private name without `#`), the string's value, the number's value as JavaScript prints it, a BigInt's digits as written (no `n`), or a computed key's source text. */
export interface MemberKey {
  kind: 'identifier' | 'private' | 'string' | 'number' | 'bigint' | 'computed' | 'other';
  text: string;
}

/** Where a statement stands: the program's list, a block's list (function bodies, blocks, static blocks, namespace bodies), or elsewhere (a `case`, a label, an `if` without braces). */
export type StatementList = 'program' | 'block' | 'other';

/** Where a function, class or object literal stands in the code around it. */
export type Slot =
  /** A function or class declaration; `exportDefault` for `export default function` / `export default class`. */
  | { kind: 'declaration'; list: StatementList; exportDefault: boolean }
  /** `const x = …` (plain identifier target). `list`: where the declaration statement (or its `export`) stands. */
  | { kind: 'variable'; name: string; list: StatementList }
  /** `x = …`, `a.x = …` (the last name). */
  | { kind: 'assignment'; name: string }
  /** `export default …` of an expression. */
  | { kind: 'export-default' }
  /** A class or object member: a method, or the value of a property or field. */
  | { kind: 'member'; member: 'method' | 'value'; owner: Naming; ownerKind: 'class' | 'object'; key: MemberKey; static: boolean }
  | { kind: 'other' };

/** What names a function, class or object literal: its own identifier and its slot. */
export interface Naming {
  id: string | null;
  slot: Slot;
}

/** What an adapter reports about one function that has one of our directives (or a misspelling of one). */
export interface FunctionFacts<N = unknown> {
  /** The adapter's handle for its rewrite. */
  node: N;
  /** Every prologue string of the body, in order. */
  prologue: DirectiveFact[];
  form: 'declaration' | 'expression' | 'arrow' | 'method' | 'getter' | 'setter' | 'constructor';
  async: boolean;
  generator: boolean;
  /** The function's own naming facts. */
  naming: Naming;
  /** The naming facts of every enclosing function (cached or not), outermost first. */
  enclosing: Naming[];
  /** Top-level parameters (excluding a TypeScript `this` parameter), as Babel ranges them (rest `...` and type annotations included). */
  params: Range[];
  /** Every binding the parameters introduce, in source order. */
  paramNames: string[];
  /** The block body, braces included. */
  body: Range;
  /** Every `this` and `super`, free `arguments`, JSX element, direct `eval` and `with` in the parameters and body (whose they are, the core decides). */
  uses: UseFact[];
  /** The names `var` declares in the function's own scope (not in nested functions or static blocks), in source order. */
  vars: (Range & { name: string })[];
  /** Variables read by parameters and body that are declared outside the function (globals left out), in source order. */
  refs: BindingFact[];
}

/** What stands between a use and the function it is reported for: a nested arrow, a nested non-arrow function (methods included), a class field's initializer, a class static block. */
export type Boundary = 'arrow' | 'function' | 'class-field' | 'static-block';

/** A `this` or `super`, a free `arguments` (no binding of that name in scope), a JSX element or fragment, a direct `eval(…)` (no binding of `eval` in scope), a `with` statement. */
export interface UseFact {
  what: 'this' | 'arguments' | 'jsx' | 'eval' | 'with';
  at: number;
  /** The boundaries that enclose it inside the function, innermost first (empty: directly in the function). */
  within: Boundary[];
}

/** A prologue or statement-position string that is not a function's directive: file-level, after other statements, or parenthesized. */
export interface StrayFact extends DirectiveFact {
  where: 'body' | 'file';
}

/**
 * One export of a file (ES module syntax, and TypeScript's `export =` and `export import`), in
 * source order; type-only exports are left out. What an importer in another file reaches.
 */
export type ExportFact =
  /** `export const a`, `export function f`, `export { a as b }`, `export default function f`: the program-scope binding of `local` (null: nothing of that name is declared). */
  | { kind: 'local'; exported: string; local: string; binding: BindingFact | null }
  /** `export default <expression>` (an anonymous default function or class too) and `export = <expression>` (exported `=`): the expression and the variables it reads. */
  | { kind: 'value'; exported: string; range: Range; refs: BindingFact[] }
  /** `export { a as b } from "m"`, `export { default } from "m"`, `export * as ns from "m"` (imported `*`). */
  | { kind: 'from'; exported: string; source: string; imported: string }
  /** `export * from "m"`. */
  | { kind: 'all'; source: string };

export interface Adapter<N> {
  source: string;
  filename: string;
  /** The file has `import` or `export` declarations. */
  moduleSyntax: boolean;
  /** What the file exports. */
  exports: ExportFact[];
  /** Functions whose prologue holds a string `isCandidate` accepts, in source order of their bodies. */
  functions: FunctionFacts<N>[];
  strays: StrayFact[];
  /** Variables read by a binding's declarations (merged parts included) and its effects, declared outside them. */
  unitRefs(b: BindingFact): BindingFact[];
  /** Resolves `name` as seen from inside `fn` (its own bindings: `local`; globals: null). */
  lookup(fn: N, name: string): BindingFact | 'local' | null;
}

/** What the core hands an adapter to collect facts with. */
export interface CollectContext {
  /** Is a prologue or statement string worth reporting: one of our directives, or a misspelling of one? */
  isCandidate(text: string): boolean;
}
