// Next.js 16 with memokit/loader, both bundlers: `next build` (Turbopack, SWC keeps
// compiling after the loader) and `next build --webpack`, then `next start` on
// loopback. Across requests to a route and a page, the memo body runs once
// (`_db` differs per request and is not part of the key), the singleton is one
// instance for both, and a stack trace names the TypeScript source line.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { AnyMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { root } from '../helpers/fixtures.js';
import { appCopy, appsWork, linkPackages, toolchainsDir } from '../helpers/toolchains.js';

const next = join(toolchainsDir, 'node_modules/next/dist/bin/next');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NO_COLOR: '1' };

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** `next start` on a free loopback port; resolves once it says it is ready. */
async function start(dir) {
  const port = await freePort();
  const child = spawn(process.execPath, [next, 'start', '-H', '127.0.0.1', '-p', String(port)], { cwd: dir, env, detached: true });
  let output = '';
  await new Promise((resolve, reject) => {
    const onData = (d) => {
      output += d;
      if (/Ready in/.test(output)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`next start exited (${code}):\n${output}`)));
  });
  // next start forks its server: stop the whole process group.
  return { url: `http://127.0.0.1:${port}`, stop: () => process.kill(-child.pid, 'SIGKILL'), output: () => output };
}

for (const bundler of ['turbopack', 'webpack']) {
  test(`next build (${bundler}) and next start: cached across requests, one singleton`, async () => {
    const dir = appCopy('next-' + bundler, 'next');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'next-app', private: true }));
    linkPackages(dir, ['next', 'react', 'react-dom', 'typescript', '@types/react', '@types/node']);
    // memokit is linked from this checkout, outside the app: Turbopack must see that folder too.
    const config = join(dir, 'next.config.mjs');
    writeFileSync(config, readFileSync(config, 'utf8').replace('turbopack: {', `turbopack: {\n    root: ${JSON.stringify(root)},`));
    const build = spawnSync(process.execPath, [next, 'build', ...(bundler === 'webpack' ? ['--webpack'] : [])], { cwd: dir, env, encoding: 'utf8' });
    assert.is(build.status, 0, build.stdout + build.stderr);
    const server = await start(dir);
    try {
      const get = async (path) => {
        const response = await fetch(server.url + path);
        assert.is(response.status, 200, path + '\n' + server.output());
        return response;
      };
      const first = await (await get('/api/sales')).json();
      const second = await (await get('/api/sales')).json();
      assert.equal(first.sales, { region: 'eu', total: 200 });
      assert.equal(second.sales, first.sales);
      assert.equal(second.counts, { load: 1, connect: 1 }, 'the memo body ran once for two requests with different `_db`; one singleton');
      assert.is(second.db, first.db, 'the same singleton instance');
      const page = await (await get('/')).text();
      assert.match(page, `<p id="db">${first.db}</p>`, 'the page shares the route\'s singleton');
      assert.match(page, '<p id="total">200</p>');
      assert.match(page, '<p id="loads">1</p>', 'and its memo entry');
      const { stack } = await (await get('/api/fail')).json();
      assert.match(stack, 'negative: -1');
      // next start prints server stacks as built (minified chunks); their source maps lead back to the TypeScript line.
      const [, file, line, column] = stack.match(/\(?(\/[^\s()]+\.js):(\d+):(\d+)/);
      const position = originalPositionFor(new AnyMap(JSON.parse(readFileSync(file + '.map', 'utf8'))), { line: Number(line), column: Number(column) - 1 });
      assert.match(position.source ?? '', /lib\/data\.ts$/, stack);
      assert.is(position.line, 22, 'the throw maps to its line in data.ts');
    } finally {
      server.stop();
    }
  });
}

test.after(() => rmSync(appsWork, { recursive: true, force: true }));

test.run();
