// scope=request in real servers: node:http, Express, Fastify and Hono, each wired
// with the README's one line, under 200 concurrent loopback requests (ids repeat
// across requests): within a request the memo computes once and the singleton is
// one instance; no request sees another's entries; every request's singleton is
// released when it ends, and nothing cached for a request outlives it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { fixturesDir } from '../helpers/fixtures.js';
import { appsWork, linkPackages } from '../helpers/toolchains.js';

const REQUESTS = 200;
const app = join(appsWork, 'servers');

test.before(() => {
  rmSync(app, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  cpSync(join(fixturesDir, 'apps/servers'), app, { recursive: true });
  linkPackages(app, ['express', 'fastify', 'hono', '@hono/node-server']);
});

/** Starts the server of `framework`; resolves with its base URL and a stop function. */
function start(framework) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', '--import', 'memokit/register', join(app, 'server.ts'), framework], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (chunk) => (stderr += chunk));
    proc.once('exit', (code) => reject(new Error(framework + ' server exited (' + code + '): ' + stderr)));
    createInterface({ input: proc.stdout }).once('line', (line) => {
      const { port, outside } = JSON.parse(line);
      resolve({
        url: 'http://127.0.0.1:' + port,
        outside,
        stop: () => new Promise((done) => { proc.removeAllListeners('exit'); proc.once('exit', done); proc.kill(); }),
      });
    });
  });
}

const get = async (url) => {
  const response = await fetch(url);
  assert.is(response.status, 200, url);
  return response.json();
};

for (const framework of ['http', 'express', 'fastify', 'hono']) {
  test(`${framework}: ${REQUESTS} concurrent requests, entries per request, singletons released, nothing left`, async () => {
    const server = await start(framework);
    try {
      const pages = await Promise.all(Array.from({ length: REQUESTS }, (_, i) => get(server.url + '/user/u' + (i % 20))));
      pages.forEach((p, i) => {
        assert.is(p.id, 'u' + (i % 20));
        assert.ok(p.same, 'the memo computed once within the request (three calls, one frozen value)');
        assert.ok(p.sameConn && p.open, 'one open connection per request');
      });
      assert.is(new Set(pages.map((p) => p.token)).size, REQUESTS, 'no request was served another request\'s entry, though ids repeat');
      const report = await get(server.url + '/report');
      assert.equal({ user: report.user, conn: report.conn, released: report.released }, { user: REQUESTS, conn: REQUESTS, released: REQUESTS }, 'every request\'s singleton released at its end');
      assert.is(report.tracked, 2 * REQUESTS);
      assert.is(report.alive, 0, 'after a collection nothing cached for a request is reachable');
      assert.is(server.outside, 'MK_NO_REQUEST_SCOPE', 'called outside any request, the memo throws');
    } finally {
      await server.stop();
    }
  });
}

/** Asks the server's report until `check` holds (each round is a request: no fixed sleep decides anything). */
async function until(server, check) {
  for (;;) {
    const report = await get(server.url + '/report');
    if (check(report)) return report;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

for (const framework of ['http', 'express', 'fastify', 'hono']) {
  test(`${framework}: a request the client aborts runs its handler once; its singleton is released once`, async () => {
    const server = await start(framework);
    try {
      const abort = new AbortController();
      const aborted = fetch(server.url + '/slow', { signal: abort.signal }).then(() => 'answered', (error) => error.name);
      await until(server, (r) => r.slowEntered === 1 && r.conn === 1);
      abort.abort();
      assert.is(await aborted, 'AbortError');
      // Where the scope ends with the response (Express, Fastify), the connection is released now.
      if (framework === 'express' || framework === 'fastify') await until(server, (r) => r.released === 1);
      await get(server.url + '/open');
      const report = await until(server, (r) => r.slowDone >= 1 && r.released === 1);
      assert.equal({ entered: report.slowEntered, done: report.slowDone, released: report.released }, { entered: 1, done: 1, released: 1 });
    } finally {
      await server.stop();
    }
  });
}

test.run();
