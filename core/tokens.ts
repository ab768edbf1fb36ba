// Source text → the token stream that body hashes are computed from
// (docs/hash.md). Whitespace and comments drop out, so reformatting keeps a
// hash; every token's text stays, so any code change alters it. Both engines
// tokenize the same source ranges with js-tokens, hence identical hashes.
import jsTokens from 'js-tokens';

/** Stands for a line break where one changes meaning (automatic semicolon insertion). */
export const NEWLINE = '\n';

/**
 * Tokens after which a line break ends the statement (ECMA-262 restricted
 * productions, `async`/`get`/`set`/`static` modifiers, `let` declarations):
 * `return\nx` and `return x` differ, so the break is kept as a token there.
 */
const BREAK_AFTER = new Set(['return', 'throw', 'break', 'continue', 'yield', 'async', 'await', 'get', 'set', 'static', 'let']);
/** Tokens before which a line break matters: `a\n++b` is `a; ++b`, not `a++; b`. */
const BREAK_BEFORE = new Set(['++', '--']);

/** Files whose `<` in expression position starts JSX (.ts files use `<T>x` casts instead). */
export const jsxFor = (filename: string): boolean => !/\.[cm]?ts$/i.test(filename);

/**
 * JSX text as React sees it: whitespace runs that contain a line break are
 * trimmed away, lines are joined with one space (Babel's cleanJSXElementLiteralChild).
 */
const jsxText = (text: string): string => {
  const lines = text.split(/\r\n|[\n\r\u2028\u2029]/);
  if (lines.length === 1) return text;
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (i > 0) line = line.replace(/^[ \t]+/, '');
    if (i < lines.length - 1) line = line.replace(/[ \t]+$/, '');
    if (line) out.push(line);
  });
  return out.join(' ');
};

const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** The significant tokens of `source.slice(start, end)`, in order. */
export const tokens = (source: string, start: number, end: number, jsx: boolean): string[] => {
  const out: string[] = [];
  let broke = false;
  for (const t of jsTokens(source.slice(start, end), { jsx }) as Iterable<{ type: string; value: string }>) {
    switch (t.type) {
      case 'WhiteSpace':
        continue;
      case 'LineTerminatorSequence':
        broke = true;
        continue;
      case 'MultiLineComment':
      case 'SingleLineComment':
      case 'HashbangComment':
        if (LINE_BREAK.test(t.value)) broke = true;
        continue;
      case 'JSXText': {
        const text = jsxText(t.value);
        if (text) out.push(text);
        broke = false;
        continue;
      }
    }
    if (broke && out.length && (BREAK_AFTER.has(out[out.length - 1]) || BREAK_BEFORE.has(t.value))) out.push(NEWLINE);
    broke = false;
    // Template and string-continuation text: a CRLF checkout hashes like an LF one (JavaScript reads CR LF in templates as LF).
    out.push(t.value.includes('\r') ? t.value.replace(/\r\n?/g, '\n') : t.value);
  }
  return out;
};

/**
 * Drops the leading directives listed in `drop` (exact string-literal source
 * text, e.g. `"use memo ttl=1m"`) and their semicolons from a body's tokens
 * (which start with `{`): the directive's options are hashed in normalized form instead.
 */
export const withoutDirectives = (body: string[], drop: ReadonlySet<string>): string[] => {
  const out = [body[0]];
  let i = 1;
  for (; i < body.length; i++) {
    const t = body[i];
    if (!/^["']/.test(t)) break;
    const next = body[i + 1];
    if (drop.has(t)) {
      if (next === ';') i++;
      continue;
    }
    out.push(t);
    if (next === ';') out.push(body[++i]);
  }
  return out.concat(body.slice(i));
};
