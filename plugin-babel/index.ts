// memokit/babel: the Babel plugin and `analyze`. Thin on purpose: facts.ts
// reads the AST, core/analyze.ts decides, rewrite.ts writes (issue #3).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { createRequire } from 'node:module';
import { declare } from '@babel/helper-plugin-utils';
import { analyzeSites, directiveNames, mayHaveDirectives, publicSite, type SiteInfo } from '../core/analyze.js';
import { parserPlugins, resolveOptions, type PluginOptions } from '../core/options.js';
import { collectFacts } from './facts.js';
import { rewrite } from './rewrite.js';

export type { PluginOptions, SiteInfo };

/** Babel versions the plugin is tested with. */
const BABEL_RANGE = '^7.22.0 || ^8.0.0';

const sitesOf = (program: any, code: string, filename: string, o: PluginOptions) => {
  const names = directiveNames(o);
  const facts = collectFacts(program, code, filename, names);
  return analyzeSites(facts, { ...o, filename });
};

const plugin = declare((api: any, options: PluginOptions) => {
  api.assertVersion(BABEL_RANGE);
  const o = resolveOptions(options);
  const names = directiveNames(o);
  return {
    name: 'memokit',
    manipulateOptions(opts: any, parserOpts: any) {
      const plugins: unknown[] = (parserOpts.plugins ??= []);
      const have = (n: string) => plugins.some((p) => p === n || (Array.isArray(p) && p[0] === n));
      for (const p of parserPlugins(opts.filename)) if (!have(p)) plugins.push(p);
    },
    visitor: {
      Program(program: any, state: any) {
        const code: string = state.file.code;
        if (!mayHaveDirectives(code, names)) return; // the whole cost for files without a directive
        const filename: string = state.filename ?? state.file.opts.filename ?? 'unknown';
        const sites = sitesOf(program, code, filename, o);
        if (sites.length) rewrite(api, program, sites, o.runtime);
      },
    },
  };
});

export default plugin;

/**
 * The cached functions of a file, without rewriting it: what the Babel plugin
 * would compile. Throws the same compile errors. `babel` picks the @babel/core
 * to parse with (default: the one installed next to memokit).
 */
export const analyze = (code: string, options: PluginOptions & { filename?: string; babel?: any } = {}): SiteInfo[] => {
  const o = resolveOptions(options);
  if (!mayHaveDirectives(code, directiveNames(o))) return [];
  const babel = options.babel ?? createRequire(import.meta.url)('@babel/core');
  const filename = options.filename ?? 'unknown';
  const ast = babel.parseSync(code, {
    filename,
    babelrc: false,
    configFile: false,
    sourceType: 'unambiguous',
    parserOpts: { plugins: parserPlugins(filename) },
  });
  let sites: SiteInfo[] = [];
  babel.traverse(ast, {
    Program(program: any) {
      sites = sitesOf(program, code, filename, o).map(publicSite);
      program.stop();
    },
  });
  return sites;
};
