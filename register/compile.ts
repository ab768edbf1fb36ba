// One file through memokit/register: memo and singleton functions compiled by
// memokit/swc, then TypeScript and JSX stripped by @swc/core, with the source map
// of both steps inlined (for `--enable-source-maps`). Shared by the ESM loader
// hooks (hooks.ts) and the CommonJS extension handlers (index.ts).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { transformModule } from '../engine/index.js';
import { DEFAULT_EXCLUDE } from '../plugin-rollup/index.js';
import type { ResolvedOptions } from '../core/options.js';
import { fileKind, isSourceFile } from '../core/files.js';
import { swcCore, parserOptions } from '../plugin-swc/parse.js';

/** Files the hook compiles: scripts of the project, never dependencies. */
export function isProjectScript(path: string): boolean {
  return isSourceFile(path) && !DEFAULT_EXCLUDE.test(path);
}

const inline = (map: any) => '\n//# sourceMappingURL=data:application/json;base64,' + Buffer.from(JSON.stringify(map)).toString('base64');

/** Runnable JavaScript for `path`, or null when the file needs nothing (plain JS without a directive). */
export function compileFile(path: string, source: string, options: ResolvedOptions): string | null {
  const strip = fileKind(path).needsStrip; // Node cannot run it as it is
  const compiled = transformModule('swc', source, path, options);
  if (!compiled && !strip) return null;
  let code = compiled ? compiled.code : source;
  let map: any = compiled?.map;
  if (strip) {
    const out = swcCore().transformSync(code, {
      filename: path,
      sourceMaps: true,
      inputSourceMap: map ? JSON.stringify(map) : undefined,
      swcrc: false,
      configFile: false,
      jsc: {
        parser: parserOptions(path),
        target: 'es2022',
        transform: { react: { runtime: 'automatic' }, useDefineForClassFields: true },
      },
    });
    code = out.code;
    map = out.map && JSON.parse(out.map);
  }
  return code + inline(map);
}
