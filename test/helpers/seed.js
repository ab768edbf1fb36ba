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

/** Script files under `dir`; `installed: false` leaves out installed packages (the toolchain project's node_modules). */
const walk = (dir, out = [], installed = true) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (installed || name !== 'node_modules') walk(p, out, installed);
    }
    else if (/\.(?:[cm]?js|ts|tsx)$/.test(name) && !/\.d\.[cm]?ts$/.test(name) && st.size <= MAX_BYTES) out.push(p);
  }
  return out;
};

/**
 * Published .js/.ts files from node_modules, and this repository's own sources:
 * Babel's compiled CommonJS and its type declarations' sources, TypeScript
 * sources (@jridgewell, immer), bundled ESM (magic-string, @vue/reactivity),
 * hand-written CommonJS (semver), small ESM packages (uvu, js-tokens).
 */
export const corpusFiles = () => [
  ...walk(join(root, 'node_modules/@babel')).filter((f) => f.includes('/lib/') || f.endsWith('.ts')),
  ...walk(join(root, 'node_modules/@jridgewell')).filter((f) => f.includes('/src/')),
  ...walk(join(root, 'node_modules/magic-string/dist')),
  ...walk(join(root, 'node_modules/uvu')),
  ...walk(join(root, 'node_modules/js-tokens')),
  ...walk(join(root, 'node_modules/immer/src')),
  ...walk(join(root, 'node_modules/@vue/reactivity/dist')).filter((f) => /reactivity\.(esm-bundler|cjs)\.js$/.test(f)),
  ...walk(join(root, 'node_modules/semver')).filter((f) => !f.includes('/node_modules/semver/node_modules/')),
  ...['core', 'plugin-babel', 'plugin-swc', 'runtime', 'test'].flatMap((d) => walk(join(root, d), [], false)),
];

export const babelParse = (code, filename) =>
  babel.parseSync(code, { filename, babelrc: false, configFile: false, sourceType: 'unambiguous', parserOpts: { plugins: parserPlugins(filename) } });

/** Functions a directive is an error in: generators, constructors, setters, hooks. */
const refuses = (n) => n.generator || n.kind === 'constructor' || n.kind === 'set' || (n.id && /^use[A-Z0-9]/.test(n.id.name));

/**
 * Inserts `"use memo";` (every fifth one `"use singleton";`) into every
 * block-bodied function that may carry a directive (`refused`: into every one
 * that may not, where both engines must report the same diagnostics).
 */
export const withDirectives = (code, filename, refused = false) => {
  const ast = babelParse(code, filename);
  const spots = [];
  babel.traverse(ast, {
    Function(p) {
      const n = p.node;
      if (n.body.type !== 'BlockStatement' || !!refuses(n) !== refused) return;
      spots.push(n.body.start + 1);
    },
  });
  const chosen = spots.sort((a, b) => b - a);
  let out = code;
  chosen.forEach((at, i) => {
    out = out.slice(0, at) + (i % 5 === 4 ? '"use singleton";' : '"use memo";') + out.slice(at);
  });
  return { code: out, inserted: chosen.length };
};
