// scope=request: entries live for one withRequestScope() call; singletons are
// released when it ends; a call outside a scope throws a clear error.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { withRequestScope, stats, invalidate, invalidateTag, clear, MemokitError } from 'memokit';
import { compile, uid, tick } from '../helpers/compiled.js';

test('one computation per key within a request, a fresh one in the next; concurrent requests never share', async () => {
  let runs = 0;
  const user = compile('memo', { id: uid('user'), hash: 'h', keys: ['id'], scope: 'request' }, async (id) => { const run = ++runs; await tick(); return { id, run }; });
  const handle = (id) => withRequestScope(async () => {
    const [a, b] = await Promise.all([user(id), user(id)]);
    await tick();
    const c = await user(id);
    return { a, b, c };
  });
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => handle('u' + (i % 5))));
  assert.is(runs, 50, 'one computation per request, though five requests share each id');
  for (const { a, b, c } of results) {
    assert.equal(a, b);
    assert.equal(a, c);
    assert.is.not(a, c, 'memo copies per caller, as always');
  }
  assert.is(new Set(results.map((r) => r.a.run)).size, 50, 'no request saw another request\'s entry');
});

test('entries are dropped when the request ends: a new request computes, stats outside a scope see none', async () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['x'], scope: 'request' }, (x) => (runs++, x * 2));
  const id = Object.keys(stats(f))[0];
  withRequestScope(() => {
    f(1); f(1); f(2);
    assert.is(stats(f)[id].entries, 2, 'the current request\'s entries');
  });
  assert.is(stats(f)[id].entries, 0);
  assert.is(runs, 2);
  withRequestScope(() => f(1));
  assert.is(runs, 3);
});

test('a nested withRequestScope joins the outer scope; the value of fn is returned as is', async () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', scope: 'request' }, () => ++runs);
  const out = withRequestScope(() => [f(), withRequestScope(() => f()), f()]);
  assert.equal(out, [1, 1, 1]);
  assert.is(await withRequestScope(async () => 'done'), 'done');
});

test('request-scoped singletons: one per request, released when the request ends (after the promise settles)', async () => {
  const released = [];
  const conn = compile('singleton', { id: uid('conn'), hash: 'h', scope: 'request', release: (c) => released.push(c.n) }, async () => { await tick(); return { n: Math.random() }; });
  let seen;
  const served = withRequestScope(async () => {
    const [a, b] = await Promise.all([conn(), conn()]);
    assert.is(a, b, 'one instance within the request');
    seen = a;
    return a.n;
  });
  assert.equal(released, []);
  assert.is(await served, seen.n);
  assert.equal(released, [seen.n], 'released by the time the scope\'s promise settles');
  const other = await withRequestScope(() => conn());
  assert.is.not(other, seen);
  assert.is(released.length, 2);
});

test('a request that throws still ends its scope: singletons released, the error passes through', async () => {
  const released = [];
  const conn = compile('singleton', { id: uid(), hash: 'h', scope: 'request', release: (c) => released.push(c) }, () => ({}));
  assert.throws(() => withRequestScope(() => { conn(); throw new Error('boom'); }), /boom/);
  assert.is(released.length, 1);
  await withRequestScope(async () => { conn(); throw new Error('later'); }).then(() => assert.unreachable(), (e) => assert.is(e.message, 'later'));
  assert.is(released.length, 2);
});

test('a singleton still being built when the request ends is released once built', async () => {
  const released = [];
  let finish;
  const conn = compile('singleton', { id: uid(), hash: 'h', scope: 'request', release: (c) => released.push(c) }, () => new Promise((r) => (finish = r)));
  let pending;
  withRequestScope(() => { pending = conn(); });
  assert.equal(released, []);
  finish('built');
  assert.is(await pending, 'built');
  await tick();
  assert.equal(released, ['built']);
});

test('outside a scope, or after it ended: MK_NO_REQUEST_SCOPE naming the function and the fix', async () => {
  const id = uid('scoped');
  const f = compile('memo', { id, hash: 'h', scope: 'request' }, () => 1);
  try {
    f();
    assert.unreachable();
  } catch (e) {
    assert.instance(e, MemokitError);
    assert.is(e.code, 'MK_NO_REQUEST_SCOPE');
    assert.match(e.message, id);
    assert.match(e.message, 'outside a request scope');
    assert.match(e.message, 'withRequestScope(() => …)');
  }
  // Work the request left behind (a timer) runs in its context, after its end.
  let late;
  const outcome = new Promise((resolve) => (late = resolve));
  await withRequestScope(async () => { setTimeout(() => { try { late(f()); } catch (e) { late(e); } }, 1); });
  const e = await outcome;
  assert.is(e.code, 'MK_NO_REQUEST_SCOPE');
  assert.match(e.message, 'after its request scope ended');
  assert.is(invalidate(f), false, 'invalidate outside a scope has nothing to remove');
  await clear(f);
});

test('invalidate and clear inside a request reach that request\'s entries', () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['x'], scope: 'request' }, (x) => (runs++, x));
  withRequestScope(() => {
    f(1);
    assert.is(invalidate(f, 1), true);
    f(1);
    assert.is(runs, 2);
    clear(f);
    f(1);
    assert.is(runs, 3);
  });
});

