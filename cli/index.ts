#!/usr/bin/env node
// The memokit command (issue #5): `memokit transform <file>`, `memokit ls [dir]` and
// `memokit cache ls|stats|clear`. Thin: argument parsing and exit codes here, the work
// in transform.ts, ls.ts and cache.ts.
// Exit codes: 0 done, 1 a failure (a file missing or not compiling, a store unreachable), 2 bad usage.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { transformCommand } from './transform.js';
import { lsCommand } from './ls.js';
import { cacheLsCommand, cacheStatsCommand, cacheClearCommand } from './cache.js';
import { isEngine, type Engine } from '../engine/index.js';

const USAGE = `Usage:
  memokit transform <file> [--engine swc|babel] [--root <dir>]   print the compiled file
  memokit ls [dir] [--deps] [--json] [--root <dir>]              list memo and singleton functions
                                                                 (--deps: the files, packages and imports each hash covers)
  memokit cache ls [dir] [--json]                                persisted entries per function: count, bytes, ages,
                                                                 current vs written by code changed since
  memokit cache stats [dir] [--json]                             totals of the store
  memokit cache clear [site] [--orphaned] [--project <dir>]      remove every entry, one function's, or (--orphaned)
                                                                 those of changed code
    cache options: --store disk|lmdb|redis://host:port (default disk), --dir <disk or lmdb cache folder>,
                   --root <dir> and --engine as for ls ([dir] / --project: the sources, default .)
  memokit --help | --version`;

/** Misuse of the command line: message, usage, exit code 2. */
class Usage extends Error {}

const main = (argv: string[]): number | Promise<number> => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      engine: { type: 'string' },
      root: { type: 'string' },
      json: { type: 'boolean' },
      deps: { type: 'boolean' },
      store: { type: 'string' },
      dir: { type: 'string' },
      project: { type: 'string' },
      orphaned: { type: 'boolean' },
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
  const cacheOption = (['store', 'dir', 'project', 'orphaned'] as const).find((k) => values[k] !== undefined);
  if (command !== 'cache' && cacheOption) throw new Usage(`--${cacheOption} is an option of cache`);
  if (command === 'transform') {
    if (rest.length !== 1) throw new Usage('transform takes one file');
    if (values.json || values.deps) throw new Usage(`--${values.json ? 'json' : 'deps'} is an option of ls`);
    return transformCommand(rest[0], { engine, root });
  }
  if (command === 'ls') {
    if (rest.length > 1) throw new Usage('ls takes at most one folder');
    return lsCommand(rest[0] ?? '.', { engine, root, json: !!values.json, deps: !!values.deps });
  }
  if (command === 'cache') return cacheCommand(rest, values, engine);
  throw new Usage(command === undefined ? 'no command given' : `unknown command "${command}"`);
};

/** The options `memokit cache` reads (parsed, not yet checked). */
interface CacheArgs { store?: string; dir?: string; project?: string; orphaned?: boolean; json?: boolean; deps?: boolean; root?: string }

function cacheCommand(args: string[], values: CacheArgs, engine: Engine): Promise<number> {
  const [sub, ...rest] = args;
  const store = values.store;
  if (sub !== 'ls' && sub !== 'stats' && sub !== 'clear') throw new Usage(sub === undefined ? 'cache needs ls, stats or clear' : `unknown cache command "${sub}"; cache takes ls, stats or clear`);
  if (rest.length > 1) throw new Usage(sub === 'clear' ? 'cache clear takes at most one site id' : `cache ${sub} takes at most one folder`);
  if (store !== undefined && store !== 'disk' && store !== 'lmdb' && !/^rediss?:\/\/[^\s/]/.test(store)) throw new Usage(`--store must be disk, lmdb or a redis://host:port URL, not "${store}"`);
  if (store !== undefined && store !== 'disk' && store !== 'lmdb' && values.dir !== undefined) throw new Usage('--dir is the disk or lmdb store\'s folder; it does not go with --store redis://…');
  if (values.deps) throw new Usage('--deps is an option of ls');
  if (sub !== 'clear' && (values.orphaned || values.project !== undefined)) throw new Usage(`--${values.orphaned ? 'orphaned' : 'project'} is an option of cache clear`);
  if (sub === 'clear' && values.json) throw new Usage('--json is an option of cache ls and cache stats');
  const o = { engine, root: values.root, store, dir: values.dir, json: !!values.json };
  if (sub === 'clear') return cacheClearCommand(rest[0], { ...o, project: values.project ?? '.', orphaned: !!values.orphaned });
  return (sub === 'ls' ? cacheLsCommand : cacheStatsCommand)({ ...o, project: rest[0] ?? '.' });
}

function usageError(e: any) {
  if (!(e instanceof Usage) && !String(e?.code).startsWith('ERR_PARSE_ARGS')) throw e;
  process.stderr.write(`memokit: ${e.message}\n${USAGE}\n`);
  process.exitCode = 2;
}

try {
  const code = main(process.argv.slice(2));
  if (typeof code === 'number') process.exitCode = code;
  else code.then((c) => (process.exitCode = c), usageError);
} catch (e: any) {
  usageError(e);
}
