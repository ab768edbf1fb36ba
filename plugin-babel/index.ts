// memokit/babel: the Babel plugin and `analyze`. Thin on purpose: facts.ts
// reads the AST, the core decides (core/analyze), rewrite.ts carries the plan out.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { requirePeer } from '../core/peer.js';
import { declare } from '@babel/helper-plugin-utils';
import { sitesOfFile, analyzeFile, needsParse, publicSite, NO_FUNCTIONS, type SiteInfo, type Site, type ModuleReader, type FileAnalysis } from '../core/analyze/index.js';
import { resolveOptions, type PluginOptions, type ResolvedOptions } from '../core/options.js';
import { filePlan } from '../core/emit.js';
import { runtimeImportFormat } from '../core/files.js';
import { collectFacts, type BabelFunction } from './facts.js';
import { parserPlugins, babelSyntaxError, PLUGIN_FAMILIES } from './parse.js';
import { rewrite } from './rewrite.js';
import { displayPath } from '../core/ids.js';

export type { PluginOptions, SiteInfo };

/** Babel versions the plugin is tested with. */
const BABEL_RANGE = '^7.22.0 || ^8.0.0';

/** Files that a compiled file imports, read by the same Babel (core/imports); one reader per @babel/core. */
const readers = new WeakMap<object, ModuleReader>();
function babelReader(babel: any): ModuleReader {
  let r = readers.get(babel);
  if (!r) {
    r = {
      engine: 'babel@' + babel.version,
      facts(code, filename) {
        let facts: any;
        babel.traverse(parseWithBabel(babel, code, filename, null), {
          Program(p: any) {
            facts = collectFacts(p, code, filename, NO_FUNCTIONS);
            p.stop();
          },
        });
        return facts;
      },
    };
    readers.set(babel, r);
  }
  return r;
}

function sitesOf(babel: any, program: any, code: string, filename: string, o: ResolvedOptions): { sites: Site<BabelFunction>[]; moduleSyntax: boolean } | null {
  let moduleSyntax = false;
  const sites = sitesOfFile(code, filename, o, (ctx) => {
    const facts = collectFacts(program, code, filename, ctx);
    moduleSyntax = facts.moduleSyntax;
    return facts;
  }, babelReader(babel));
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
        const found = sitesOf(api, program, code, filename, o);
        if (!found?.sites.length) return;
        // The files the hashes read. Babel's addExternalDependency is for configuration only (it is frozen once
        // the plugin is loaded, @babel/core lib/config/full.js), so they are reported here for integrations to watch.
        state.file.metadata.memokit = { watch: [...new Set(found.sites.flatMap((s) => s.watch))].sort() };
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
export function parseWithBabel(babel: any, code: string, filename: string, root: string | null): any {
  try {
    return babel.parseSync(code, { filename, babelrc: false, configFile: false, sourceType: 'unambiguous', parserOpts: { plugins: parserPlugins(filename) } });
  } catch (e) {
    throw babelSyntaxError(e, code, filename, displayPath(filename, root));
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

/** Parses and analyzes a file without rewriting it, to be linked (null: no directive, not parsed). */
export function prepareResolved(code: string, filename: string, o: ResolvedOptions, given?: any): FileAnalysis<BabelFunction> | null {
  const babel = given ?? requirePeer('@babel/core');
  if (!needsParse(code, o)) return null;
  let analysis: FileAnalysis<BabelFunction> | null = null;
  babel.traverse(parseWithBabel(babel, code, filename, o.root), {
    Program(program: any) {
      analysis = analyzeFile(code, filename, o, (ctx) => collectFacts(program, code, filename, ctx), babelReader(babel));
      program.stop();
    },
  });
  return analysis;
}

/** `analyze` with options resolved by the caller. */
export function analyzeResolved(code: string, filename: string, o: ResolvedOptions, given?: any): SiteInfo[] {
  const analysis = prepareResolved(code, filename, o, given);
  if (!analysis) return [];
  analysis.link();
  return analysis.sites.map(publicSite);
}
