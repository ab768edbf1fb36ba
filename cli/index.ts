#!/usr/bin/env node
// The memokit command (issue #5): `memokit transform <file>` and `memokit ls [dir]`.
// Thin: argument parsing and exit codes here, the work in transform.ts and ls.ts.
// Exit codes: 0 done, 1 a file failed (missing, syntax or compile error), 2 bad usage.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { transformCommand } from './transform.js';
import { lsCommand } from './ls.js';
import { isEngine } from '../engine/index.js';

const USAGE = `Usage:
  memokit transform <file> [--engine swc|babel] [--root <dir>]   print the compiled file
  memokit ls [dir] [--deps] [--json] [--root <dir>]              list memo and singleton functions
                                                                 (--deps: the files, packages and imports each hash covers)
  memokit --help | --version`;

/** Misuse of the command line: message, usage, exit code 2. */
class Usage extends Error {}

const main = (argv: string[]): number => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      engine: { type: 'string' },
      root: { type: 'string' },
      json: { type: 'boolean' },
      deps: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (values.version) {
    process.stdout.write(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version + '\n');
    return 0;
  }
  const [command, ...rest] = positionals;
  const engine = values.engine ?? 'swc';
  if (!isEngine(engine)) throw new Usage(`--engine must be swc or babel, not "${engine}"`);
  const root = values.root;
  if (command === 'transform') {
    if (rest.length !== 1) throw new Usage('transform takes one file');
    if (values.json || values.deps) throw new Usage(`--${values.json ? 'json' : 'deps'} is an option of ls`);
    return transformCommand(rest[0], { engine, root });
  }
  if (command === 'ls') {
    if (rest.length > 1) throw new Usage('ls takes at most one folder');
    return lsCommand(rest[0] ?? '.', { engine, root, json: !!values.json, deps: !!values.deps });
  }
  throw new Usage(command === undefined ? 'no command given' : `unknown command "${command}"`);
};

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e: any) {
  if (!(e instanceof Usage) && !String(e?.code).startsWith('ERR_PARSE_ARGS')) throw e;
  process.stderr.write(`memokit: ${e.message}\n${USAGE}\n`);
  process.exitCode = 2;
}
