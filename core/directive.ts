// The directive grammar: `"use memo ttl=10m max=500 persist=disk copy=freeze"`,
// `"use singleton ttl=1h validate=isAlive release=closePool"` (issue #3).
// Pure string functions; the plugins only hand over the directive's text.
import { BUILTIN_STORES } from '../runtime/fields.js';

export type Kind = 'memo' | 'singleton';

/** Directive names; the `directives` plugin option renames them (React Compiler also reads "use memo"). */
export interface DirectiveNames {
  memo: string;
  singleton: string;
}
export const DEFAULT_DIRECTIVES: DirectiveNames = { memo: 'use memo', singleton: 'use singleton' };

/** Options as written, values still text (validated by `parseOptions`). */
export type RawOption = { key: string; value: string };

export type Classified =
  | { ok: true; kind: Kind; options: RawOption[] }
  | { ok: false; suggestion: string };

/** Options each kind accepts, in the order messages list them. */
export const KNOWN_OPTIONS: Record<Kind, readonly string[]> = {
  memo: ['ttl', 'swr', 'max', 'maxBytes', 'persist', 'copy', 'tags', 'scope', 'cacheIf'],
  singleton: ['ttl', 'max', 'scope', 'validate', 'release'],
};

const ALL_OPTIONS = ['ttl', 'swr', 'max', 'maxBytes', 'persist', 'copy', 'tags', 'scope', 'cacheIf', 'validate', 'release'];

/** Edit distance (Levenshtein) between short strings, for "did you mean". */
export const distance = (a: string, b: string): number => {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
};

/** Closest of `names` to `word` within `limit` edits, or null. */
export const closest = (word: string, names: readonly string[], limit = 2): string | null => {
  let best: string | null = null;
  let bestD = limit + 1;
  for (const n of names) {
    const d = distance(word, n);
    if (d < bestD) (best = n), (bestD = d);
  }
  return best;
};

const squash = (s: string) => s.toLowerCase().replace(/\s+/g, '');

/**
 * Classifies a string found at the top of a function body:
 * - one of our directives, written exactly (`name` alone, or `name` + single-space-separated `key=value` options);
 * - something that looks like a misspelling of one (`"use memo "`, `"use mem"`, `"usememo"`): `ok: false` with a suggestion;
 * - anything else (`"use strict"`, `"use client"`): null.
 */
export const classify = (text: string, names: DirectiveNames): Classified | null => {
  for (const kind of ['memo', 'singleton'] as const) {
    const name = names[kind];
    if (text === name) return { ok: true, kind, options: [] };
    if (text.startsWith(name + ' ') && /^[^\s]+( [^\s]+)*$/.test(text.slice(name.length + 1))) {
      // `key=value` words; a word without `=` is an option with no value (reported by parseOptions).
      const options = text.slice(name.length + 1).split(' ').map((w) => {
        const eq = w.indexOf('=');
        return eq < 0 ? { key: w, value: '' } : { key: w.slice(0, eq), value: w.slice(eq + 1) };
      });
      return { ok: true, kind, options };
    }
  }
  // Not exact: is it one of ours, mistyped? Compare the head (the words before options) loosely.
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const firstOpt = trimmed.search(/\s\S*=/);
  const head = firstOpt < 0 ? trimmed : trimmed.slice(0, firstOpt);
  const rest = firstOpt < 0 ? '' : trimmed.slice(firstOpt);
  for (const kind of ['memo', 'singleton'] as const) {
    const name = names[kind];
    if (squash(head) === squash(name) || distance(head.toLowerCase(), name.toLowerCase()) <= 2) {
      return { ok: false, suggestion: name + rest };
    }
  }
  return null;
};

/** Options after validation: durations in milliseconds, names as written. */
export interface Options {
  ttl?: number;
  /** Stale-while-revalidate window after `ttl`, in ms. */
  swr?: number;
  /** Static tags, sorted and without repeats. */
  tags?: string[];
  max?: number;
  /** Bound of the entries' encoded sizes, in bytes (memory and near tier). */
  maxBytes?: number;
  persist?: string;
  copy?: 'clone' | 'freeze';
  /** `request`: entries live for one withRequestScope() call. */
  scope?: 'request';
  /** Module-level functions, by name. */
  cacheIf?: string;
  validate?: string;
  release?: string;
}

/** Why an option is rejected; the caller turns it into a diagnostic. */
export type OptionProblem =
  | { code: 'MK_UNKNOWN_OPTION'; option: string; suggestion: string }
  | { code: 'MK_OPTION_KIND'; option: string; other: Kind }
  | { code: 'MK_DUPLICATE_OPTION'; option: string }
  | { code: 'MK_SWR_WITHOUT_TTL'; option: string; value: string }
  | { code: 'MK_OPTION_CONFLICT'; option: string; value: string; conflicting: string; why: string }
  | { code: 'MK_BAD_OPTION_VALUE'; option: string; value: string; expected: string; suggestion: string };

/** Milliseconds per duration unit. */
const UNITS: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 };
/** A ttl in milliseconds as a directive would write it: the largest unit that divides it (600000 → "10m"). */
export const formatDuration = (ms: number): string => {
  const [unit, size] = Object.entries(UNITS).reverse().find(([, size]) => ms % size === 0)!;
  return ms / size + unit;
};
/** Bytes per size unit (binary: 1kb is 1024 bytes, as memory sizes are counted). */
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
/** A byte count as a directive would write it: the largest unit that divides it (1048576 → "1mb"). */
export const formatSize = (bytes: number): string => {
  const [unit, size] = Object.entries(SIZE_UNITS).reverse().find(([, size]) => bytes % size === 0)!;
  return bytes / size + unit;
};
/** Longest ttl: timers and Date arithmetic stay exact below 2^53 ms; a year is plenty. */
const MAX_TTL = 366 * 864e5;

