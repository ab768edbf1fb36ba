import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hash, MemokitError } from 'memokit';
import { keyOf, digestOf } from '../../dist/runtime/key.js';
import { sha256 } from '../../dist/runtime/sha256.js';
import { createHash } from 'node:crypto';
import { compile, uid } from '../helpers/compiled.js';

const owner = { id: 'test.js#f', names: ['a', 'b', '^outer'] };
const key = (...values) => keyOf(values, owner);
const differ = (a, b, why) => assert.is.not(key(a), key(b), why);
const same = (a, b, why) => assert.is(key(a), key(b), why);

test('type-tagged: 1, "1", 1n, true, null, undefined all differ', () => {
  const values = [1, '1', 1n, true, 'true', null, 'null', undefined, 'undefined', [1], { 0: 1 }, new Set([1]), new Map([[1, 1]]), Symbol.for('1')];
  const keys = values.map((v) => key(v));
  assert.is(new Set(keys).size, values.length, keys.join(' | '));
});

test('undefined, a missing key and null differ', () => {
  differ({ a: undefined }, {});
  differ({ a: undefined }, { a: null });
  differ([undefined], []);
  differ([undefined], [,], 'a hole differs from undefined');
  differ(key(undefined), key(), 'argument count matters');
});

test('[1,2] differs from {0:1,1:2}; null-prototype objects differ from plain ones', () => {
  differ([1, 2], { 0: 1, 1: 2 });
  differ(Object.assign(Object.create(null), { a: 1 }), { a: 1 });
});

test('length-prefixed strings: no escaping collisions (the ohash case)', () => {
  differ({ a: "x',b:'y" }, { a: 'x', b: 'y' });
  differ({ a: 'x"', b: 'y' }, { a: 'x', '"b': 'y' });
  differ(['a,b'], ['a', 'b']);
  assert.is.not(key('ab', 'c'), key('a', 'bc'), 'argument boundaries are kept');
  differ('s1:x', 'x');
  differ({ 'a1:': 1 }, { a: 1 });
});

test('object keys in code-unit order: insertion order does not matter', () => {
  same({ a: 1, b: 2 }, { b: 2, a: 1 });
  same({ 10: 'x', 2: 'y', b: 1 }, { b: 1, 2: 'y', 10: 'x' });
  same({ 'é': 1, 'z': 2, '😀': 3 }, { '😀': 3, 'z': 2, 'é': 1 });
});

test('Map and Set are independent of insertion order', () => {
  same(new Set([1, 'a', { x: 1 }]), new Set([{ x: 1 }, 'a', 1]));
  same(new Map([['a', 1], [{ k: 1 }, 2]]), new Map([[{ k: 1 }, 2], ['a', 1]]));
  differ(new Map([['a', 1]]), new Map([['a', 2]]));
  differ(new Map([[1, 'a']]), new Set([1, 'a']));
});

test('numbers: NaN equals NaN, -0 differs from 0, Infinity, exact doubles', () => {
  same(NaN, 0 / 0);
  differ(-0, 0);
  differ(Infinity, -Infinity);
  differ(0.1 + 0.2, 0.3);
  differ(1e21, 1e21 + 262144);
  differ(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1);
  differ(2n ** 64n, 2n ** 64n + 1n);
  differ(1n, -1n);
});

test('Date, RegExp, URL, binary data', () => {
  same(new Date(5), new Date(5));
  differ(new Date(5), new Date(6));
  differ(new Date(5), 5);
  differ(new Date(0), new Date(0).toISOString(), 'a Date is not its ISO string');
  differ(new Date(NaN), new Date(0));
  same(/a/g, /a/g);
  differ(/a/g, /a/i);
  differ(/a/, 'a');
  same(new URL('https://x.test/a'), new URL('https://x.test/a'));
  differ(new URL('https://x.test/a'), 'https://x.test/a');
  same(new Uint8Array([1, 2]), new Uint8Array([1, 2]));
  differ(new Uint8Array([1, 2]), new Int8Array([1, 2]), 'the typed array type is part of the key');
  differ(new Uint8Array([1, 2]), Buffer.from([1, 2]), 'Buffer differs from Uint8Array');
  differ(new Uint8Array([1, 2]).buffer, new Uint8Array([1, 2]));
  differ(new DataView(new ArrayBuffer(2)), new ArrayBuffer(2));
  same(new Uint8Array([0, 1, 2, 3]).subarray(1, 3), new Uint8Array([1, 2]), 'a view hashes its own bytes only');
  same(new Float64Array(1000).fill(1.5), new Float64Array(1000).fill(1.5));
  const big = new Float64Array(1000).fill(1.5);
  const other = big.slice();
  other[999] = 2;
  differ(big, other, 'large binary is digested, not sampled');
});

test('registered symbols are keys; unregistered ones are refused', () => {
  same(Symbol.for('a'), Symbol.for('a'));
  differ(Symbol.for('a'), 'a');
  assert.throws(() => key(Symbol('local')), /symbol/);
});

test('cycles are encoded canonically', () => {
  const a = { name: 'x' };
  a.self = a;
  const b = { self: null, name: 'x' };
  b.self = b;
  same(a, b);
  const c = { name: 'y' };
  c.self = c;
  differ(a, c);
  const l1 = [1];
  l1.push(l1);
  const l2 = [1];
  l2.push(l2);
  same(l1, l2);
  const m = new Map();
  m.set('me', m);
  const m2 = new Map([['me', null]]);
  m2.set('me', m2);
  same(m, m2);
  // A shared (non-cyclic) reference equals two equal copies.
  const shared = { s: 1 };
  same({ a: shared, b: shared }, { a: { s: 1 }, b: { s: 1 } });
});

