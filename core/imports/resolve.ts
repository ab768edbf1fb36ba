// Where an import leads, the way Node and TypeScript find it (docs/hash.md
// "Imports"): built-ins by name; relative, absolute and `file:` specifiers to a
// file (exact, then TypeScript's `.js`→`.ts` twins, then added extensions, then
// a folder's `package.json` main or `index`); `#name` through the nearest
// package.json's `imports`; a bare name to the package itself (its `exports`),
// to a workspace package linked into node_modules (followed as local files), or
// to an installed package (named by its version). Bundlers answer with their
// own resolver instead (bundlers/resolve.ts).
import { isBuiltin } from 'node:module';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as maps from 'resolve.exports';
import { typescriptTwins } from '../files.js';
import { FileView, inNodeModules, installedPackageDir, type PackageJson } from './files.js';

export type Resolution =
  /** A file of the project (real path): followed. */
  | { kind: 'file'; path: string }
  /** An installed package: named by its version. */
  | { kind: 'package'; name: string; version: string }
  | { kind: 'builtin'; name: string }
  | { kind: 'unresolved' };

/** How the import is written: `import`/`import()` or `require()` (the `exports` conditions differ). */
export type ImportMode = 'import' | 'require';

/** Extensions tried after a specifier without one, in TypeScript's order, then JavaScript's and JSON. */
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];

const UNRESOLVED: Resolution = { kind: 'unresolved' };

/** The file a path names: itself, a TypeScript twin, with an extension, or the folder's entry. */
function fileAt(fs: FileView, base: string): string | null {
  if (fs.isFile(base)) return base;
  for (const twin of typescriptTwins(base)) if (fs.isFile(twin)) return twin;
  for (const ext of EXTENSIONS) if (fs.isFile(base + ext)) return base + ext;
  if (!fs.isDir(base)) return null;
  const main = fs.packageAt(base)?.json.main;
  if (typeof main === 'string' && main) {
    const m = fileAt(fs, join(base, main));
    if (m) return m;
  }
  for (const ext of EXTENSIONS) if (fs.isFile(join(base, 'index' + ext))) return join(base, 'index' + ext);
  return null;
}

/** A found path: a project file, or (inside node_modules) the package that ships it. */
function found(fs: FileView, path: string | null): Resolution {
  if (path === null) return UNRESOLVED;
  const real = fs.realpath(path);
  if (!inNodeModules(real)) return { kind: 'file', path: real };
  const dir = installedPackageDir(real);
  const pkg = dir ? fs.packageAt(dir) : null;
  return pkg?.name ? { kind: 'package', name: pkg.name, version: pkg.version ?? '' } : UNRESOLVED;
}

/** A path another resolver answered with: a project file, or the installed package that ships it. */
export function resolvedPath(fs: FileView, path: string): Resolution {
  return found(fs, isAbsolute(path) && fs.isFile(path) ? path : null);
}

/** A package's entry for `specifier` (`name` or `name/sub`), through `exports`, else `main` or the path itself. */
function entryOf(fs: FileView, pkg: PackageJson, specifier: string, sub: string, mode: ImportMode): string | null {
  if (pkg.json.exports !== undefined) {
    let targets: string[] | void;
    try {
      targets = maps.exports(pkg.json, specifier, { require: mode === 'require' });
    } catch {
      return null; // not exported: Node refuses it too
    }
    for (const t of targets ?? []) {
      const f = fileAt(fs, join(pkg.dir, t));
      if (f) return f;
    }
    return null;
  }
  return fileAt(fs, join(pkg.dir, sub || '.'));
}

/** `name` and the rest of a bare specifier: `a/b` → `a`, `b`; `@s/a/b` → `@s/a`, `b`. */
function splitBare(specifier: string): { name: string; sub: string } {
  const parts = specifier.split('/');
  const n = specifier.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, n).join('/'), sub: parts.slice(n).join('/') };
}

function resolveBare(fs: FileView, specifier: string, importer: string, mode: ImportMode): Resolution {
  const { name, sub } = splitBare(specifier);
  // A package importing itself by name goes through its own `exports`.
  const own = fs.namedPackage(dirname(importer));
  if (own && own.name === name && own.json.exports !== undefined) return found(fs, entryOf(fs, own, specifier, sub, mode));
  for (let dir = dirname(importer); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (fs.isDir(candidate)) {
      const real = fs.realpath(candidate);
      if (inNodeModules(real)) {
        const pkg = fs.packageAt(candidate);
        return pkg ? { kind: 'package', name: pkg.name ?? name, version: pkg.version ?? '' } : UNRESOLVED;
      }
      // A workspace package linked into node_modules: its files are the project's.
      const pkg = fs.packageAt(real);
      return found(fs, pkg ? entryOf(fs, pkg, specifier, sub, mode) : fileAt(fs, join(real, sub || '.')));
    }
    if (dirname(dir) === dir) return UNRESOLVED;
  }
}

/** Resolves one import of `importer` (an absolute path). */
export function resolveImport(fs: FileView, specifier: string, importer: string, mode: ImportMode): Resolution {
  if (isBuiltin(specifier)) return { kind: 'builtin', name: specifier.replace(/^node:/, '') };
  if (specifier.startsWith('file:')) {
    try {
      return found(fs, fileAt(fs, fileURLToPath(specifier)));
    } catch {
      return UNRESOLVED;
    }
  }
  if (/^\.\.?(\/|$)/.test(specifier) || isAbsolute(specifier)) return found(fs, fileAt(fs, resolvePath(dirname(importer), specifier)));
  if (specifier.startsWith('#')) {
    const pkg = fs.nearestPackage(dirname(importer));
    if (!pkg || pkg.json.imports === undefined) return UNRESOLVED;
    let targets: string[] | void;
    try {
      targets = maps.imports(pkg.json, specifier, { require: mode === 'require' });
    } catch {
      return UNRESOLVED;
    }
    const target = targets?.[0];
    if (!target) return UNRESOLVED;
    return target.startsWith('.') ? found(fs, fileAt(fs, join(pkg.dir, target))) : resolveBare(fs, target, importer, mode);
  }
  if (/^[a-z]+:/i.test(specifier) || specifier === '') return UNRESOLVED; // data:, http:, virtual modules
  return resolveBare(fs, specifier, importer, mode);
}
