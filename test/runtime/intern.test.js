// Keys remembered by value (runtime/intern.ts): the remembered key of a call must always be
// the key the encoder would compute for it now, whatever was remembered before.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import 'memokit';
import { keyOf } from '../../dist/runtime/key.js';
import { interner } from '../../dist/runtime/intern.js';
import { compile, uid } from '../helpers/compiled.js';

const RUNS = Number(process.env.MEMOKIT_FC_RUNS || 400);
const owner = { id: 'intern.js#f', names: ['a', 'b'] };

/** An interner whose every answer is checked against a fresh encoding. */
const checked = () => {
  const keyFor = interner(owner);
  return (...args) => {
    const got = keyFor(args);
    assert.is(got, keyOf(args, owner), `remembered key of ${String(args.map((a) => typeof a))}`);
    return got;
  };
};

test('objects and arrays: remembered, and the same key as a fresh encoding', () => {
  const k = checked();
  const a = k({ id: 1, name: 'x', tags: ['a', 'b'] }, 2);
  assert.is(k({ id: 1, name: 'x', tags: ['a', 'b'] }, 2), a);
  assert.is(k({ tags: ['a', 'b'], name: 'x', id: 1 }, 2), a, 'another key order: another path, the same canonical key');
  assert.is.not(k({ id: 1, name: 'x', tags: ['a', 'b'] }, 3), a);
  assert.is.not(k({ id: 1, name: 'x', tags: ['a', 'b', 'c'] }, 2), a);
});

test('a mutated argument takes another path: nothing is remembered by identity', () => {
  const k = checked();
  const arg = { deep: { list: [1, 2] } };
  const before = k(arg);
  arg.deep.list.push(3);
  const after = k(arg);
  assert.is.not(after, before);
  arg.deep.list.pop();
  assert.is(k(arg), before);
});

test('distinctions SameValueZero would blur, and shapes that differ only in brackets', () => {
  const k = checked();
  const pairs = [
    [{ a: 0 }, { a: -0 }], [[0], [-0]], [0, -0],
    [[undefined], [,]], [[1, , 3], [1, undefined, 3]],
    [{ a: undefined }, {}], [{ 0: 1 }, [1]], [{ a: 1 }, Object.assign(Object.create(null), { a: 1 })],
    [[[1], 2], [[1, 2]]], [[1, [2]], [[1, 2]]], [{ a: { b: 1 } }, { a: {}, b: 1 }], [[], {}],
    [1, '1'], [1, 1n], [null, undefined], [{ a: 'b' }, { b: 'a' }], [['a', 'b'], { a: 'b' }],
  ];
  for (const [i, [x, y]] of pairs.entries()) {
    assert.is.not(k(x, 0), k(y, 0), `pair ${i}`);
    assert.is.not(k(x), k(y));
  }
  // NaN meets NaN, as in the encoding.
  assert.is(k({ a: NaN }), k({ a: NaN }));
});

test('values beyond the limits are encoded afresh, with the same keys', () => {
  const k = checked();
  const wide = Object.fromEntries(Array.from({ length: 100 }, (_, i) => ['k' + i, i]));
  assert.is(k(wide), k({ ...wide }));
  let deep = { leaf: 1 };
  for (let i = 0; i < 20; i++) deep = { deep };
  assert.is(k(deep), k(structuredClone(deep)));
  const cyc = { a: [1] };
  cyc.self = cyc;
  cyc.a.push(cyc);
  assert.is(k(cyc), k(cyc));
  const long = 'x'.repeat(65);
  assert.is(k({ s: long }), k({ s: long }));
  assert.is.not(k({ s: long }), k({ s: long + 'y' }));
  assert.is(k([new Date(5), new Map([[1, 2]])]), k([new Date(5), new Map([[1, 2]])]));
  assert.is(k(Symbol.for('s')), k(Symbol.for('s')));
});

test('unhashable values still fail with the encoder\'s error', () => {
  const keyFor = interner(owner);
  assert.throws(() => keyFor([1, { cb: () => 1 }]), /MK_UNHASHABLE.*parameter "b".*b\.cb is a function/);
  assert.throws(() => keyFor([new (class Pool {})()]), /MK_UNHASHABLE.*parameter "a".*Pool/);
});

test('calls of varying arity on one site (a hand-written shell) get their keys, never a crash', () => {
  const k = checked();
  k(1);
  k(1, 2);
  k(1, 2, 3);
  k(1, 2);
  k(1);
  k();
  k({ a: 1 });
  k({ a: 1 }, 2);
  k({ a: 1 });
  assert.is.not(k(1), k(1, undefined));
});

