// memokit/register: `node --import memokit/register app.ts` (issue #5). Compiles
// memo and singleton functions and strips TypeScript with SWC, with inline source
// maps for `--enable-source-maps`; ids are by package (core/ids.ts), whatever the working directory.
// ES modules: loader hooks (hooks.ts, through module.register). CommonJS: extension
// handlers on Node's CommonJS loader, which hooks.ts hands CommonJS files to.
/* eslint-disable @typescript-eslint/no-explicit-any */
import Module, { register } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolveOptions } from '../core/options.js';
import { compileFile, isProjectScript } from './compile.js';
import { COMMONJS_EXTENSIONS } from '../core/files.js';

register('./hooks.js', import.meta.url);

const options = resolveOptions({});
const handlers = (Module as any)._extensions;
for (const ext of COMMONJS_EXTENSIONS) {
  const previous = handlers[ext] || handlers['.js'];
  handlers[ext] = function (module: any, filename: string) {
    const code = isProjectScript(filename) ? compileFile(filename, readFileSync(filename, 'utf8'), options) : null;
    return code === null ? previous.call(this, module, filename) : module._compile(code, filename);
  };
}
