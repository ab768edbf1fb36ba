// The check made before any parsing: can this file hold a directive, or a
// misspelling of one? Most files cannot, and then the whole cost of memokit
// is this scan (docs/compiler.md gives the figures; `npm run bench` measures it).
import { classify, type DirectiveNames } from '../directive.js';

/** Edits within which a string counts as a misspelled directive (`classify`'s limit). */
const EDITS = 2;
/** Longest quoted text looked at (options included); longer text is not a directive. */
const MAX_LENGTH = 1000;

/** One directive name, blanks removed and ASCII letters lower-cased, as character codes. */
interface Word {
  codes: Int32Array;
  /** Bigrams a string within EDITS of the word shares with it (q-gram lemma: m - 1 - 2k). */
  needed: number;
  /** Two dynamic-programming rows of the bounded edit distance. */
  previous: Int32Array;
  current: Int32Array;
}

interface Scanner {
  words: Word[];
  /** Bit `i` set when the bigram `a * 128 + b` occurs in word `i`. */
  bigrams: Uint8Array;
  /** Characters read from a string's head: the longest word plus EDITS. */
  window: number;
  /** Fewest characters a string within EDITS of a word has. */
  shortest: number;
  /** The head being examined, blanks removed, folded. */
  head: Int32Array;
  /** First characters of the directive names, folded: an exact directive starts with one. */
  initials: number[];
}

const scanners = new Map<string, Scanner>();

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Lower-cases ASCII letters; other characters are only compared with each other, so any consistent map will do. */
function fold(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function scannerFor(names: DirectiveNames): Scanner {
  const key = names.memo + '\0' + names.singleton;
  let s = scanners.get(key);
  if (s) return s;
  const texts = [names.memo, names.singleton].map((n) => n.replace(/\s+/g, ''));
  const bigrams = new Uint8Array(128 * 128);
  const words = texts.map((t, i): Word => {
    const codes = Int32Array.from(t, (ch) => fold(ch.charCodeAt(0)));
    for (let k = 0; k + 1 < codes.length; k++) if (codes[k] < 128 && codes[k + 1] < 128) bigrams[codes[k] * 128 + codes[k + 1]] |= 1 << i;
    return { codes, needed: codes.length - 1 - 2 * EDITS, previous: new Int32Array(codes.length + 1), current: new Int32Array(codes.length + 1) };
  });
  const window = Math.max(...texts.map((t) => t.length)) + EDITS;
  s = { words, bigrams, window, shortest: Math.max(1, Math.min(...texts.map((t) => t.length)) - EDITS), head: new Int32Array(window), initials: words.map((w) => w.codes[0]) };
  scanners.set(key, s);
  return s;
}

/** Is some prefix of `head` within EDITS edits of `word` (banded edit distance, stopped once every cell exceeds EDITS)? */
function nearPrefix(head: Int32Array, length: number, word: Word): boolean {
  const m = word.codes.length;
  let prev = word.previous, cur = word.current;
  for (let j = 0; j <= m; j++) prev[j] = j;
  if (prev[m] <= EDITS) return true;
  for (let i = 1; i <= length; i++) {
    cur[0] = i;
    let best = i;
    for (let j = 1; j <= m; j++) {
      const d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (head[i - 1] === word.codes[j - 1] ? 0 : 1));
      cur[j] = d;
      if (d < best) best = d;
    }
    if (cur[m] <= EDITS) return true;
    if (best > EDITS) return false;
    const t = prev; prev = cur; cur = t;
  }
  return false;
}

/**
 * Could the quoted text between `open` and `close` be a directive or within two
 * edits of one? Its head (blanks skipped, ASCII case folded) must share enough
 * bigrams with a directive name and be within two edits of it: both hold for
 * everything classify() reports (removing blanks from both sides never adds edits).
 */
function nearDirective(code: string, open: number, close: number, s: Scanner): boolean {
  const head = s.head;
  let length = 0;
  let shared = 0;
  let prev = -1;
  for (let k = open + 1; k < close && length < s.window; k++) {
    const raw = code.charCodeAt(k);
    if (isBlank(raw)) continue;
    const c = fold(raw);
    head[length++] = c;
    if (prev >= 0 && prev < 128 && c < 128) shared += s.bigrams[prev * 128 + c] === 0 ? 0 : 1;
    prev = c;
  }
  for (const word of s.words) if (shared >= word.needed && nearPrefix(head, length, word)) return true;
  return false;
}

/**
 * Can a string opening at `open` be the first thing of a statement, as every
 * prologue string is: after `{`, `;`, a line break, a comment or the file's start?
 * (Strings after `(`, `,`, `=`, `:` are arguments and values.)
 */
function atStatementStart(code: string, open: number): boolean {
  let k = open - 1;
  while (k >= 0 && (code.charCodeAt(k) === 32 || code.charCodeAt(k) === 9)) k--;
  if (k < 0) return true;
  const c = code.charCodeAt(k);
  return c === 123 || c === 59 || c === 10 || c === 13 || c === 47 || c === 0x2028 || c === 0x2029 || c === 0xfeff;
}

/**
 * True when some quoted text of `code` is one of our directives or within two
 * edits of one (`"use mmeo"`, `"usememo"`, `"use singelton"`), wherever it
 * stands: the parser pass then reports it. Every quote is tried as an opening
 * one, so quotes in comments or regular expressions cannot hide a directive.
 * Cheap tests first: the text's length, then its first character or what
 * precedes the quote, then shared bigrams, then a bounded edit distance.
 */
export function mayHaveDirectives(code: string, names: DirectiveNames): boolean {
  const s = scannerFor(names);
  for (const quote of ['"', "'"]) {
    let open = code.indexOf(quote);
    while (open >= 0) {
      const close = code.indexOf(quote, open + 1);
      if (close < 0) break;
      const length = close - open - 1;
      // Exact directives count wherever they stand (misplaced ones are reported); misspellings only where a prologue string can be.
      if (length >= s.shortest && length <= MAX_LENGTH && (s.initials.includes(fold(code.charCodeAt(open + 1))) || atStatementStart(code, open))) {
        if (nearDirective(code, open, close, s) && classify(code.slice(open + 1, close), names)) return true;
      }
      open = close;
    }
  }
  return false;
}
