// Fixture cases under fixtures/: one folder per case.
//   input.{js,jsx,ts,tsx,mjs,cjs}   the source
//   options.json                    plugin options (optional)
//   output.<engine>.js              expected output of one engine: babel, babel8 (where it prints differently), swc
//                                   (exact text after CRLF→LF)
//   sites.json                      expected `analyze` result, identical for every engine
//   error.txt                       expected compile error (code, position, code frame) instead of outputs;
//                                   error.swc.txt holds SWC's wording of a parser error (same position)
//   exec.js                         default export: async (t) => { … } run against the compiled output
// A folder whose name starts with "." is skipped. UPDATE=1 rewrites the expected files.
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { formatCompileError } from '../../dist/core/diagnostics.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const fixturesDir = join(root, 'fixtures');
export const UPDATE = !!process.env.UPDATE;
/** fixtures/apps/: small projects the bundler integrations build (not compile cases). */
export const APPS = 'apps';

/** Every case: { name, dir, input, file, code, options, skip }. */
export const cases = () =>
  readdirSync(fixturesDir)
    .filter((n) => n !== APPS && statSync(join(fixturesDir, n)).isDirectory())
    .sort()
    .map((name) => {
      const dir = join(fixturesDir, name);
      const input = readdirSync(dir).find((f) => /^input\.[cm]?[jt]sx?$/.test(f));
      if (!input) throw new Error(`fixture ${name}: no input file`);
      const opts = existsSync(join(dir, 'options.json')) ? JSON.parse(readFileSync(join(dir, 'options.json'), 'utf8')) : {};
      return { name, dir, input, file: join(dir, input), code: readFileSync(join(dir, input), 'utf8'), options: { root, ...opts }, skip: name.startsWith('.') };
    });

const lf = (s) => s.replace(/\r\n/g, '\n');

/**
 * Compares `actual` with the file `name` of a case, or writes it under UPDATE=1.
 * Returns [actual, expected]. A missing expected file fails (unless UPDATE=1):
 * a case cannot pass by writing its own expectation. `fallback` names the file
 * compared with when `name` does not exist (Babel 8 prints like Babel 7 unless
 * it has its own output.babel8.js).
 */
export const expectFile = (c, name, actual, fallback) => {
  const p = join(c.dir, name);
  const q = fallback && !existsSync(p) ? join(c.dir, fallback) : p;
  if (UPDATE) {
    if (q === p || lf(readFileSync(q, 'utf8')) !== lf(actual)) writeFileSync(p, actual);
    return [actual, actual];
  }
  if (!existsSync(q)) throw new Error(`fixture ${c.name}: ${name} is missing (run with UPDATE=1 to write it)`);
  return [lf(actual), lf(readFileSync(q, 'utf8'))];
};

/** The text stored for a compile error, from its fields: code, line:column, the formatted error. */
export const errorText = (e) => {
  if (!(typeof e.reason === 'string' && typeof e.fix === 'string' && typeof e.frame === 'string' && e.loc)) throw new Error(`not a compile error: ${e.stack ?? e}`);
  return `${e.code} ${e.loc.line}:${e.loc.column}\n${formatCompileError(e)}\n`;
};

const execDir = join(root, '.exec');
let counter = 0;

/** JSX in fixtures compiles to calls of this factory: plain objects that tests can inspect. */
globalThis.__f = 'fragment';
globalThis.__h = (type, props, ...children) => ({ type: typeof type === 'function' ? type.name : type, props: props ?? {}, children });

/**
 * Writes compiled code next to the package (so `import "memokit"` resolves to
 * this package) after stripping TypeScript and JSX, and imports it.
 */
export const load = async (c, engine, code) => {
  mkdirSync(execDir, { recursive: true });
  const ext = c.input.slice(c.input.indexOf('.') + 1);
  const cjs = ext === 'cjs' || ext === 'cts';
  if (/ts|jsx/.test(ext)) {
    code = (await esbuild.transform(code, { loader: ext.endsWith('x') ? (ext.includes('t') ? 'tsx' : 'jsx') : 'ts', jsxFactory: '__h', jsxFragment: '__f', target: 'es2022', format: cjs ? 'cjs' : 'esm' })).code;
  }
  const out = join(execDir, `${c.name}.${engine}.${++counter}.${cjs ? 'cjs' : 'mjs'}`);
  writeFileSync(out, code);
  return import(pathToFileURL(out).href);
};

export const cleanExec = () => rmSync(execDir, { recursive: true, force: true });

/** Runs a case's exec.js against a loaded module. */
export const runExec = async (c, mod, extra) => {
  const p = join(c.dir, 'exec.js');
  if (!existsSync(p)) throw new Error(`fixture ${c.name}: no exec.js (every fixture must execute)`);
  const { default: run } = await import(pathToFileURL(p).href);
  await run({ mod, ...extra });
};
