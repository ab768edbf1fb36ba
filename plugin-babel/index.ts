// memokit/babel: the Babel plugin and `analyze`. Thin on purpose: facts.ts
// reads the AST, the core decides (core/analyze), rewrite.ts carries the plan out.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { createRequire } from 'node:module';
import { declare } from '@babel/helper-plugin-utils';
import { sitesOfFile, needsParse, publicSite, type SiteInfo, type Site } from '../core/analyze/index.js';
import { resolveOptions, type PluginOptions, type ResolvedOptions } from '../core/options.js';
import { filePlan } from '../core/emit.js';
import { runtimeImportFormat } from '../core/files.js';
import { collectFacts, type BabelFunction } from './facts.js';
import { parserPlugins, babelSyntaxError, PLUGIN_FAMILIES } from './parse.js';
import { rewrite } from './rewrite.js';
import { modulePath } from '../core/ids.js';

export type { PluginOptions, SiteInfo };

/** Babel versions the plugin is tested with. */
const BABEL_RANGE = '^7.22.0 || ^8.0.0';

function sitesOf(program: any, code: string, filename: string, o: ResolvedOptions): { sites: Site<BabelFunction>[]; moduleSyntax: boolean } | null {
  let moduleSyntax = false;
  const sites = sitesOfFile(code, filename, o, (ctx) => {
    const facts = collectFacts(program, code, filename, ctx);
    moduleSyntax = facts.moduleSyntax;
    return facts;
  });
  return sites && { sites, moduleSyntax };
}

const plugin = declare((api: any, options: PluginOptions) => {
  api.assertVersion(BABEL_RANGE);
  const o = resolveOptions(options);
  return {
    name: 'memokit',
    manipulateOptions(opts: any, parserOpts: any) {
      const plugins: unknown[] = (parserOpts.plugins ??= []);
      const named = (n: string) => plugins.some((p) => p === n || (Array.isArray(p) && p[0] === n));
      const have = (n: string) => (PLUGIN_FAMILIES.find((f) => f.includes(n)) ?? [n]).some(named);
      for (const p of parserPlugins(opts.filename)) if (!have(p)) plugins.push(p);
    },
    visitor: {
      Program(program: any, state: any) {
        const code: string = state.file.code;
        const filename: string = state.filename ?? state.file.opts.filename ?? 'unknown';
        const found = sitesOf(program, code, filename, o);
        if (!found?.sites.length) return;
        const format = runtimeImportFormat(filename, code, found.moduleSyntax);
        // Names other plugins added before this one are not in the source text: ask Babel's scope too.
        const plan = filePlan(found.sites, code, o.runtime, format, (name) => program.scope.hasBinding(name) || program.scope.hasGlobal(name));
        rewrite(api, program, found.sites, plan);
      },
    },
  };
});

export default plugin;

/** Parses `code` as memokit's own Babel passes do; syntax errors become compile errors. */
export function parseWithBabel(babel: any, code: string, filename: string, root: string): any {
  try {
    return babel.parseSync(code, { filename, babelrc: false, configFile: false, sourceType: 'unambiguous', parserOpts: { plugins: parserPlugins(filename) } });
  } catch (e) {
    throw babelSyntaxError(e, code, filename, modulePath(filename, root));
  }
}

/**
 * The cached functions of a file, without rewriting it: what the Babel plugin
 * would compile. Throws the same compile errors. `babel` picks the @babel/core
 * to parse with (default: the one installed next to memokit).
 */
export function analyze(code: string, options: PluginOptions & { filename?: string; babel?: any } = {}): SiteInfo[] {
  const { filename = 'unknown', babel: given, ...rest } = options;
  return analyzeResolved(code, filename, resolveOptions(rest), given);
}

/** `analyze` with options resolved by the caller. */
export function analyzeResolved(code: string, filename: string, o: ResolvedOptions, given?: any): SiteInfo[] {
  let sites: SiteInfo[] = [];
  const babel = given ?? createRequire(import.meta.url)('@babel/core');
  if (!needsParse(code, o)) return [];
  babel.traverse(parseWithBabel(babel, code, filename, o.root), {
    Program(program: any) {
      sites = (sitesOf(program, code, filename, o)?.sites ?? []).map(publicSite);
      program.stop();
    },
  });
  return sites;
}
