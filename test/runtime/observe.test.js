// What the cache shows of itself: stats() per site (hits, stale hits, misses,
// entries, bytes, compute times, last error), events with status, ms and bytes,
// and the MEMOKIT_DEBUG log on stderr.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { configure, stats, clear } from 'memokit';
import { digestOf } from '../../dist/runtime/key.js';
import { compile, uid, tick, fakeClock } from '../helpers/compiled.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const listen = (events) => configure({ onEvent: (e) => events.push(e) });

test('events: a miss is told once computed, with its ms and bytes; hits with their ms; status names the call', async () => {
  const events = [];
  const prev = listen(events);
  try {
    const order = [];
    const f = compile('memo', { id: uid(), hash: 'h', keys: ['x'] }, (x) => (order.push('body'), 'v'.repeat(x)));
    const onEvent = configure({ onEvent: (e) => (order.push(e.type), events.push(e)) }).onEvent;
    f(10);
    f(10);
    configure({ onEvent });
    assert.equal(order, ['body', 'miss', 'hit']);
    const [miss, hit] = events;
    assert.equal({ ...miss, ms: typeof miss.ms }, { type: 'miss', status: 'miss', id: miss.id, key: 'n10;', ms: 'number', bytes: 15 });
    assert.equal({ ...hit, ms: typeof hit.ms }, { type: 'hit', status: 'hit', id: miss.id, key: 'n10;', ms: 'number', bytes: 15 });
    assert.ok(miss.ms >= 0 && hit.ms >= 0);
    events.length = 0;
    const g = compile('memo', { id: uid(), hash: 'h' }, async () => { await new Promise((r) => setTimeout(r, 20)); return [1, 2]; });
    await g();
    assert.is(events[0].status, 'miss');
    assert.ok(events[0].ms >= 15, 'an async miss is timed until its promise settles: ' + events[0].ms);
    assert.is(events[0].bytes, 5 + 9 + 9);
  } finally {
    configure(prev);
  }
});

test('events and stats of swr: stale hits and refreshes, each with ms', async () => {
  const clock = fakeClock();
  const events = [];
  const prev = listen(events);
  try {
    let runs = 0;
    const f = compile('memo', { id: uid(), hash: 'h', ttl: 1000, swr: 1000 }, () => ++runs);
    const id = Object.keys(stats(f))[0];
    f();
    clock.now += 1500;
    assert.is(f(), 1, 'stale');
    await new Promise((r) => setTimeout(r, 5));
    assert.is(f(), 2, 'refreshed');
    assert.equal(events.map((e) => e.status), ['miss', 'stale', 'refresh', 'hit']);
    assert.ok(events.every((e) => typeof e.ms === 'number'));
    const s = stats(f)[id];
    assert.equal([s.hits, s.stale, s.misses, s.computes], [1, 1, 1, 2]);
  } finally {
    configure(prev);
    clock.restore();
  }
});

test('stats: bytes of memory entries, compute time in all and on average', async () => {
  const f = compile('memo', { id: uid(), hash: 'h', keys: ['n'] }, async (n) => { await new Promise((r) => setTimeout(r, 10)); return new Float64Array(n); });
  const id = Object.keys(stats(f))[0];
  await f(100); await f(100); await f(1000);
  const s = stats(f)[id];
  assert.is(s.entries, 2);
  assert.is(s.bytes, 10 + 800 + 10 + 8000);
  assert.is(s.computes, 2);
  assert.ok(s.computeMs >= 18, 'two computations of 10 ms or more: ' + s.computeMs);
  assert.is(s.meanComputeMs, s.computeMs / 2);
  await clear(f);
  assert.equal([stats(f)[id].computes, stats(f)[id].computeMs, stats(f)[id].bytes], [0, 0, 0], 'clear() starts the figures over');
});

