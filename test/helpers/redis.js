// A real redis-server for the tests (issue #6): its own process on a free loopback
// port, persistence off, DEBUG allowed from loopback (the tests pause it), stopped afterwards. .ci/run installs the Debian package.
import { spawn, execFileSync } from 'node:child_process';
import { createServer, connect } from 'node:net';

/** A port nobody listens on right now. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const answers = (port) =>
  new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => c.write('PING\r\n'));
    c.once('data', (d) => { c.destroy(); resolve(String(d).startsWith('+PONG')); });
    c.once('error', () => resolve(false));
  });

/** Starts redis-server on `port` (a free one by default); resolves once it answers PING. */
export const startRedis = async (port) => {
  port ??= await freePort();
  execFileSync('redis-server', ['--version']); // a clear ENOENT when the package is missing
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no', '--enable-debug-command', 'local'], { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    if (await answers(port)) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const stop = () =>
    new Promise((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.once('exit', resolve);
      proc.kill('SIGKILL');
    });
  return { port, url: `redis://127.0.0.1:${port}`, stop };
};