const EXPECTED: Record<string, string> = {
  ttl: 'a duration with a unit, such as ttl=500ms, ttl=30s, ttl=10m, ttl=2h or ttl=7d (at most 366d)',
  swr: 'a duration with a unit, such as swr=30s, swr=10m or swr=1d (at most 366d)',
  tags: 'tag names separated by commas, without spaces, such as tags=users,reports',
  max: 'a positive whole number of entries, such as max=500',
  maxBytes: 'a size with a unit, such as maxBytes=500kb, maxBytes=64mb or maxBytes=1gb (1kb is 1024 bytes)',
  scope: 'scope=request (entries live for one withRequestScope() call)',
  cacheIf: 'the name of a module-level function, such as cacheIf=isComplete',
  persist: 'a store name: persist=memory, persist=disk or a name given to configure({ stores }) that is not a letter or two off those',
  copy: 'copy=clone (a copy for every caller) or copy=freeze (one deep-frozen value shared by all callers)',
  validate: 'the name of a module-level function, such as validate=isAlive',
  release: 'the name of a module-level function, such as release=closePool',
};

/** Validates the options of one directive; returns the options or the first problem. */
export const parseOptions = (kind: Kind, raw: RawOption[]): { options: Options; problem?: OptionProblem } => {
  const options: Options = {};
  const seen = new Set<string>();
  for (const { key, value } of raw) {
    if (!ALL_OPTIONS.includes(key)) {
      return { options, problem: { code: 'MK_UNKNOWN_OPTION', option: key, suggestion: closest(key, KNOWN_OPTIONS[kind]) || '' } };
    }
    if (!KNOWN_OPTIONS[kind].includes(key)) return { options, problem: { code: 'MK_OPTION_KIND', option: key, other: kind === 'memo' ? 'singleton' : 'memo' } };
    if (seen.has(key)) return { options, problem: { code: 'MK_DUPLICATE_OPTION', option: key } };
    seen.add(key);
    const bad = { options, problem: { code: 'MK_BAD_OPTION_VALUE' as const, option: key, value, expected: EXPECTED[key], suggestion: '' } };
    switch (key) {
      case 'ttl':
      case 'swr': {
        const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value);
        const ms = m ? Math.round(Number(m[1]) * UNITS[m[2]]) : 0;
        if (!(ms >= 1 && ms <= MAX_TTL)) return bad;
        options[key] = ms;
        break;
      }
      case 'tags': {
        const names = value.split(',');
        if (names.some((name) => !/^[^\s,=]+$/.test(name))) return bad;
        options.tags = [...new Set(names)].sort();
        break;
      }
      case 'max': {
        if (!/^[1-9]\d{0,14}$/.test(value)) return bad;
        options.max = Number(value);
        break;
      }
      case 'maxBytes': {
        const m = /^(\d+(?:\.\d+)?)(b|kb|mb|gb)$/i.exec(value);
        const bytes = m ? Math.round(Number(m[1]) * SIZE_UNITS[m[2].toLowerCase()]) : 0;
        if (!(bytes >= 1 && bytes <= Number.MAX_SAFE_INTEGER)) return bad;
        options.maxBytes = bytes;
        break;
      }
      case 'scope':
        if (value !== 'request') return bad;
        options.scope = value;
        break;
      case 'persist': {
        if (!/^[A-Za-z][\w-]*$/.test(value)) return bad;
        // A name a letter or two off a built-in store is a typo, not a store of the user's own.
        const near = BUILTIN_STORES.includes(value) ? null : closest(value, BUILTIN_STORES, value.length > 3 ? 2 : 1);
        if (near) return { options, problem: { ...bad.problem, suggestion: near } };
        options.persist = value;
        break;
      }
      case 'copy':
        if (value !== 'clone' && value !== 'freeze') return bad;
        options.copy = value;
        break;
      default: // cacheIf, validate, release
        if (!/^[A-Za-z_$][\w$]*$/.test(value)) return bad;
        options[key as 'cacheIf' | 'validate' | 'release'] = value;
    }
  }
  // Stale values are served for `swr` after `ttl`: without a ttl nothing ever goes stale.
  const swr = raw.find((o) => o.key === 'swr');
  if (swr && options.ttl === undefined) return { options, problem: { code: 'MK_SWR_WITHOUT_TTL', option: 'swr', value: swr.value } };
  const stored = options.persist !== undefined && options.persist !== 'memory';
  const conflict = (option: string, other: string, why: string) => {
    const value = raw.find((o) => o.key === option)!.value;
    return { options, problem: { code: 'MK_OPTION_CONFLICT' as const, option, value, conflicting: other + '=' + raw.find((o) => o.key === other)!.value, why } };
  };
  // A request's entries are dropped when it ends: a store would keep them for nobody.
  if (options.scope && stored) return conflict('scope', 'persist', 'entries of one request live in its memory and are dropped when it ends');
  // The disk store keeps no copy in memory to bound; a store with a near tier (redis) does.
  if (options.maxBytes && options.persist === 'disk') return conflict('maxBytes', 'persist', 'the disk store keeps nothing in memory, and bounds its files with max=');
  return { options };
};

/** Canonical text of options (hash input): sorted `key=value` pairs, durations in ms. */
export const optionsText = (o: Options): string =>
  Object.keys(o)
    .sort()
    .map((k) => k + '=' + o[k as keyof Options])
    .join(' ');
