import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
for (const name of ['@babel/core', 'babel8']) {
  let b; try { b = require(name); } catch (e) { console.log(name, 'unavailable', e.message.slice(0, 80)); continue; }
  const tryParse = (code, plugins) => { try { b.parseSync(code, { babelrc: false, configFile: false, sourceType: 'module', parserOpts: { plugins } }); return 'ok'; } catch (e) { return 'ERR ' + e.message.split('\n')[0].slice(0, 90); } };
  const ts = ['@d export class A {}', 'export @d class B {}', 'class C { m(@p x) {} }', 'class D { accessor x = 1 }', 'using r = f();'];
  for (const c of ts) console.log(name, 'ts legacy', c, tryParse(c, ['typescript', 'decorators-legacy', 'decoratorAutoAccessors']));
  for (const c of ts) console.log(name, 'js decorators', c, tryParse(c, ['jsx', 'decorators', 'decoratorAutoAccessors']));
}