test('invalidateTag reaches the current request\'s entries', async () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['x'], scope: 'request', tags: ['users'] }, (x) => (runs++, x));
  await withRequestScope(async () => {
    f(1);
    assert.is(await invalidateTag('users'), 1);
    f(1);
    assert.is(runs, 2);
  });
});

test('invalidateTag from outside any request, or from another one, reaches every request in progress; ended ones are gone', async () => {
  let version = 1;
  const user = compile('memo', { id: uid(), hash: 'h', keys: ['id'], scope: 'request', tags: ['user:42'] }, (id) => ({ id, version }));
  let step;
  const stepped = new Promise((r) => (step = r));
  let resume;
  const resumed = new Promise((r) => (resume = r));
  const long = withRequestScope(async () => {
    const before = user(42).version;
    step();
    await resumed;
    return [before, user(42).version];
  });
  await stepped;
  version = 2;
  // A webhook outside any request:
  assert.is(await invalidateTag('user:42'), 1);
  // Another request's invalidateTag reaches the long one's entries too:
  await withRequestScope(async () => {
    user(42);
    version = 3;
    assert.is(await invalidateTag('user:42'), 1, 'this request\'s entry; the long request\'s was already dropped');
  });
  resume();
  assert.equal(await long, [1, 3], 'the long request reads the new version after the invalidation, as uncached code would');
  assert.is(await invalidateTag('user:42'), 0, 'ended requests hold nothing');
});

test('a function that is not request-scoped reading a request-scoped one while it computes: MK_REQUEST_SCOPE_LEAK naming both and the fix', async () => {
  const currentUser = compile('memo', { id: uid('currentUser'), hash: 'h', scope: 'request' }, async () => ({ name: 'alice' }));
  const dashboard = compile('memo', { id: uid('dashboard'), hash: 'h', keys: ['org'] }, async (org) => ({ org, viewer: await currentUser() }));
  const pool = compile('singleton', { id: uid('pool'), hash: 'h' }, () => ({ owner: currentUser() }));
  const page = compile('memo', { id: uid('page'), hash: 'h', keys: ['org'], scope: 'request' }, async (org) => ({ org, viewer: await currentUser() }));
  await withRequestScope(async () => {
    await currentUser(); // cached in this request: a hit is refused too
    await dashboard('acme').then(() => assert.unreachable('shared across requests'), (e) => {
      assert.instance(e, MemokitError);
      assert.is(e.code, 'MK_REQUEST_SCOPE_LEAK');
      assert.match(e.message, /#currentUser\d+ is scope=request/);
      assert.match(e.message, /dashboard\d+ scope=request too/);
    });
    assert.throws(() => pool(), (e) => e.code === 'MK_REQUEST_SCOPE_LEAK' && /pool/.test(e.message));
    assert.equal(await page('acme'), { org: 'acme', viewer: { name: 'alice' } }, 'request-scoped readers are fine');
    assert.equal(await currentUser(), { name: 'alice' }, 'and so is the handler itself');
  });
});

test('a request served in the async context of a singleton still being built is not part of that build: no MK_REQUEST_SCOPE_LEAK', async () => {
  const user = compile('memo', { id: uid('user'), hash: 'h', scope: 'request' }, () => 'req-user');
  let served;
  let finish;
  const app = compile('singleton', { id: uid('app'), hash: 'h' }, async () => {
    // A server started while the app warms up: its handlers run in this build's async context.
    served = new Promise((r) => setTimeout(() => r(withRequestScope(() => user())), 0));
    await new Promise((r) => (finish = r));
    return { ready: true };
  });
  const building = app();
  assert.is(await served, 'req-user');
  finish();
  assert.equal(await building, { ready: true });
});

test('methods cached per instance keep per-request entries per instance', () => {
  let runs = 0;
  const desc = { id: uid(), hash: 'h', self: true, scope: 'request' };
  const f = compile('memo', desc, function () { runs++; return this.n; });
  const a = { n: 1, f }, b = { n: 2, f };
  withRequestScope(() => {
    assert.is(a.f(), 1); assert.is(a.f(), 1); assert.is(b.f(), 2);
  });
  assert.is(runs, 2);
  withRequestScope(() => a.f());
  assert.is(runs, 3);
});

test('stats, clear and invalidateTag reach per-instance entries of the current request', async () => {
  let runs = 0;
  const f = compile('memo', { id: uid(), hash: 'h', self: true, scope: 'request', tags: ['t'] }, function () { runs++; return this.n; });
  const id = Object.keys(stats(f))[0];
  const a = { n: 1, f }, b = { n: 2, f };
  await withRequestScope(async () => {
    a.f(); b.f();
    assert.is(stats(f)[id].entries, 2);
    assert.is(await invalidateTag('t'), 2);
    a.f();
    assert.is(runs, 3);
    await clear(f);
    a.f();
    assert.is(runs, 4);
  });
});

test('withRequestScope refuses what is not a function; scope with persist is refused', () => {
  assert.throws(() => withRequestScope(42), /fn must be a function/);
  const f = compile('memo', { id: uid(), hash: 'h', scope: 'request', persist: 'disk' }, () => 1);
  assert.throws(() => withRequestScope(() => f()), /keeps its entries in memory/);
});

test.run();
