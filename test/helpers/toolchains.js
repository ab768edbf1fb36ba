// The toolchain project (test/toolchains): real bundlers, test runners and
// frameworks, installed apart from memokit's own dependencies by test/run.js.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { symlinkSync, mkdirSync, existsSync, rmSync, cpSync, writeFileSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as assert from 'uvu/assert';
import { toolchainsDir } from '../toolchains/install.js';
import { root, fixturesDir } from './fixtures.js';

export { toolchainsDir };
/** require() from the toolchain project. */
export const requireToolchain = createRequire(join(toolchainsDir, 'package.json'));
/** An executable of the toolchain project (node_modules/.bin). */
export const toolchainBin = (name) => join(toolchainsDir, 'node_modules/.bin', name);

/** Links memokit (this checkout) and the toolchain project's packages into an app folder, as an installed project would have them. */
export function linkPackages(appDir, names = [], { memokit = true } = {}) {
  mkdirSync(join(appDir, 'node_modules'), { recursive: true });
  const link = (target, name) => {
    const at = join(appDir, 'node_modules', name);
    if (existsSync(at)) return;
    mkdirSync(join(at, '..'), { recursive: true });
    symlinkSync(target, at, 'dir');
  };
  if (memokit) link(root, 'memokit');
  for (const name of names) link(join(toolchainsDir, 'node_modules', name), name);
}

let packed;
/**
 * Installs memokit into `appDir` as npm would from the registry: the `npm pack` tarball
 * extracted into node_modules/memokit (so its real path is inside node_modules, as
 * tools such as Jest expect), its dependencies linked beside it.
 */
export function installPacked(appDir) {
  const npm = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath) ? [process.execPath, process.env.npm_execpath] : ['npm'];
  if (!packed) {
    mkdirSync(appsWork, { recursive: true });
    const r = spawnSync(npm[0], [...npm.slice(1), 'pack', '--ignore-scripts', '--silent', '--pack-destination', appsWork], { cwd: root, encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    packed = join(appsWork, r.stdout.trim().split('\n').pop());
  }
  const target = join(appDir, 'node_modules/memokit');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const tar = spawnSync('tar', ['-xzf', packed, '-C', target, '--strip-components=1'], { encoding: 'utf8' });
  assert.is(tar.status, 0, tar.stderr);
  const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const name of Object.keys(dependencies)) {
    const at = join(appDir, 'node_modules', name);
    if (existsSync(at)) continue;
    mkdirSync(join(at, '..'), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), at, 'dir');
  }
}

/** Where a test process builds its copies of apps (one folder per process: the runner may run a file under two Nodes at once). */
export const appsWork = join(root, '.exec', 'apps-' + process.pid);

/** A copy of the app in its own package ("bundled-app"), memokit linked into its node_modules. */
export function appCopy(name, source = 'bundled') {
  const dir = join(appsWork, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(fixturesDir, 'apps', source), dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bundled-app', private: true, type: 'module' }));
  linkPackages(dir);
  return dir;
}

/** Runs a built file in a fresh Node process with source maps on; its one JSON line. */
export function runBuilt(file) {
  const r = spawnSync(process.execPath, ['--enable-source-maps', file], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const SITES = ['bundled-app/src/data.ts#connect', 'bundled-app/src/data.ts#failing', 'bundled-app/src/data.ts#loadSales'];

/** What every toolchain's run of the app must report. */
export function assertCached(out, label) {
  assert.equal(out.totals, [200, 200, 200], label + ': results');
  assert.is(out.again, 200, label + ': a caller\'s change does not reach the cache');
  assert.equal(out.calls, { load: 2, connect: 1 }, label + ': the memo body ran once per region (concurrent calls share one run, `_db` is not in the key), the singleton once');
  assert.is(out.sameDb, true, label + ': one singleton instance');
  assert.equal(out.sites, SITES, label + ': ids by package');
  assert.match(out.stack, /data\.ts:21:/, label + ': the stack line is the source line\n' + out.stack);
}

