// The directive grammar and option parser of the shared core (core/directive.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { classify, parseOptions, DEFAULT_DIRECTIVES as D } from '../../dist/core/directive.js';
import { resolveOptions } from '../../dist/core/options.js';
import { assignIds, modulePath } from '../../dist/core/ids.js';

test('exact directives and their options', () => {
  assert.equal(classify('use memo', D), { ok: true, kind: 'memo', options: [] });
  assert.equal(classify('use singleton ttl=1h validate=isAlive', D), {
    ok: true, kind: 'singleton', options: [{ key: 'ttl', value: '1h' }, { key: 'validate', value: 'isAlive' }],
  });
  assert.equal(classify('use memo ttl', D).options, [{ key: 'ttl', value: '' }]);
});

test('misspellings get a suggestion; other directives are not ours', () => {
  const sug = (s) => classify(s, D).suggestion;
  assert.is(sug('use memo '), 'use memo');
  assert.is(sug(' use memo'), 'use memo');
  assert.is(sug('use  memo ttl=1m'), 'use memo ttl=1m');
  assert.is(sug('use mem'), 'use memo');
  assert.is(sug('usememo'), 'use memo');
  assert.is(sug('Use Memo'), 'use memo');
  assert.is(sug('use singelton'), 'use singleton');
  assert.is(sug('use memos max=2'), 'use memo max=2');
  for (const other of ['use strict', 'use client', 'use server', 'use cache', 'use asm', 'use no memo', 'hello']) assert.is(classify(other, D), null, other);
  // Renamed directives: "use memo" is React Compiler's again, not ours.
  const names = { memo: 'use cached', singleton: 'use singleton' };
  assert.is(classify('use memo', names), null);
  assert.is(classify('use cached max=1', names).kind, 'memo');
});

test('option values', () => {
  const ok = (kind, raw) => parseOptions(kind, raw.split(' ').map((w) => ({ key: w.split('=')[0], value: w.split('=')[1] ?? '' })));
  assert.equal(ok('memo', 'ttl=500ms max=3 persist=disk copy=freeze').options, { ttl: 500, max: 3, persist: 'disk', copy: 'freeze' });
  assert.equal(ok('memo', 'persist=lmdb').options, { persist: 'lmdb' }, 'the built-in LMDB store');
  assert.is(ok('memo', 'persist=lmbd').problem.suggestion, 'lmdb');
  assert.equal(ok('memo', 'ttl=1.5s').options, { ttl: 1500 });
  assert.equal(ok('singleton', 'ttl=2d').options, { ttl: 172800000 });
  for (const bad of ['ttl=0s', 'ttl=10', 'ttl=1w', 'ttl=400d', 'max=0', 'max=1.5', 'max=', 'persist=1x', 'copy=deep']) {
    assert.is(ok('memo', bad).problem.code, 'MK_BAD_OPTION_VALUE', bad);
  }
  assert.is(ok('singleton', 'validate=1x').problem.code, 'MK_BAD_OPTION_VALUE');
  assert.equal(ok('memo', 'validate=x').problem, { code: 'MK_OPTION_KIND', option: 'validate', other: 'singleton' });
  assert.equal(ok('singleton', 'persist=disk').problem.code, 'MK_OPTION_KIND');
  assert.equal(ok('memo', 'maxx=1').problem, { code: 'MK_UNKNOWN_OPTION', option: 'maxx', suggestion: 'max' });
  assert.equal(ok('memo', 'max=1 max=2').problem.code, 'MK_DUPLICATE_OPTION');
  // swr: a duration after ttl; tags: names separated by commas, sorted, repeats dropped.
  assert.equal(ok('memo', 'ttl=1m swr=10m tags=users,pages,users').options, { ttl: 60000, swr: 600000, tags: ['pages', 'users'] });
  assert.equal(ok('memo', 'swr=1m tags=a').problem, { code: 'MK_SWR_WITHOUT_TTL', option: 'swr', value: '1m' });
  assert.equal(ok('memo', 'swr=1m ttl=1s').options, { swr: 60000, ttl: 1000 }, 'order does not matter');
  for (const bad of ['swr=0s', 'swr=5', 'tags=', 'tags=a,,b', 'tags=a,']) assert.is(ok('memo', 'ttl=1s ' + bad).problem.code, 'MK_BAD_OPTION_VALUE', bad);
  assert.is(ok('singleton', 'ttl=1s swr=1s').problem.code, 'MK_OPTION_KIND');
  assert.is(ok('singleton', 'tags=a').problem.code, 'MK_OPTION_KIND');
  // maxBytes: binary units, any case; scope=request; cacheIf names a function.
  assert.equal(ok('memo', 'maxBytes=500kb scope=request cacheIf=isFull').options, { maxBytes: 512000, scope: 'request', cacheIf: 'isFull' });
  assert.equal(ok('memo', 'maxBytes=1.5MB').options, { maxBytes: 1572864 });
  assert.equal(ok('memo', 'maxBytes=2gb').options, { maxBytes: 2 * 1024 ** 3 });
  assert.equal(ok('memo', 'maxBytes=100b').options, { maxBytes: 100 });
  for (const bad of ['maxBytes=10', 'maxBytes=0kb', 'maxBytes=1tb', 'maxBytes=kb', 'scope=session', 'scope=', 'cacheIf=1x', 'cacheIf=a.b']) assert.is(ok('memo', bad).problem.code, 'MK_BAD_OPTION_VALUE', bad);
  assert.equal(ok('singleton', 'scope=request').options, { scope: 'request' });
  assert.is(ok('singleton', 'maxBytes=1mb').problem.code, 'MK_OPTION_KIND');
  assert.is(ok('singleton', 'cacheIf=f').problem.code, 'MK_OPTION_KIND');
  assert.equal(ok('memo', 'persist=redis scope=request').problem, { code: 'MK_OPTION_CONFLICT', option: 'scope', value: 'request', conflicting: 'persist=redis', why: 'entries of one request live in its memory and are dropped when it ends' });
  assert.is(ok('memo', 'scope=request persist=memory').problem, undefined, 'persist=memory is memory');
  assert.is(ok('memo', 'maxBytes=1mb persist=disk').problem.code, 'MK_OPTION_CONFLICT');
  assert.equal(ok('memo', 'maxBytes=1mb persist=redis').options, { maxBytes: 1048576, persist: 'redis' }, 'a near tier is bounded');
});

