import fc from 'fast-check';
import { createRequire } from 'node:module';
import { programArb, render } from '/work/main/test/helpers/programs.js';
import babelPlugin, { analyze as babelAnalyze } from '/work/main/dist/plugin-babel/index.js';
const progs = fc.sample(programArb, { numRuns: 300, seed: 1 }).map(render).filter(p=>p.valid);
for (let k = 0; k < 3; k++) for (const p of progs) {
  const filename = '/work/main/.exec/x.' + (p.ts ? 'ts' : 'js');
  babelAnalyze(p.code, { filename, root: '/work/main' });
}
