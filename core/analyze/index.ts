// Analysis: the entry sequence every engine follows. Options are resolved by
// the caller; the pre-parse check decides whether the file is parsed at all;
// the adapter collects facts; the rules decide.
import { resolve } from 'node:path';
import type { ResolvedOptions } from '../options.js';
import { displayPath } from '../ids.js';
import { FileView } from '../imports/files.js';
import { createGraph, type ModuleReader, type ResolveHook } from '../imports/graph.js';
import { mayHaveDirectives } from './precheck.js';
import { analyzeSites, directiveNames, isCandidate } from './rules.js';
import { linkSites } from './link.js';
import type { Adapter, CollectContext } from './contract.js';
import type { Site } from './site.js';

export type { ModuleReader, ResolveHook } from '../imports/graph.js';

export type { Adapter, Boundary, CollectContext, BindingFact, DirectiveFact, ExportFact, FunctionFacts, MemberKey, Naming, Range, Slot, StatementList, StrayFact, UseFact } from './contract.js';
export type { Site, SiteInfo, Dependencies } from './site.js';
export { publicSite, ARGUMENTS_KEY } from './site.js';
export { mayHaveDirectives } from './precheck.js';
export { analyzeSites, directiveNames, isCode } from './rules.js';

/** The last answer: an engine that checks before it parses and its plugin that checks again after (Babel) pay once. */
let last: { code: string; options: ResolvedOptions; answer: boolean } | null = null;

/** The pre-parse check: false when the file cannot hold a directive, and must then not be parsed. */
export function needsParse(code: string, o: ResolvedOptions): boolean {
  if (last !== null && last.options === o && last.code === code) return last.answer;
  const answer = mayHaveDirectives(code, directiveNames(o));
  last = { code, options: o, answer };
  return answer;
}

/** What a dependency's facts are collected with: no function of it is ever compiled here. */
export const NO_FUNCTIONS: CollectContext = { isCandidate: () => false };

/** One file's sites, before and after linking. */
export interface FileAnalysis<N> {
  sites: Site<N>[];
  /** Follows the sites' imports (hashes, captured values, dependencies); false while `hook` leaves a resolution unanswered. */
  link(hook?: ResolveHook): boolean;
}

/**
 * The sites of one file: null when the pre-parse check finds no directive (the
 * engine must then not parse), else what the rules decide over the facts
 * `collect` reports, to be linked. `reader` reads the files its imports lead to. Throws the first compile error.
 */
export function analyzeFile<N>(code: string, filename: string, o: ResolvedOptions, collect: (ctx: CollectContext) => Adapter<N>, reader: ModuleReader): FileAnalysis<N> | null {
  if (!needsParse(code, o)) return null;
  const names = directiveNames(o);
  const facts = collect({ isCandidate: (text) => isCandidate(text, names) });
  const files = new FileView();
  const sites = analyzeSites(facts, { root: o.root, namespace: o.namespace, directives: o.directives, files });
  const importer = resolve(filename);
  return {
    sites,
    link: (hook) => sites.length === 0 || linkSites(sites as Site<unknown>[], importer, createGraph(reader, o, files, hook), code, displayPath(filename, o.root)),
  };
}

/** `analyzeFile`, linked with memokit's own resolver (and `resolveImport`). */
export function sitesOfFile<N>(code: string, filename: string, o: ResolvedOptions, collect: (ctx: CollectContext) => Adapter<N>, reader: ModuleReader): Site<N>[] | null {
  const a = analyzeFile(code, filename, o, collect, reader);
  if (!a) return null;
  a.link();
  return a.sites;
}
