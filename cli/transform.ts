// `memokit transform <file>`: the compiled file on stdout (the file itself when it
// has no memo or singleton function).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { transformModule, type Engine } from '../engine/index.js';
import { resolveOptions } from '../core/options.js';
import { reportFileError } from './report.js';

export const transformCommand = (file: string, o: { engine: Engine; root?: string }): number => {
  const path = resolve(file);
  try {
    const code = readFileSync(path, 'utf8');
    const out = transformModule(o.engine, code, path, resolveOptions(o.root === undefined ? {} : { root: o.root }));
    process.stdout.write(out ? out.code.replace(/\n?$/, '\n') : code);
    return 0;
  } catch (e) {
    reportFileError(file, e);
    return 1;
  }
};