test('the pre-parse check lets directives and misspellings through, nothing else', async () => {
  const { mayHaveDirectives: may } = await import('../../dist/core/analyze/index.js');
  // Misspellings anywhere in the directive, first letters included, and wherever a prologue string can stand.
  const through = ['"use memo"', "'use singleton ttl=1h'", '"usememo"', '"use mem"', "' use memo'", '"use sinlgeton"', '"usesingleton"',
    '"use  memo"', '"us memo"', '"use mmeo"', '"ise memo"', '"Use Memo"', '"sue memo ttl=1m"', '"use singelton"', '"yse singleton"'];
  for (const s of through) {
    assert.ok(may(s, D), s);
    assert.ok(may(`function f() {\n  // why\n  ${s};\n}`, D), 'in a body: ' + s);
    assert.ok(may(`const f = () => { "use strict"; ${s}; return 1; };`, D), 'after another directive: ' + s);
  }
  for (const s of ['"use strict"', 'useMemo(() => 1)', '"use client"', 'f("ise memo")', 'const a = "ise memo";', "// don't\nconst b = 'x';"]) assert.not.ok(may(s, D), s);
  assert.ok(may('"use cached"', { memo: 'use cached', singleton: 'use singleton' }));
  assert.not.ok(may('"use cached"', D));
});

test('plugin options are checked', () => {
  assert.throws(() => resolveOptions({ rot: '.' }), /MK_PLUGIN_OPTION: unknown option "rot"/);
  assert.throws(() => resolveOptions({ directives: { memo: 'use singleton' } }), /must differ/);
  assert.throws(() => resolveOptions({ directives: { cache: 'x' } }), /directives.cache is unknown/);
  assert.throws(() => resolveOptions({ directives: { memo: 'use  cached' } }), /single spaces/);
  assert.is(resolveOptions({}).runtime, 'memokit');
});

test('ids: relative posix paths, counters for repeated names', () => {
  assert.is(modulePath('/p/src/a.ts', '/p'), 'src/a.ts');
  assert.is(modulePath('src/a.ts', '/p'), 'src/a.ts');
  assert.is(modulePath('/q/b.ts', '/p'), '../q/b.ts');
  assert.equal(assignIds('a.js', ['f', 'anonymous', 'f', 'anonymous', 'f~2']), ['a.js#f', 'a.js#anonymous', 'a.js#f~3', 'a.js#anonymous~2', 'a.js#f~2']);
});



test('docs/compiler.md lists every diagnostic code of the catalogue', async () => {
  const { DIAGNOSTICS } = await import('../../dist/core/diagnostics.js');
  const doc = (await import('node:fs')).readFileSync(new URL('../../docs/compiler.md', import.meta.url), 'utf8');
  for (const code of Object.keys(DIAGNOSTICS)) assert.ok(doc.includes('`' + code + '`'), code);
});
test.run();
