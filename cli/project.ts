// A project's memo and singleton functions as the compiler sees them, for the
// commands that list them (`memokit ls`) or compare stored entries with them
// (`memokit cache`): the folder is walked (skipping node_modules, dist and hidden
// folders) and every source file analyzed; a file that fails is reported and the
// walk goes on.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeModule, type Engine } from '../engine/index.js';
import { isSourceFile } from '../core/files.js';
import { resolveOptions } from '../core/options.js';
import { moduleId } from '../core/ids.js';
import { FileView } from '../core/imports/files.js';
import type { SiteInfo } from '../core/analyze/index.js';
import { reportFileError } from './report.js';

/** Folders that hold dependencies, build output or tool state, not the project's sources. */
const SKIP = new Set(['node_modules', 'dist', 'build', 'coverage']);

export interface Project {
  /** The source files analyzed. */
  files: string[];
  sites: SiteInfo[];
  /** Files that could not be read or compiled (each reported on stderr). */
  failed: number;
  /**
   * Beginnings of the ids the project's functions have or would have: the folder's
   * (`<package>/<path>/`, or `<package>/<path>#` for a single file) and each file's module id
   * followed by `#`. An id that begins with none of them belongs to code that was not analyzed.
   */
  scopes: string[];
}

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || SKIP.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (isSourceFile(name)) out.push(p);
  }
  return out;
}

/** Analyzes every source file of `dir` (or the file `dir`); undefined when `dir` cannot be read (reported). */
export function analyzeProject(dir: string, o: { engine: Engine; root?: string }): Project | undefined {
  let files: string[];
  let folder: boolean;
  try {
    folder = statSync(dir).isDirectory();
    files = folder ? walk(resolve(dir), []) : [resolve(dir)];
  } catch (e) {
    reportFileError(dir, e);
    return undefined;
  }
  const options = resolveOptions(o.root === undefined ? {} : { root: o.root });
  const sites: SiteInfo[] = [];
  let failed = 0;
  for (const file of files) {
    try {
      sites.push(...analyzeModule(o.engine, readFileSync(file, 'utf8'), file, options));
    } catch (e) {
      reportFileError(file, e);
      failed++;
    }
  }
  const view = new FileView();
  // A file name stands in for the folder's contents: its module id, less the name, is the folder's prefix.
  const folderScope = folder ? moduleId(join(resolve(dir), '_'), options, view).slice(0, -1) : moduleId(resolve(dir), options, view) + '#';
  const scopes = [...new Set([folderScope, ...files.map((f) => moduleId(f, options, view) + '#')])];
  return { files, sites, failed, scopes };
}
