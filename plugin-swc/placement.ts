// SWC adapter: where a function, class or object literal stands, read off the
// walker's ancestor stack (the contract's `Slot` and `Naming`), and the
// positions a registration may be put at. Babel's paths carry the same facts
// in plugin-babel/facts.ts; which position is used, core/registration.ts decides.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { MemberKey, Naming, Range, Slot, StatementList } from '../core/analyze/index.js';
import type { Offsets } from './offsets.js';

type Node = any;

/** Where the rewrite puts a registration (UTF-16 positions). */
export interface Anchors {
  /** Just inside the enclosing block, after its `{` and prologue (declarations in a block). */
  blockStart?: number;
  /** The end of the declaring statement (`const f = …;`, a declaration outside a block). */
  statementEnd?: number;
  /** The `{` that opens the owning class's body. */
  classBrace?: number;
  /** The owning object literal. */
  object?: Range;
  /** Where an anonymous `export default function` gets its name: before its `(`. */
  namePos?: number;
}

/** Wrappers that leave a value where it stands: parentheses, `as`, `satisfies`, `!`, `<T>x`, `as const`. */
export const WRAPPERS = new Set(['ParenthesisExpression', 'TsAsExpression', 'TsSatisfiesExpression', 'TsNonNullExpression', 'TsTypeAssertion', 'TsConstAssertion']);

export const METHOD_TYPES = new Set(['ClassMethod', 'PrivateMethod', 'Constructor', 'MethodProperty', 'GetterProperty', 'SetterProperty']);
export const CLASS_TYPES = new Set(['ClassDeclaration', 'ClassExpression']);
const PROGRAM_TYPES = new Set(['Module', 'Script']);
/** Statement lists a registration can be put at the start of (Babel's `unshiftContainer` targets). */
const BLOCK_TYPES = new Set(['BlockStatement', 'FunctionBody', 'TsModuleBlock']);

/** A prologue statement: a bare string (SWC has no separate directive nodes; parenthesized strings are not one). */
export function isDirective(st: Node): boolean {
  return st.type === 'ExpressionStatement' && st.expression.type === 'StringLiteral';
}

/** Index of the nearest ancestor below `i` that is not a parenthesis (Babel does not keep parentheses). */
export function up(anc: Node[], i: number): number {
  let j = i - 1;
  while (j >= 0 && anc[j].type === 'ParenthesisExpression') j--;
  return j;
}

/** Index of the node a value at `i` stands in, past parentheses and TypeScript wrappers (`anc[result + 1]` is the outermost wrapper). */
function valueParent(anc: Node[], i: number): number {
  let j = i - 1;
  while (j >= 0 && WRAPPERS.has(anc[j].type)) j--;
  return j;
}

function listKind(n: Node): StatementList {
  return PROGRAM_TYPES.has(n.type) ? 'program' : BLOCK_TYPES.has(n.type) ? 'block' : 'other';
}

