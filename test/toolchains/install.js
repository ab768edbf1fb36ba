// Installs the toolchain project (package.json here) once: the integration tests
// build real apps with these bundlers, test runners and frameworks, which are too
// heavy (and, for Babel 8, too new for Node 20) to be memokit's own devDependencies.
// Runs again only when package-lock.json changes; test/run.js calls it before any test.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const toolchainsDir = fileURLToPath(new URL('.', import.meta.url));

/** Installs unless the installed tree matches the lockfile. */
export function installToolchains() {
  const lock = readFileSync(join(toolchainsDir, 'package-lock.json'));
  const digest = createHash('sha256').update(lock).digest('hex');
  const stamp = join(toolchainsDir, 'node_modules/.memokit-installed');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  const npm = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)
    ? [process.execPath, [process.env.npm_execpath]]
    : ['npm', []];
  process.stdout.write('installing the toolchain project (test/toolchains) ...\n');
  execFileSync(npm[0], [...npm[1], 'ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: toolchainsDir, stdio: ['ignore', 'inherit', 'inherit'] });
  writeFileSync(stamp, digest);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) installToolchains();
