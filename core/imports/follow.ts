// Following imports (docs/hash.md "Imports"): from the imports a cached
// function reaches, into the files they resolve to, through re-exports and
// `export *`, across any number of files and cycle-safe. What is reached there
// joins the function's hash as units named by file; installed packages join as
// name and version, built-ins by name, what does not resolve by its specifier.
import type { ImportMode, Resolution } from './resolve.js';
import type { ModuleSummary, SummaryNode } from './summary.js';

/** What following needs: a resolver and the files' summaries, both of one compile. */
export interface ImportGraph {
  /** Where `specifier` of `importer` leads; undefined while an asynchronous resolver has not answered yet. */
  resolve(specifier: string, importer: string, mode: ImportMode): Resolution | undefined;
  /** A project file's summary; a file that is not a script (or does not parse) by its content digest; null when it cannot be read. */
  module(path: string): { summary: ModuleSummary } | { digest: string } | null;
  /** How a file is named in hashes and listings: its module path (core/ids.ts). */
  fileId(path: string): string;
}

/** What a function's hash covers beyond its own file (`memokit ls --deps`). */
export interface Dependencies {
  /** Module paths of the files followed. */
  files: string[];
  /** `name@version` of the installed packages reached. */
  packages: string[];
  builtins: string[];
  /** Imports that did not resolve, as `specifier` (in the function's file) or `specifier (in file)`: hashed by specifier. */
  unresolved: string[];
  /** Module variables of other files that are written at run time but that the function cannot read to key by: hashed by their declaration only. */
  unkeyed: string[];
}

const sorted = (s: Set<string>) => [...s].sort();

/** A node's unit text per module id: every site of a compile (and every compile of a dev server) reaching it shares one. */
const unitTexts = new WeakMap<SummaryNode, Map<string, string>>();
function unitText(n: SummaryNode, id: string): string {
  let m = unitTexts.get(n);
  if (!m) unitTexts.set(n, (m = new Map()));
  let t = m.get(id);
  if (t === undefined) m.set(id, (t = JSON.stringify(['file', id, n.scope, n.name, n.kind, n.tokens])));
  return t;
}

/** One function's walk through the import graph. */
export class Follower {
  /** Unit texts to join the hash. */
  readonly units = new Set<string>();
  /** Absolute paths of every file read (a rebuild must watch them). */
  readonly paths = new Set<string>();
  /** Some resolution is not answered yet: call again once it is. */
  pending = false;
  private readonly files = new Set<string>();
  private readonly packages = new Set<string>();
  private readonly builtins = new Set<string>();
  private readonly unresolved = new Set<string>();
  private readonly unkeyed = new Set<string>();
  private readonly seen = new Set<string>();

  constructor(private readonly graph: ImportGraph) {}

  private unit(parts: unknown[]): void {
    this.units.add(JSON.stringify(parts));
  }

