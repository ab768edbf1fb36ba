import { analyze as s } from './dist/plugin-swc/index.js';
import { analyze as b } from './dist/plugin-babel/index.js';
const t = (code, filename) => { const r = []; for (const f of [s, b]) { try { f(code, { filename, root: process.cwd() }); r.push('ok'); } catch (e) { r.push(e.code); } } return r.join(' / '); };
console.log('param dec js', t('class C { m(@p x) { "use memo"; return x } }', '/x/a.js'));
console.log('export @d ts', t('export @d class C { m(x) { "use memo"; return x } }', '/x/a.ts'));
console.log('if fn sloppy', t('if (k) function g() { "use memo"; return 1 }', '/x/a.cjs'));
