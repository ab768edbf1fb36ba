// Real-world sources with directives inserted programmatically: the corpus
// parity test and the compile benchmark use the same files and the same seeding.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { root } from './fixtures.js';
import { parserPlugins } from '../../dist/plugin-babel/parse.js';

const babel = createRequire(import.meta.url)('@babel/core');

/** Largest file taken (Babel's pass over the corpus must stay a few seconds). */
const MAX_BYTES = 120_000;
/** Every n-th eligible function of a file gets a directive. */
const EVERY = 3;

const walk = (dir, out = []) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (/\.(?:[cm]?js|ts|tsx)$/.test(name) && !/\.d\.[cm]?ts$/.test(name) && st.size <= MAX_BYTES) out.push(p);
  }
  return out;
};

/** Published .js/.ts files from node_modules, and this repository's own sources. */
export const corpusFiles = () => [
  ...walk(join(root, 'node_modules/@babel')).filter((f) => f.includes('/lib/') || f.endsWith('.ts')),
  ...walk(join(root, 'node_modules/@jridgewell')).filter((f) => f.includes('/src/')),
  ...walk(join(root, 'node_modules/magic-string/dist')),
  ...walk(join(root, 'node_modules/uvu')),
  ...walk(join(root, 'node_modules/js-tokens')),
  ...['core', 'plugin-babel', 'plugin-swc', 'runtime', 'test'].flatMap((d) => walk(join(root, d))),
];

export const babelParse = (code, filename) =>
  babel.parseSync(code, { filename, babelrc: false, configFile: false, sourceType: 'unambiguous', parserOpts: { plugins: parserPlugins(filename) } });

/**
 * Inserts `"use memo";` (every fifth one `"use singleton";`) into every
 * EVERY-th block-bodied function that may carry a directive: no generators,
 * constructors, setters or hooks.
 */
export const withDirectives = (code, filename) => {
  const ast = babelParse(code, filename);
  const spots = [];
  babel.traverse(ast, {
    Function(p) {
      const n = p.node;
      if (n.body.type !== 'BlockStatement' || n.generator || n.kind === 'constructor' || n.kind === 'set') return;
      if (n.id && /^use[A-Z0-9]/.test(n.id.name)) return;
      spots.push(n.body.start + 1);
    },
  });
  const chosen = spots.filter((_, i) => i % EVERY === 0).sort((a, b) => b - a);
  let out = code;
  chosen.forEach((at, i) => {
    out = out.slice(0, at) + (i % 5 === 4 ? '"use singleton";' : '"use memo";') + out.slice(at);
  });
  return { code: out, inserted: chosen.length };
};