test('never cached by identity: a mutated argument produces a new key', () => {
  const o = { list: [1] };
  const k1 = key(o);
  o.list.push(2);
  assert.is.not(key(o), k1);
  const arr = new Uint8Array(100);
  const k2 = key(arr);
  arr[50] = 1;
  assert.is.not(key(arr), k2);
});

test('small keys are exact (no digest); large keys are a SHA-256 digest', () => {
  assert.is(key(1, 'ab'), 'n1;s2:ab');
  assert.is(key({ b: [true, null] }), '{1:b[tl]}');
  const long = key('x'.repeat(1000));
  assert.match(long, /^#[0-9a-f]{64}$/);
  assert.is.not(key('x'.repeat(1000)), key('x'.repeat(999) + 'y'));
  assert.is.not(key('\uD800'.repeat(300)), key('\uD801'.repeat(300)), 'lone surrogates do not collapse to U+FFFD');
});

test('[Symbol.for("memokit.hash")]() makes a class hashable; the class name is part of the key', () => {
  class Money { constructor(v, c) { this.v = v; this.c = c; } [Symbol.for('memokit.hash')]() { return [this.v, this.c]; } }
  class Other { constructor(v, c) { this.v = v; this.c = c; } [Symbol.for('memokit.hash')]() { return [this.v, this.c]; } }
  same(new Money(1, 'EUR'), new Money(1, 'EUR'));
  differ(new Money(1, 'EUR'), new Money(2, 'EUR'));
  differ(new Money(1, 'EUR'), new Other(1, 'EUR'));
  differ(new Money(1, 'EUR'), [1, 'EUR']);
});

test('unhashable values: the error names the function, the parameter, the type and the way out', () => {
  class Pool {}
  const cases = [[() => 1, 'function'], [new Pool(), 'Pool'], [new WeakMap(), 'WeakMap'], [Promise.resolve(), 'Promise'], [{ deep: { x: new Pool() } }, 'Pool'], [Symbol('x'), 'symbol'], [new (class extends Map {})(), 'class instance']];
  for (const [bad, type] of cases) {
    try {
      key(1, bad);
      assert.unreachable('should refuse ' + type);
    } catch (e) {
      assert.instance(e, MemokitError);
      assert.is(e.code, 'MK_UNHASHABLE');
      assert.match(e.message, 'test.js#f');
      assert.match(e.message, 'parameter "b"');
      assert.match(e.message, type);
      assert.match(e.message, '"_" (_b)');
      if (typeof bad === 'object') assert.match(e.message, 'give the class a [Symbol.for("memokit.hash")]() method');
      else {
        // No class to give a hash method: a function or a local symbol is not data.
        assert.not.match(e.message, 'class');
        assert.match(e.message, 'or pass data instead.');
      }
    }
  }
  assert.throws(() => key(1, 2, () => 0), /captured variable "outer"/);
});

test('an unhashable argument through a compiled function: error names the site and parameter; body not run', () => {
  let runs = 0;
  const id = uid('db');
  const f = compile('memo', { id, hash: 'h', keys: ['region', 'db'] }, () => ++runs);
  class Pool {}
  assert.throws(() => f('eu', new Pool()), (e) => e.code === 'MK_UNHASHABLE' && e.message.includes(id) && e.message.includes('parameter "db"') && e.message.includes('Pool'));
  assert.is(runs, 0);
});

test('hash(): a stable 256-bit digest of the canonical encoding', () => {
  assert.match(hash({ a: 1 }), /^[0-9a-f]{64}$/);
  assert.is(hash({ a: 1, b: [1n] }), hash({ b: [1n], a: 1 }));
  assert.is.not(hash(1), hash('1'));
  // The definition in docs/keys.md: SHA-256 over the UTF-8 of a well-formed encoding...
  assert.is(hash({ a: [1, 'é'] }), createHash('sha256').update('{1:a[n1;s1:é]}', 'utf8').digest('hex'));
  // ...and over 0xFF + UTF-16LE when an unpaired surrogate would not survive UTF-8.
  assert.is(hash('\uD800'), createHash('sha256').update(Buffer.from([255])).update('s1:\uD800', 'utf16le').digest('hex'));
  assert.is.not(hash('\uD800'), hash('\uFFFD'));
  assert.is.not(hash('\uDC00\uD800'), hash('\uD800\uDC00'));
});

test('the browser SHA-256 fallback agrees with node:crypto on strings and bytes', () => {
  const strings = ['', 'abc', 'é😀漢字', '\uD800é😀漢字', 'a\uDC00', '\uFFFD', 'x'.repeat(27), 'x'.repeat(28), 'y'.repeat(100000)];
  // The Node entry's digest is the reference: the two must agree on every input.
  for (const s of strings) assert.is(sha256(s), digestOf(s), JSON.stringify(s));
  for (const n of [0, 1, 55, 56, 63, 64, 65, 1000, 100003]) {
    const b = new Uint8Array(n).map((_, i) => (i * 31) ^ (i >> 3));
    assert.is(sha256(b), createHash('sha256').update(b).digest('hex'), n + ' bytes');
    assert.is(digestOf(b), createHash('sha256').update(b).digest('hex'), n + ' bytes');
  }
  // Past 1 MiB the Node digest streams through a scratch buffer: views at an offset, odd lengths.
  const big = new Uint8Array(3_000_017).map((_, i) => (i * 7) ^ (i >> 9));
  for (const v of [big, big.subarray(5), big.subarray(1, 1 + (1 << 20) + 1)]) {
    assert.is(digestOf(v), createHash('sha256').update(v).digest('hex'), v.length + ' bytes at ' + v.byteOffset);
  }
});

test.run();
