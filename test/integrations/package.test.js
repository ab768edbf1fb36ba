// What `npm pack` ships: every entry of "exports" and "bin" exists in the package,
// a LICENSE, and source maps whose sources a debugger can show (each source is a
// shipped file or is embedded as sourcesContent); and a lockfile npm install leaves alone.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, posix } from 'node:path';
import { root } from '../helpers/fixtures.js';

const npm = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath) ? [process.execPath, process.env.npm_execpath] : ['npm'];
const [pack] = JSON.parse(execFileSync(npm[0], [...npm.slice(1), 'pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
const shipped = new Set(pack.files.map((f) => f.path));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Every file path an "exports" value names (conditions nested). */
const targets = (value) => (typeof value === 'string' ? [value] : Object.values(value).flatMap(targets));

test('every export and bin is in the package, and a LICENSE', () => {
  assert.ok(shipped.has('LICENSE'), 'LICENSE');
  assert.is(pkg.license, 'MIT');
  const files = [...Object.values(pkg.exports).flatMap(targets), ...Object.values(pkg.bin)].map((p) => posix.normalize(p));
  for (const file of files) assert.ok(shipped.has(file), `${file} is shipped`);
  for (const name of ['webpack', 'rspack', 'esbuild', 'rolldown', 'farm', 'bun', 'loader', 'rollup', 'vite', 'babel', 'swc', 'register', 'fs', 'redis', 'lmdb']) assert.ok(pkg.exports['./' + name], `memokit/${name}`);
  assert.ok(pkg.exports['.'].require, 'a require entry for the runtime');
});

test('source maps point at shipped sources or embed them', () => {
  const maps = [...shipped].filter((f) => f.endsWith('.map'));
  assert.ok(maps.length > 20, 'maps are shipped');
  for (const file of maps) {
    const map = JSON.parse(readFileSync(join(root, file), 'utf8'));
    map.sources.forEach((source, i) => {
      const path = posix.normalize(posix.join(dirname(file), map.sourceRoot || '', source));
      assert.ok(shipped.has(path) || typeof map.sourcesContent?.[i] === 'string', `${file}: ${source} is neither shipped nor embedded`);
    });
  }
});

test('npm install keeps the lockfile as it is (every peer recorded)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memokit-lock-'));
  try {
    for (const name of ['package.json', 'package-lock.json']) copyFileSync(join(root, name), join(dir, name));
    execFileSync(npm[0], [...npm.slice(1), 'install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'ignore' });
    assert.ok(readFileSync(join(dir, 'package-lock.json'), 'utf8') === readFileSync(join(root, 'package-lock.json'), 'utf8'), 'package-lock.json changed under npm install');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