/** Reads placements off the ancestor stack `anc` of one file. */
export function placementReader(anc: Node[], source: string, pos: Offsets) {
  const range = (span: Range): Range => ({ start: pos(span.start), end: pos(span.end) });
  const text = (span: Range) => source.slice(pos(span.start), pos(span.end));

  function memberKey(key: Node): MemberKey {
    switch (key.type) {
      case 'Computed': return { kind: 'computed', text: text(key.expression.span) };
      case 'Identifier': return { kind: 'identifier', text: key.value };
      case 'PrivateName': return { kind: 'private', text: key.value ?? key.id?.value };
      case 'StringLiteral': return { kind: 'string', text: key.value };
      case 'NumericLiteral': return { kind: 'number', text: String(key.value) };
      case 'BigIntLiteral': return { kind: 'bigint', text: text(key.span).replace(/n$/, '') };
      default: return { kind: 'other', text: text(key.span) };
    }
  }

  /** Where the function, class or object literal at `anc[i]` stands; with `withAnchors`, also the positions its registration may use (directive functions only). */
  function placement(i: number, withAnchors = false): { slot: Slot; anchors: Anchors } {
    const n = anc[i];
    const j = up(anc, i);
    const p = anc[j];
    if (METHOD_TYPES.has(n.type)) {
      const owner = anc[j];
      const inClass = CLASS_TYPES.has(owner.type);
      const slot: Slot = { kind: 'member', member: 'method', owner: naming(j), ownerKind: inClass ? 'class' : 'object', key: memberKey(n.key), static: !!n.isStatic };
      if (!withAnchors) return { slot, anchors: {} };
      return { slot, anchors: inClass ? { classBrace: classBrace(owner) } : { object: range(owner.span) } };
    }
    const exportDefault = p?.type === 'ExportDefaultDeclaration';
    if (n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration' || (exportDefault && (n.type === 'FunctionExpression' || n.type === 'ClassExpression'))) {
      // The statement list holds the declaration, or the `export` around it.
      const holder = p.type === 'ExportDeclaration' || exportDefault ? up(anc, j) : j;
      const list = anc[holder];
      const kind = listKind(list);
      if (!withAnchors) return { slot: { kind: 'declaration', list: kind, exportDefault }, anchors: {} };
      const anchors: Anchors = kind === 'block' ? { blockStart: blockStart(list) } : { statementEnd: pos(anc[holder + 1].span.end) };
      if (n.type === 'FunctionExpression' && !n.identifier) anchors.namePos = anonymousNamePos(n);
      return { slot: { kind: 'declaration', list: kind, exportDefault }, anchors };
    }
    const v = valueParent(anc, i);
    const q = anc[v];
    const child = anc[v + 1];
    if (q && (q.type === 'KeyValueProperty' || q.type === 'ClassProperty' || q.type === 'PrivateProperty') && q.value === child) {
      const o = up(anc, v);
      const owner = anc[o];
      const inClass = CLASS_TYPES.has(owner.type);
      const slot: Slot = { kind: 'member', member: 'value', owner: naming(o), ownerKind: inClass ? 'class' : 'object', key: memberKey(q.key), static: !!q.isStatic };
      return { slot, anchors: inClass ? {} : { object: range(owner.span) } };
    }
    if (q?.type === 'VariableDeclarator' && q.init === child && q.id.type === 'Identifier') {
      const decl = up(anc, v);
      const holder = anc[up(anc, decl)]?.type === 'ExportDeclaration' ? up(anc, decl) : decl;
      const list = anc[up(anc, holder)];
      return { slot: { kind: 'variable', name: q.id.value, list: list ? listKind(list) : 'other' }, anchors: { statementEnd: pos(anc[holder].span.end) } };
    }
    if (q?.type === 'AssignmentExpression' && q.right === child) {
      let l = q.left;
      while (l.type === 'ParenthesisExpression') l = l.expression;
      if (l.type === 'Identifier') return { slot: { kind: 'assignment', name: l.value }, anchors: {} };
      if ((l.type === 'MemberExpression' || l.type === 'SuperPropExpression') && l.property.type === 'Identifier') return { slot: { kind: 'assignment', name: l.property.value }, anchors: {} };
    }
    if (q?.type === 'ExportDefaultExpression') return { slot: { kind: 'export-default' }, anchors: {} };
    return { slot: { kind: 'other' }, anchors: {} };
  }

  /** The naming facts of the function, class or object literal at `anc[i]`. */
  function naming(i: number): Naming {
    return { id: anc[i].identifier?.value ?? null, slot: placement(i).slot };
  }

  /** Where a registration for a declaration in the statement list `list` goes: after its `{` and prologue. */
  function blockStart(list: Node): number {
    const stmts: Node[] = list.stmts ?? list.body ?? [];
    let at = list.span.start + 1;
    if (list.type === 'FunctionBody') {
      for (const st of stmts) {
        if (!isDirective(st)) break;
        at = st.span.end;
      }
    }
    return pos(at);
  }

  /** Position of the `{` that opens a class body: the first one after the `class` keyword and the header parts. */
  function classBrace(c: Node): number {
    let from = c.span.start;
    for (const d of c.decorators ?? []) from = Math.max(from, d.span.end);
    let at = skipTrivia(source, pos(from));
    if (source.startsWith('abstract', at)) at = skipTrivia(source, at + 8);
    at += 5; // `class`
    for (const part of [c.identifier, c.typeParams, c.superClass, c.superTypeParams, ...(c.implements ?? [])]) {
      if (part?.span) at = Math.max(at, pos(part.span.end));
    }
    return openBrace(source, at);
  }

  /** Where `export default function () {}` gets the name it is registered by: before its `(`. */
  function anonymousNamePos(n: Node): number {
    if (n.typeParameters) return pos(n.typeParameters.span.start);
    let at = skipTrivia(source, pos(n.span.start));
    if (source.startsWith('async', at)) at = skipTrivia(source, at + 5);
    return skipTrivia(source, at + 8); // `function`: then `(`
  }

  return { placement, naming };
}

/** The first index at or after `i` that is not whitespace or inside a comment. */
function skipTrivia(source: string, i: number): number {
  while (i < source.length) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '/') i = source.indexOf('\n', i) >>> 0;
    else if (c === '/' && source[i + 1] === '*') i = source.indexOf('*/', i) + 2;
    else if (/\s/.test(c)) i++;
    else return i;
  }
  return i;
}

/** Index of the first `{` at or after `i`, skipping whitespace and comments. */
export function openBrace(source: string, i: number): number {
  while (i < source.length) {
    const c = source[i];
    if (c === '{') return i;
    if (c === '/' && source[i + 1] === '/') i = source.indexOf('\n', i) >>> 0;
    else if (c === '/' && source[i + 1] === '*') i = source.indexOf('*/', i) + 2;
    else i++;
  }
  throw new Error('memokit: no class body found');
}
