// memokit/register: `node --import memokit/register app.ts`. Compiles memo and
// singleton functions and strips TypeScript with SWC, with inline source maps for
// `--enable-source-maps`; ids are by package (core/ids.ts), whatever the working directory.
// ES modules: loader hooks (hooks.ts, through module.register). CommonJS: extension
// handlers on Node's CommonJS loader, which hooks.ts hands CommonJS files to. Both
// decide a file's format as Node does (compile.ts formatOf), and the handlers tell
// Node the format they decided: left to detect it again, Node would send a file
// with `import` syntax back to the ESM loader that is loading it as CommonJS
// (ERR_REQUIRE_CYCLE_MODULE), or, for the entry under `node -r`, run nothing.
/* eslint-disable @typescript-eslint/no-explicit-any */
import Module, { register } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolveOptions } from '../core/options.js';
import { compileFile, formatOf, isProjectScript } from './compile.js';
import { COMMONJS_EXTENSIONS } from '../core/files.js';
import { resolveSync, loadSync, resolveWithTwins } from './hooks.js';

// In-thread hooks where Node has them (22.15+), else the loader thread's.
const registerHooks = (Module as any).registerHooks;
if (typeof registerHooks === 'function') registerHooks({ resolve: resolveSync, load: loadSync });
else register('./hooks.js', import.meta.url);

const options = resolveOptions({});
const handlers = (Module as any)._extensions;
const compileModule = (Module as any).prototype._compile;
/** Where ts-node registers itself (ts-node's REGISTER_INSTANCE). */
const TS_NODE = Symbol.for('ts-node.register.instance');
for (const ext of COMMONJS_EXTENSIONS) {
  const previous = handlers[ext] || handlers['.js'];
  handlers[ext] = function (module: any, filename: string) {
    if (!isProjectScript(filename)) return previous.call(this, module, filename);
    const source = readFileSync(filename, 'utf8');
    const format = formatOf(filename, source);
    const code = compileFile(filename, source, options, format);
    if (code === null) return previous.call(this, module, filename);
    // ts-node wraps each module's _compile to compile the file again and then calls Node's without
    // the format, which makes Node detect it anew (a cycle for a module): Node's own then. Other
    // wrappers (pirates: nyc, @babel/register) keep theirs, so that coverage still sees the code.
    const compile = (process as any)[TS_NODE] ? compileModule : module._compile;
    return compile.call(module, code, filename, format);
  };
}

// require('./x.js') from a project file may name ./x.ts, as the module hooks allow (TypeScript's NodeNext convention).
const resolveFilename = (Module as any)._resolveFilename;
(Module as any)._resolveFilename = function (request: string, parent: any, ...rest: unknown[]) {
  if (!parent?.filename || !isProjectScript(parent.filename)) return resolveFilename.call(this, request, parent, ...rest);
  return resolveWithTwins(request, (specifier) => resolveFilename.call(this, specifier, parent, ...rest));
};
