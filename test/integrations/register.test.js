// `node --import memokit/register` on the TypeScript scripts of
// fixtures/apps/node-ts, in a real Node process (issue #5): ES modules and
// CommonJS, types stripped, `./x.js` resolving to `./x.ts`, source-mapped stack
// traces, and a compile error as a non-zero exit with the code frame.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { root, fixturesDir } from '../helpers/fixtures.js';

const app = join(fixturesDir, 'apps/node-ts');
const node = (file, flags = []) => spawnSync(process.execPath, [...flags, '--import', 'memokit/register', join(app, file)], { cwd: root, encoding: 'utf8' });

test('an ES module TypeScript program runs with memo and singleton compiled', () => {
  const r = node('main.ts', ['--enable-source-maps']);
  assert.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.rows, [{ region: 'eu', total: 200 }, { region: 'us', total: 200 }, { region: 'eu', total: 200 }]);
  assert.is(out.same, true, 'one singleton instance');
  assert.equal(out.calls, { load: 2, connect: 1 }, 'concurrent calls with one key share one computation');
  assert.equal(out.sites, ['memokit/fixtures/apps/node-ts/data.ts#connect', 'memokit/fixtures/apps/node-ts/data.ts#failing', 'memokit/fixtures/apps/node-ts/data.ts#loadSales'], 'ids by package: memokit/ and the path from its package.json');
  assert.match(out.stack, /node-ts[\\/]data\.ts:19:/, 'the stack trace points at the TypeScript line');
});

test('CommonJS TypeScript and plain CommonJS are compiled through the CommonJS loader', () => {
  const r = node('legacy.cts');
  assert.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.is(out.value, 4);
  assert.equal(out.stats, { 'memokit/fixtures/apps/node-ts/legacy.cts#twice': { kind: 'memo', hits: 2, misses: 1, entries: 1 } });
  assert.is(out.helper, 2, 'the required .cjs helper was compiled too: double(2) and double(5) ran once each');
});

test('a compile error stops the program with its code, location and frame', () => {
  const r = node('bad.ts');
  assert.is.not(r.status, 0);
  assert.match(r.stderr, 'MK_BAD_OPTION_VALUE');
  assert.match(r.stderr, 'fixtures/apps/node-ts/bad.ts:2:3');
  assert.match(r.stderr, '> 2 |   "use memo ttl=10";');
});

test('persist=disk across runs: an edit of an imported helper recomputes; ids and the cache folder do not depend on the working directory', () => {
  mkdirSync(join(root, '.exec'), { recursive: true });
  const dir = mkdtempSync(join(root, '.exec/register-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'shop-app', type: 'module' }));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules/memokit'), 'dir');
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/helper.ts'), 'export function factor(): number { return 2; }\nexport function other(): number { return 1; }\n');
    writeFileSync(join(dir, 'src/main.ts'), [
      'import { factor } from "./helper.js";',
      'import { configure } from "memokit";',
      'const events: string[] = [];',
      'configure({ onEvent: (e) => (e.type === "hit" || e.type === "miss") && events.push(e.type + " " + e.id) });',
      'export async function price(p: number) { "use memo persist=disk"; return p * factor(); }',
      'console.log(JSON.stringify({ value: await price(10), events }));',
      '',
    ].join('\n'));
    const register = pathToFileURL(join(root, 'dist/register/index.js')).href;
    const run = (cwd) => {
      const r = spawnSync(process.execPath, ['--import', register, join(dir, 'src/main.ts')], { cwd, encoding: 'utf8', env: { ...process.env, MEMOKIT_CACHE_DIR: '' } });
      assert.is(r.status, 0, r.stderr);
      return JSON.parse(r.stdout);
    };
    const id = 'shop-app/src/main.ts#price';
    assert.equal(run(dir), { value: 20, events: ['miss ' + id] });
    assert.ok(existsSync(join(dir, 'node_modules/.cache/memokit/CACHEDIR.TAG')), 'the cache folder is the package\'s');
    assert.equal(run(join(dir, 'src')), { value: 20, events: ['hit ' + id] }, 'another working directory: same id, same folder');
    writeFileSync(join(dir, 'src/helper.ts'), readFileSync(join(dir, 'src/helper.ts'), 'utf8').replace('return 1', 'return 7'));
    assert.equal(run(dir), { value: 20, events: ['hit ' + id] }, 'an unrelated edit of the helper file keeps the entry');
    writeFileSync(join(dir, 'src/helper.ts'), readFileSync(join(dir, 'src/helper.ts'), 'utf8').replace('return 2', 'return 3'));
    assert.equal(run(root), { value: 30, events: ['miss ' + id] }, 'the edited helper recomputes');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
