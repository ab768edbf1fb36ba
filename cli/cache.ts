// `memokit cache ls|stats|clear`: the entries a persistent store holds, per site, compared
// with the project's code as the compiler sees it now (project.ts): an entry is current
// when its site still exists with the hash it was written by, changed when the function
// was edited or removed since. Entries of ids outside the analyzed code (another package
// sharing the store) are listed but never called changed, so `clear --orphaned` leaves them.
// Only store methods are used (list, clear, delete), so the command removes nothing a
// store did not write.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { dirname, resolve } from 'node:path';
import { statSync } from 'node:fs';
import type { Engine } from '../engine/index.js';
import type { Store, StoredEntryInfo } from '../runtime/store.js';
import { fsStore, packageCacheDir } from '../stores/fs.js';
import { redisStore } from '../stores/redis.js';
import { lmdbStore } from '../stores/lmdb.js';
import { analyzeProject, type Project } from './project.js';

/** Deletes sent together by `clear --orphaned`. */
const DELETE_BATCH = 100;

export interface CacheOptions {
  engine: Engine;
  root?: string;
  /** `disk` (default), `lmdb`, or a `redis://` URL. */
  store?: string;
  /** The disk store's folder (fsStore's `dir`). */
  dir?: string;
  /** The folder whose sources say which entries are current. */
  project: string;
  json: boolean;
}

/** One site's entries as `cache ls` shows them; `oldest`/`newest` are `created` times (ms since the epoch). */
export interface SiteRow {
  site: string;
  entries: number;
  bytes: number;
  oldest: number;
  newest: number;
  /** Entries written by the site's current code. */
  current: number;
  /** Entries written by code that has changed since (or by a function no longer in the project). */
  changed: number;
  /** The project has a function of this id. */
  inProject: boolean;
  /** The id belongs to the analyzed code; false: another package's (neither current nor changed). */
  analyzed: boolean;
}

interface OpenStore {
  store: Store;
  /** How messages name it: `disk <folder>` or the URL (without its password). */
  name: string;
  close(): Promise<void>;
}