test('stats: lastError is the last body that threw, refresh that failed, or release hook that failed', async () => {
  const clock = fakeClock();
  try {
    let fail = true;
    const f = compile('memo', { id: uid(), hash: 'h', ttl: 1000, swr: 1000 }, () => { if (fail) throw new Error('first'); return 1; });
    const id = Object.keys(stats(f))[0];
    assert.is(stats(f)[id].lastError, undefined);
    assert.throws(() => f(), /first/);
    assert.is(stats(f)[id].lastError.message, 'first');
    fail = false;
    f();
    clock.now += 1500;
    fail = true;
    f();
    await new Promise((r) => setTimeout(r, 5));
    assert.is(stats(f)[id].lastError.message, 'first', 'the failed refresh');
    const warn = console.warn;
    console.warn = () => {};
    try {
      const g = compile('singleton', { id: uid(), hash: 'h', release: () => { throw new Error('cannot close'); } }, () => ({}));
      const gid = Object.keys(stats(g))[0];
      g();
      await clear(g);
      // clear() starts the figures over, and the hook fails during it.
      assert.is(stats(g)[gid].lastError.message, 'cannot close');
    } finally {
      console.warn = warn;
    }
  } finally {
    clock.restore();
  }
});

test('a listener that throws fails no call and leaves no computation half stored; told once', async () => {
  const warn = console.warn;
  const warnings = [];
  console.warn = (...args) => warnings.push(args.join(' '));
  const prev = configure({ onEvent: () => { throw new Error('listener bug'); } });
  try {
    let runs = 0;
    const f = compile('memo', { id: uid(), hash: 'h' }, async () => ++runs);
    assert.is(await f(), 1);
    assert.is(await f(), 1, 'stored, and hit');
    assert.is(runs, 1);
    assert.is(warnings.length, 1);
    assert.match(warnings[0], 'listener bug');
  } finally {
    configure(prev);
    console.warn = warn;
  }
});

test('a refresh whose cacheIf throws counts one computation and keeps the stale value', async () => {
  const clock = fakeClock();
  try {
    let runs = 0;
    let refuse = false;
    const f = compile('memo', { id: uid(), hash: 'h', ttl: 1000, swr: 1000, cacheIf: () => { if (refuse) throw new Error('no'); return true; } }, () => ++runs);
    const id = Object.keys(stats(f))[0];
    f();
    clock.now += 1500;
    refuse = true;
    assert.is(f(), 1);
    await new Promise((r) => setTimeout(r, 5));
    assert.equal([runs, stats(f)[id].computes, stats(f)[id].lastError.message], [2, 2, 'no']);
  } finally {
    clock.restore();
  }
});

test('events of singleton hits carry no size: a live resource is never walked', () => {
  const events = [];
  const prev = listen(events);
  try {
    let reads = 0;
    const f = compile('singleton', { id: uid(), hash: 'h' }, () => Object.defineProperty({}, 'pool', { enumerable: true, get: () => ++reads }));
    f(); f(); f();
    assert.is(reads, 0, 'nothing read the instance');
    assert.equal(events.map((e) => [e.status, e.bytes]), [['miss', undefined], ['hit', undefined], ['hit', undefined]]);
  } finally {
    configure(prev);
  }
});

test('MEMOKIT_DEBUG=1: one stderr line per event: status, site id, key digest, ms, bytes', () => {
  const program = `
    import { memo, register, configure } from 'memokit';
    let site;
    let heard = 0;
    configure({ onEvent: () => heard++ });
    const f = register(function f(x) { return (site ||= memo({ id: 'app.js#f', hash: 'h', keys: ['x'], max: 1 })).call(void 0, [x], () => 'v'.repeat(x)); }, 'app.js#f');
    f(3); f(3); f(4);
    process.stdout.write('heard ' + heard);`;
  const run = (env) => spawnSync(process.execPath, ['--input-type=module', '-e', program], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  const on = run({ MEMOKIT_DEBUG: '1' });
  assert.is(on.status, 0, on.stderr);
  assert.is(on.stdout, 'heard 4', 'onEvent hears every event too');
  const lines = on.stderr.trim().split('\n');
  const digest = (key) => digestOf(key).slice(0, 12);
  assert.is(lines.length, 4, on.stderr);
  assert.match(lines[0], new RegExp(`^memokit miss +app\\.js#f key=${digest('n3;')} \\d+\\.\\d\\dms 8 B$`));
  assert.match(lines[1], new RegExp(`^memokit hit +app\\.js#f key=${digest('n3;')} \\d+\\.\\d\\dms 8 B$`));
  assert.match(lines[2], new RegExp(`^memokit miss +app\\.js#f key=${digest('n4;')} `));
  assert.match(lines[3], new RegExp(`^memokit evict +app\\.js#f key=${digest('n3;')}$`));
  const off = run({ MEMOKIT_DEBUG: '' });
  assert.is(off.stderr, '', 'silent without it');
});

test.after(() => clear());
test.run();
