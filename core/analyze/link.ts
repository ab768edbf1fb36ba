// Linking: the last step of analysis, once the file's imports can be resolved.
// Each site's reached imports are followed into other files (core/imports);
// an import that names data there (a variable its module writes) is keyed by
// its value at call time, like data of the function's own file; everything
// else joins the hash. Sets each site's hash, captured values and dependencies.
import { bodyHash } from '../hash.js';
import { compileError, type CompileError } from '../diagnostics.js';
import { Follower, type ImportGraph } from '../imports/follow.js';
import type { Site } from './site.js';

/**
 * Links the sites of one file (`importer`: its absolute path). Returns false
 * when a resolution is still pending (an asynchronous resolver): call again
 * with the answers. Throws the first compile error.
 */
export function linkSites(sites: Site<unknown>[], importer: string, graph: ImportGraph, source: string, filename: string): boolean {
  const errors: CompileError[] = [];
  let complete = true;
  for (const site of sites) {
    const { link } = site;
    if (link.imports.length === 0 && link.loads.length === 0) {
      // Nothing to follow: what the site reaches is all in this file (the usual case in a file of many small sites).
      site.captured = [...link.captured];
      site.values = [...link.keyValues, ...site.captured];
      site.hash = bodyHash({ ...link.hash, linked: [] });
      site.dependencies = { files: [], packages: [], builtins: [], unresolved: [], unkeyed: [] };
      site.watch = [];
      continue;
    }
    const f = new Follower(graph);
    const captured = new Set(link.captured);
    for (const imp of link.imports) {
      const target = f.target(importer, imp.source, imp.imported);
      if (target && !target.node.code) {
        f.watch(target.path);
        if (imp.name.startsWith('_')) continue;
        if (!imp.visible) errors.push(compileError('MK_SHADOWED_CAPTURE', { name: imp.name, via: imp.via ?? '' }, source, filename, link.at.start, link.at.end));
        else captured.add(imp.name);
        continue;
      }
      f.import(importer, imp.source, imp.imported, 'import', true);
    }
    for (const l of link.loads) f.import(importer, l, '*', 'import', true);
    if (f.pending) {
      complete = false;
      continue;
    }
    site.captured = [...captured].sort();
    site.values = [...link.keyValues, ...site.captured];
    site.hash = bodyHash({ ...link.hash, linked: [...f.units] });
    site.dependencies = f.dependencies();
    site.watch = [...f.paths].sort();
  }
  if (errors.length) {
    errors.sort((x, y) => x.pos - y.pos);
    errors[0].errors = errors;
    throw errors[0];
  }
  return complete;
}