function openStore(o: CacheOptions): OpenStore {
  if (o.store !== undefined && o.store !== 'disk' && o.store !== 'lmdb') {
    const store = redisStore({ url: o.store, near: false });
    const url = new URL(o.store);
    if (url.password) url.password = '***';
    return { store, name: url.href.replace(/\/$/, ''), close: () => store.close() };
  }
  const project = resolve(o.project);
  const folder = isFolder(project) ? project : dirname(project);
  const dir = o.dir ?? (process.env.MEMOKIT_CACHE_DIR || packageCacheDir(folder));
  if (o.store === 'lmdb') {
    const store = lmdbStore({ dir });
    return { store, name: 'lmdb ' + store.folder, close: () => store.close() };
  }
  const store = fsStore({ dir });
  return { store, name: 'disk ' + store.folder, close: async () => {} };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Reports a store that failed; Redis errors that are not Redis's own replies mean it could not be reached. */
function reportStoreError(s: OpenStore, e: any) {
  const message = String(e?.message ?? e);
  if (e?.code === 'MK_MISSING_PEER') process.stderr.write(message + '\n');
  else if (s.name.startsWith('redis') && !/^[A-Z]{2,} /.test(message)) process.stderr.write(`memokit: cannot reach ${s.name} (${message})\n`);
  else process.stderr.write(`memokit: ${s.name}: ${message}\n`);
}

async function listAll(store: Store, site?: string): Promise<StoredEntryInfo[]> {
  if (!store.list) throw new Error('this store cannot list its entries (it has no list method)');
  const entries: StoredEntryInfo[] = [];
  for await (const e of store.list(site)) entries.push(e);
  return entries;
}

/** Whether an entry is current, changed, or of code outside the project. */
function statusOf(project: Project, hashes: Map<string, string>, e: StoredEntryInfo): 'current' | 'changed' | 'other' {
  const hash = hashes.get(e.key.site);
  if (hash !== undefined) return hash === e.key.hash ? 'current' : 'changed';
  return project.scopes.some((scope) => e.key.site.startsWith(scope)) ? 'changed' : 'other';
}

function hashesOf(project: Project): Map<string, string> {
  return new Map(project.sites.map((s) => [s.id, s.hash]));
}

function rowsOf(entries: StoredEntryInfo[], project: Project): SiteRow[] {
  const hashes = hashesOf(project);
  const rows = new Map<string, SiteRow>();
  for (const e of entries) {
    const site = e.key.site;
    let row = rows.get(site);
    if (!row) {
      const analyzed = hashes.has(site) || project.scopes.some((scope) => site.startsWith(scope));
      row = { site, entries: 0, bytes: 0, oldest: e.created, newest: e.created, current: 0, changed: 0, inProject: hashes.has(site), analyzed };
      rows.set(site, row);
    }
    row.entries++;
    row.bytes += e.bytes;
    row.oldest = Math.min(row.oldest, e.created);
    row.newest = Math.max(row.newest, e.created);
    const status = statusOf(project, hashes, e);
    if (status !== 'other') row[status]++;
  }
  return [...rows.values()].sort((a, b) => (a.site < b.site ? -1 : a.site > b.site ? 1 : 0));
}

/** Bytes as people read them: 512 B, 1.2 kB, 3.4 MB (powers of 1000). */
export function formatBytes(n: number): string {
  if (n < 1000) return n + ' B';
  const units = ['kB', 'MB', 'GB', 'TB'];
  let i = -1;
  while (n >= 1000 && i < units.length - 1) (n /= 1000), i++;
  return (n < 10 ? n.toFixed(1) : Math.round(n).toString()) + ' ' + units[i];
}

/** An age in its largest whole unit: 5s, 3m, 2h, 4d. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm';
  if (s < 86400) return Math.floor(s / 3600) + 'h';
  return Math.floor(s / 86400) + 'd';
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

function printTable(rows: string[][], right: Set<number>) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) {
    const cells = r.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])));
    process.stdout.write(cells.join('  ').trimEnd() + '\n');
  }
}

/** Lists the store (first: one that cannot be reached is the one message), analyzes the project and hands both to `then`. */
async function withEntries(o: CacheOptions, then: (entries: StoredEntryInfo[], project: Project, s: OpenStore) => number): Promise<number> {
  const s = openStore(o);
  let entries: StoredEntryInfo[];
  try {
    entries = await listAll(s.store);
  } catch (e) {
    reportStoreError(s, e);
    return 1;
  } finally {
    await s.close();
  }
  const project = analyzeProject(o.project, o);
  return project ? then(entries, project, s) : 1;
}

/** `memokit cache ls`: one row per site. */
export function cacheLsCommand(o: CacheOptions): Promise<number> {
  return withEntries(o, (entries, project, s) => {
    const rows = rowsOf(entries, project);
    if (o.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    else if (rows.length === 0) process.stdout.write(`no entries in ${s.name}\n`);
    else {
      const now = Date.now();
      const note = (r: SiteRow) => (!r.analyzed ? '(not analyzed: another package)' : r.inProject ? '' : '(not in project)');
      printTable([
        ['SITE', 'ENTRIES', 'BYTES', 'OLDEST', 'NEWEST', 'CURRENT', 'CHANGED', ''],
        ...rows.map((r) => [r.site, String(r.entries), formatBytes(r.bytes), formatAge(now - r.oldest), formatAge(now - r.newest), r.analyzed ? String(r.current) : '-', r.analyzed ? String(r.changed) : '-', note(r)]),
      ], new Set([1, 2, 5, 6]));
      const t = totals(rows);
      process.stdout.write(`${plural(t.entries, 'entry', 'entries')} of ${plural(t.sites, 'site')}, ${formatBytes(t.bytes)}: ${t.current} current, ${t.changed} changed${t.notAnalyzed ? `, ${t.notAnalyzed} not analyzed` : ''} (${s.name})\n`);
    }
    return project.failed ? 1 : 0;
  });
}

interface Totals { sites: number; entries: number; bytes: number; current: number; changed: number; notAnalyzed: number; oldest: number | null; newest: number | null }

function totals(rows: SiteRow[]): Totals {
  const sum = (f: (r: SiteRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  return {
    sites: rows.length,
    entries: sum((r) => r.entries),
    bytes: sum((r) => r.bytes),
    current: sum((r) => r.current),
    changed: sum((r) => r.changed),
    notAnalyzed: sum((r) => (r.analyzed ? 0 : r.entries)),
    oldest: rows.length ? Math.min(...rows.map((r) => r.oldest)) : null,
    newest: rows.length ? Math.max(...rows.map((r) => r.newest)) : null,
  };
}

/** `memokit cache stats`: totals of one store. */
export function cacheStatsCommand(o: CacheOptions): Promise<number> {
  return withEntries(o, (entries, project, s) => {
    const t = totals(rowsOf(entries, project));
    if (o.json) process.stdout.write(JSON.stringify({ store: s.name, ...t }, null, 2) + '\n');
    else {
      const now = Date.now();
      const lines = [
        ['store', s.name],
        ['sites', String(t.sites)],
        ['entries', `${t.entries} (${t.current} current, ${t.changed} changed${t.notAnalyzed ? `, ${t.notAnalyzed} not analyzed` : ''})`],
        ['bytes', formatBytes(t.bytes)],
        ['oldest', t.oldest === null ? '-' : formatAge(now - t.oldest)],
        ['newest', t.newest === null ? '-' : formatAge(now - t.newest)],
      ];
      for (const [k, v] of lines) process.stdout.write(k.padEnd(9) + v + '\n');
    }
    return project.failed ? 1 : 0;
  });
}

/**
 * `memokit cache clear [site] [--orphaned]`: every entry, one site's, or (`--orphaned`) those of
 * changed code. A site without entries that the project does not have either is most likely a
 * typo: exit code 1. `--orphaned` removes nothing when a file failed to compile (its functions'
 * entries would all look orphaned).
 */
export async function cacheClearCommand(site: string | undefined, o: CacheOptions & { orphaned: boolean }): Promise<number> {
  // The sources are read only when they decide something: which entries are orphaned, or whether a site without entries is a typo.
  let project: Project | undefined;
  if (o.orphaned) {
    project = analyzeProject(o.project, o);
    if (!project) return 1;
    if (project.failed) {
      process.stderr.write(`memokit: ${plural(project.failed, 'file')} could not be compiled, so which entries are current is unknown; nothing removed\n`);
      return 1;
    }
  }
  const s = openStore(o);
  try {
    const entries = await listAll(s.store, site);
    const where = site === undefined ? s.name : `${site} (${s.name})`;
    if (site !== undefined && entries.length === 0 && !o.orphaned) {
      project = analyzeProject(o.project, o);
      if (project?.sites.some((x) => x.id === site)) {
        process.stdout.write(`no entries for ${where}\n`);
        return 0;
      }
      process.stderr.write(`memokit: no entries for ${site} in ${s.name}, and the project has no function of that id (memokit ls lists them)\n`);
      return 1;
    }
    let removed: StoredEntryInfo[];
    if (project && o.orphaned) {
      const analyzed = project;
      const hashes = hashesOf(analyzed);
      const orphaned = entries.filter((e) => statusOf(analyzed, hashes, e) === 'changed');
      removed = [];
      // A batch at a time: one round trip per entry would make a large Redis slow to clean.
      for (let i = 0; i < orphaned.length; i += DELETE_BATCH) {
        const batch = orphaned.slice(i, i + DELETE_BATCH);
        (await Promise.all(batch.map((e) => s.store.delete(e.key)))).forEach((gone, j) => gone && removed.push(batch[j]));
      }
    } else {
      await s.store.clear(site);
      removed = entries;
    }
    const bytes = removed.reduce((n, e) => n + e.bytes, 0);
    process.stdout.write(`removed ${plural(removed.length, 'entry', 'entries')}${o.orphaned ? ' of changed code' : ''} (${formatBytes(bytes)}) from ${where}${o.orphaned ? `; ${entries.length - removed.length} kept` : ''}\n`);
    return 0;
  } catch (e) {
    reportStoreError(s, e);
    return 1;
  } finally {
    await s.close();
  }
}
