// Analysis: the entry sequence every engine follows. Options are resolved by
// the caller; the pre-parse check decides whether the file is parsed at all;
// the adapter collects facts; the rules decide.
import type { ResolvedOptions } from '../options.js';
import { mayHaveDirectives } from './precheck.js';
import { analyzeSites, directiveNames, isCandidate } from './rules.js';
import type { Adapter, CollectContext } from './contract.js';
import type { Site } from './site.js';

export type { Adapter, Boundary, CollectContext, BindingFact, DirectiveFact, FunctionFacts, MemberKey, Naming, Range, Slot, StatementList, StrayFact, UseFact } from './contract.js';
export type { Site, SiteInfo } from './site.js';
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

/**
 * The sites of one file: null when the pre-parse check finds no directive (the
 * engine must then not parse), else what the rules decide over the facts
 * `collect` reports. Throws the first compile error.
 */
export function sitesOfFile<N>(code: string, filename: string, o: ResolvedOptions, collect: (ctx: CollectContext) => Adapter<N>): Site<N>[] | null {
  if (!needsParse(code, o)) return null;
  const names = directiveNames(o);
  const facts = collect({ isCandidate: (text) => isCandidate(text, names) });
  return analyzeSites(facts, { filename, root: o.root, directives: o.directives });
}
