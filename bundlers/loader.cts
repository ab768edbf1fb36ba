// memokit/loader: the memokit transform as a webpack loader, for module rules in
// webpack and Rspack and for Next.js Turbopack (`turbopack.rules`), where the
// bundler keeps its own compiler (SWC) for what follows. CommonJS, so that every
// loader runner can require it; the work is in run-loader.ts, an ES module.
/* eslint-disable @typescript-eslint/no-explicit-any */

function memokitLoader(this: any, source: string, inputMap?: any): void {
  const callback = this.async();
  import('./run-loader.js').then(
    ({ runLoader }) => runLoader(this, source, inputMap),
  ).then(
    (out) => (out ? callback(null, out.code, out.map) : callback(null, source, inputMap)),
    (error) => callback(error),
  );
}

export = memokitLoader;
