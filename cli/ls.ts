// `memokit ls [dir]`: every memo and singleton function of a project: id, kind,
// keyed parameters, captured variables, options, hash; with `--deps`, what each
// hash covers beyond its own file. Imports that do not resolve (hashed by their
// specifier, not followed) are always named. The project is read by project.ts;
// a file that fails is reported and the walk goes on (exit code 1 at the end).
import type { Engine } from '../engine/index.js';
import type { SiteInfo } from '../core/analyze/index.js';
import { formatDuration, formatSize } from '../core/directive.js';
import { analyzeProject } from './project.js';

const optionText = (o: SiteInfo['options']) => Object.entries(o).map(([k, v]) => `${k}=${k === 'ttl' || k === 'swr' ? formatDuration(v as number) : k === 'maxBytes' ? formatSize(v as number) : v}`).join(' ');

/** The lines `--deps` prints under a function: files, packages, built-ins, unresolved imports, unkeyed variables. */
function dependencyLines(s: SiteInfo): string[] {
  const d = s.dependencies;
  const rows: [string, string[]][] = [
    ['files', d.files],
    ['packages', d.packages],
    ['built-ins', d.builtins],
    ['unresolved', d.unresolved.map((u) => u + ' (hashed by specifier)')],
    ['unkeyed', d.unkeyed.map((u) => u + ' (written at run time, hashed by its declaration)')],
  ];
  const shown = rows.filter(([, v]) => v.length);
  return shown.length ? shown.map(([k, v]) => `    ${k.padEnd(11)}${v.join(', ')}`) : ['    (nothing outside its file)'];
}

export const lsCommand = (dir: string, o: { engine: Engine; root?: string; json: boolean; deps: boolean }): number => {
  const project = analyzeProject(dir, o);
  if (!project) return 1;
  const { files, sites, failed } = project;
  if (o.json) process.stdout.write(JSON.stringify(sites, null, 2) + '\n');
  else {
    const rows = [['ID', 'KIND', 'KEYS', 'CAPTURED', 'OPTIONS', 'HASH'], ...sites.map((s) => [s.id, s.kind, s.keys.join(',') || '-', s.captured.join(',') || '-', optionText(s.options) || '-', s.hash])];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    rows.forEach((r, i) => {
      process.stdout.write(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ') + '\n');
      if (o.deps && i > 0) process.stdout.write(dependencyLines(sites[i - 1]).join('\n') + '\n');
    });
    process.stdout.write(`${sites.length} function${sites.length === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}${failed ? `, ${failed} failed` : ''}\n`);
    const unresolved = sites.filter((s) => s.dependencies.unresolved.length);
    if (unresolved.length && !o.deps) {
      process.stdout.write('imports not followed (hashed by specifier; an edit behind them does not invalidate):\n');
      for (const s of unresolved) process.stdout.write(`    ${s.id}: ${s.dependencies.unresolved.join(', ')}\n`);
    }
  }
  return failed ? 1 : 0;
};