  private once(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  private summaryOf(path: string): { id: string; summary: ModuleSummary | null } {
    const id = this.graph.fileId(path);
    this.paths.add(path);
    this.files.add(id);
    const m = this.graph.module(path);
    if (m === null) this.unit(['unreadable', id]);
    else if ('digest' in m) this.unit(['content', id, m.digest]);
    return { id, summary: m && 'summary' in m ? m.summary : null };
  }

  /** `imported` (`default`, a name, `*`, `=`) of `source`, as `importer` imports it. `own`: the import is the function's file's own, already a unit. */
  import(importer: string, source: string, imported: string, mode: ImportMode, own = false): void {
    const r = this.graph.resolve(source, importer, mode);
    if (r === undefined) return void (this.pending = true);
    switch (r.kind) {
      case 'builtin':
        this.builtins.add(r.name);
        return this.unit(['builtin', r.name, imported]);
      case 'package':
        this.packages.add(r.name + '@' + r.version);
        return this.unit(['package', r.name, r.version, imported]);
      case 'unresolved':
        if (own) return void this.unresolved.add(source);
        this.unresolved.add(`${source} (in ${this.graph.fileId(importer)})`);
        return this.unit(['unresolved', this.graph.fileId(importer), source, imported]);
      case 'file':
        return this.export(r.path, imported);
    }
  }

  /** An exported name of a file, followed to its declaration; `*` is every export (a namespace import). */
  private export(path: string, name: string): void {
    if (!this.once(path + '\0' + name)) return;
    const { id, summary: s } = this.summaryOf(path);
    if (!s) return;
    if (s.whole) {
      if (!this.once(path + '\0whole')) return;
      this.unit(['whole', id, s.whole.tokens]);
      for (const l of s.whole.loads) this.import(path, l, '*', 'require');
      return;
    }
    if (name === '*' || (name === '=' && !s.exports.has('='))) {
      for (const n of s.exports.keys()) this.export(path, n);
      for (const star of s.stars) this.import(path, star, '*', 'import');
      return;
    }
    const t = s.exports.get(name);
    if (t) return 'node' in t ? this.node(path, id, s, t.node) : this.import(path, t.source, t.imported, 'import');
    if (name !== 'default') {
      // `export *` never re-exports `default`; the first star module that has the name provides it.
      let external = false;
      for (const star of s.stars) {
        const r = this.graph.resolve(star, path, 'import');
        if (r === undefined) return void (this.pending = true);
        if (r.kind !== 'file') (external = true), this.import(path, star, name, 'import');
        else if (this.provides(r.path, name, new Set())) return this.export(r.path, name);
      }
      if (external) return;
    }
    this.unit(['missing', id, name]);
  }

  /** May the file export `name` (directly, through its stars, or as CommonJS)? */
  private provides(path: string, name: string, visiting: Set<string>): boolean {
    if (visiting.has(path)) return false;
    visiting.add(path);
    const m = this.graph.module(path);
    const s = m && 'summary' in m ? m.summary : null;
    if (!s) return false;
    if (s.whole || s.exports.has(name)) return true;
    return s.stars.some((star) => {
      const r = this.graph.resolve(star, path, 'import');
      return r === undefined || r.kind !== 'file' || this.provides(r.path, name, visiting);
    });
  }

  private node(path: string, id: string, s: ModuleSummary, key: string): void {
    if (!this.once(path + '\0:' + key)) return;
    const n = s.nodes.get(key)!;
    if (n.kind === 'import') return this.import(path, n.source!, n.imported!, 'import');
    this.units.add(unitText(n, id));
    if (!n.code) this.unkeyed.add(id + '#' + n.name);
    for (const r of n.refs) this.node(path, id, s, r);
    for (const l of n.loads) this.import(path, l, '*', 'import');
  }

  /** The declaration an import finally names (through re-exports), or null (a package, a namespace, a CommonJS module, not found). */
  target(importer: string, source: string, imported: string, depth = 0): { path: string; node: SummaryNode } | null {
    if (depth > 64 || imported === '*') return null;
    const r = this.graph.resolve(source, importer, 'import');
    if (r === undefined) return (this.pending = true), null;
    if (r.kind !== 'file') return null;
    const m = this.graph.module(r.path);
    const s = m && 'summary' in m ? m.summary : null;
    if (!s || s.whole) return null;
    const t = s.exports.get(imported);
    if (t && 'node' in t) {
      const n = s.nodes.get(t.node)!;
      return n.kind === 'import' ? this.target(r.path, n.source!, n.imported!, depth + 1) : { path: r.path, node: n };
    }
    if (t) return this.target(r.path, t.source, t.imported, depth + 1);
    if (imported === 'default') return null;
    for (const star of s.stars) {
      const sr = this.graph.resolve(star, r.path, 'import');
      if (sr?.kind === 'file' && this.provides(sr.path, imported, new Set())) return this.target(r.path, star, imported, depth + 1);
    }
    return null;
  }

  /** The file was read for a decision: a rebuild must watch it. */
  watch(path: string): void {
    this.paths.add(path);
    this.files.add(this.graph.fileId(path));
  }

  dependencies(): Dependencies {
    return { files: sorted(this.files), packages: sorted(this.packages), builtins: sorted(this.builtins), unresolved: sorted(this.unresolved), unkeyed: sorted(this.unkeyed) };
  }
}