test('past its bound the memo starts over and stays right', () => {
  const k = checked();
  for (let i = 0; i < 40000; i++) k(i, 'x');
  for (let i = 0; i < 2000; i++) k({ i }, [i, 'y']);
  assert.is(k(7, 'x'), keyOf([7, 'x'], owner));
});

test('a compiled function hits on an equal object whatever its key order', () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['opts'] }, (opts) => (runs++, opts.page));
  assert.is(f({ page: 1, filter: 'a' }), 1);
  assert.is(f({ filter: 'a', page: 1 }), 1);
  assert.is(runs, 1);
  assert.is(f({ filter: 'a', page: -0 }), -0);
  assert.is(f({ filter: 'a', page: 0 }), 0);
  assert.is(runs, 3);
});

// Generated values (the key-encoding suite's alphabet, small on purpose so that calls repeat and
// share prefixes): one interner, many calls, every answer equal to a fresh encoding.
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('leaf'), tie('array'), tie('object'), tie('nullproto')),
  leaf: fc.oneof(
    fc.constantFrom(0, -0, NaN, 1, 2, '', 'a', '1', 1n, true, false, null, undefined, Symbol.for('s')),
    fc.string({ maxLength: 3 }), fc.double(), fc.constant('x'.repeat(70)),
    fc.integer({ min: 0, max: 3 }).map((t) => new Date(t)), fc.constant(new Map([[1, 2]])),
  ),
  array: fc.oneof(fc.array(tie('value'), { maxLength: 3 }), fc.array(tie('value'), { maxLength: 3 }).map((xs) => (xs.length ? (delete xs[0], xs) : xs))),
  object: fc.dictionary(fc.constantFrom('a', 'b', '0', ''), tie('value'), { maxKeys: 3 }),
  nullproto: tie('object').map((o) => Object.assign(Object.create(null), o)),
}));

// A call answered from memory reads each argument once; one that is encoded afresh reads it
// again in keyOf. A counting getter therefore tells whether the memo answered.
const probe = () => {
  let reads = 0;
  return { arg: () => ({ get g() { reads++; return NaN; } }), reads: () => reads };
};

const rememberable = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', maxDepth: 2 }, tie('leaf'), tie('leaf'), tie('array'), tie('object')),
  leaf: fc.constantFrom(0, NaN, 1, 2, '', 'a', '1', 1n, true, null, undefined),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.oneof(
    fc.dictionary(fc.constantFrom('a', 'b', '0'), tie('value'), { maxKeys: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b'), tie('value'), { maxKeys: 2 }).map((o) => Object.assign(Object.create(null), o)),
  ),
})).value;

test(`calls seen before are answered from memory, across every split of the tree (${RUNS} runs)`, () => {
  fc.assert(fc.property(fc.array(fc.tuple(rememberable, rememberable), { minLength: 1, maxLength: 12 }), (calls) => {
    const keyFor = interner(owner);
    const p = probe();
    const seen = calls.map(([a, b]) => keyFor([a, b, p.arg()]));
    return calls.every(([a, b], i) => {
      const before = p.reads();
      const key = keyFor([a, b, p.arg()]);
      return key === seen[i] && key === keyOf([a, b, { g: NaN }], owner) && p.reads() === before + 1;
    });
  }), { numRuns: RUNS });
});

test('a site with max remembers about as many keys as its cache holds', () => {
  const p = probe();
  const bounded = interner(owner, 2);
  const open = interner(owner);
  const recall = (keyFor, i) => {
    const before = p.reads();
    assert.is(keyFor([i, p.arg()]), keyOf([i, { g: NaN }], owner));
    return p.reads() - before;
  };
  for (let i = 0; i < 100; i++) recall(bounded, i), recall(open, i);
  assert.is(recall(open, 0), 1, 'unbounded: the first key is still remembered');
  assert.is(recall(bounded, 0), 2, 'max=2: the first of 100 keys was let go');
  recall(bounded, 99);
  assert.is(recall(bounded, 99), 1, 'max=2: a recent key is remembered');
});

test(`remembered keys equal fresh encodings on generated call sequences (${RUNS} runs)`, () => {
  const shared = interner(owner);
  fc.assert(fc.property(fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 12 }), (calls) => {
    const own = interner(owner);
    for (const args of [...calls, ...calls]) {
      const want = keyOf(args, owner);
      if (own(args) !== want || shared(args) !== want) return false;
    }
    return true;
  }), { numRuns: RUNS });
});

test.run();
