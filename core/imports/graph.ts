// The import graph of one compile: a resolver and the summaries of the files
// it leads to. Files are read once per compile; a file's summary is built once
// per content per process (keyed by a digest of the text), so a dev server or a
// watch build re-analyzes only what changed.
import { createHash } from 'node:crypto';
import { fileKind, isSourceFile } from '../files.js';
import type { Adapter } from '../analyze/contract.js';
import type { ResolvedOptions } from '../options.js';
import { moduleId } from '../ids.js';
import { FileView, inNodeModules } from './files.js';
import { resolveImport, resolvedPath, type ImportMode, type Resolution } from './resolve.js';
import { summarize, type ModuleSummary } from './summary.js';
import type { ImportGraph } from './follow.js';

/** How an engine reads a file that other files import: its facts, no function collected. Throws on syntax errors. */
export interface ModuleReader {
  engine: string;
  facts(code: string, filename: string): Adapter<unknown>;
}

/**
 * Another resolver's answer (a bundler's): the path it found, false (it does not resolve), null (resolve
 * as memokit does), or undefined (not known yet: the graph reports it pending; link again once answered).
 */
export type ResolveHook = (specifier: string, importer: string, mode: ImportMode) => string | false | null | undefined;

/** Summaries by engine and content digest; bounded, oldest dropped first. */
const summaries = new Map<string, ModuleSummary | Error>();
const SUMMARY_LIMIT = 4096;

const digestOf = (text: string | Uint8Array) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/** Drops every summary (benchmarks measure a first compile with it). */
export function forgetSummaries(): void {
  summaries.clear();
}

function summaryOf(reader: ModuleReader, code: string, path: string): ModuleSummary | Error {
  const kind = fileKind(path);
  const key = reader.engine + '\0' + (kind.typescript ? 't' : '') + (kind.jsx ? 'x' : '') + '\0' + digestOf(code);
  let s = summaries.get(key);
  if (s === undefined) {
    try {
      s = summarize(reader.facts(code, path), kind.jsx);
    } catch (e) {
      s = e instanceof Error ? e : new Error(String(e));
    }
    if (summaries.size >= SUMMARY_LIMIT) summaries.delete(summaries.keys().next().value!);
    summaries.set(key, s);
  }
  return s;
}

export interface CompileGraph extends ImportGraph {
  readonly files: FileView;
}

export function createGraph(reader: ModuleReader, o: ResolvedOptions, files = new FileView(), hook?: ResolveHook): CompileGraph {
  const answers = new Map<string, Resolution | undefined>();
  const ids = new Map<string, string>();
  return {
    files,
    resolve(specifier, importer, mode) {
      const key = mode + '\0' + importer + '\0' + specifier;
      if (answers.has(key)) return answers.get(key);
      let answer: string | false | null | undefined = null;
      if (hook) {
        answer = hook(specifier, importer, mode);
        if (answer === undefined) return undefined;
      }
      if (answer === null && o.resolveImport) answer = o.resolveImport(specifier, importer) ?? null;
      let r: Resolution;
      if (answer === false) r = { kind: 'unresolved' };
      // A project file as the other resolver found it (aliases included); an installed package is named by its version, which its specifier finds.
      else if (typeof answer === 'string' && !inNodeModules(answer)) r = resolvedPath(files, answer);
      else {
        r = resolveImport(files, specifier, importer, mode);
        if (r.kind === 'unresolved' && typeof answer === 'string') r = resolvedPath(files, answer);
      }
      answers.set(key, r);
      return r;
    },
    module(path) {
      if (!isSourceFile(path)) {
        const bytes = files.bytes(path);
        return bytes === null ? null : { digest: digestOf(bytes) };
      }
      const code = files.read(path);
      if (code === null) return null;
      const s = summaryOf(reader, code, path);
      return s instanceof Error ? { digest: digestOf(code) } : { summary: s };
    },
    fileId(path) {
      let id = ids.get(path);
      if (id === undefined) ids.set(path, (id = moduleId(path, o, files)));
      return id;
    },
  };
}
