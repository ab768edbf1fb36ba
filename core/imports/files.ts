// The file system as one compile sees it: every question (is this a file, what
// does this package.json say, where does this symlink lead) is asked once per
// compile and answered the same way for the rest of it, so a compile reads a
// consistent tree. A new compile asks again: an edit, a new file or a changed
// `version` between two compiles is seen by the second.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

export interface PackageJson {
  /** The folder that holds it. */
  dir: string;
  name: string | null;
  version: string | null;
  json: Record<string, unknown>;
}

export class FileView {
  private readonly stats = new Map<string, 'file' | 'dir' | null>();
  private readonly packages = new Map<string, PackageJson | null>();
  private readonly nearest = new Map<string, PackageJson | null>();
  private readonly real = new Map<string, string>();
  private readonly texts = new Map<string, string | null>();

  private stat(path: string): 'file' | 'dir' | null {
    let s = this.stats.get(path);
    if (s === undefined) {
      const st = statSync(path, { throwIfNoEntry: false });
      s = st?.isFile() ? 'file' : st?.isDirectory() ? 'dir' : null;
      this.stats.set(path, s);
    }
    return s;
  }

  isFile(path: string): boolean {
    return this.stat(path) === 'file';
  }

  isDir(path: string): boolean {
    return this.stat(path) === 'dir';
  }

  /** The file's text, or null when it cannot be read. */
  read(path: string): string | null {
    let t = this.texts.get(path);
    if (t === undefined) {
      try {
        t = readFileSync(path, 'utf8');
      } catch {
        t = null;
      }
      this.texts.set(path, t);
    }
    return t;
  }

  /** The file's bytes (files that are not scripts are hashed by content), or null. */
  bytes(path: string): Buffer | null {
    try {
      return readFileSync(path);
    } catch {
      return null;
    }
  }

  realpath(path: string): string {
    let r = this.real.get(path);
    if (r === undefined) {
      try {
        r = realpathSync(path);
      } catch {
        r = path;
      }
      this.real.set(path, r);
    }
    return r;
  }

  /** The package.json in `dir` itself, or null (also when it is not valid JSON). */
  packageAt(dir: string): PackageJson | null {
    let p = this.packages.get(dir);
    if (p === undefined) {
      p = null;
      const text = this.isFile(join(dir, 'package.json')) ? this.read(join(dir, 'package.json')) : null;
      if (text !== null) {
        try {
          const json = JSON.parse(text);
          if (json && typeof json === 'object') {
            p = { dir, name: typeof json.name === 'string' && json.name ? json.name : null, version: typeof json.version === 'string' ? json.version : null, json };
          }
        } catch {
          // not a package.json a tool would read either
        }
      }
      this.packages.set(dir, p);
    }
    return p;
  }

  /** The nearest package.json at or above `dir`. */
  nearestPackage(dir: string): PackageJson | null {
    let p = this.nearest.get(dir);
    if (p === undefined) {
      const up = dirname(dir);
      p = this.packageAt(dir) ?? (up === dir ? null : this.nearestPackage(up));
      this.nearest.set(dir, p);
    }
    return p;
  }

  /** The nearest package.json at or above `dir` that has a `name` (nested ones such as `{"type":"module"}` name no package). */
  namedPackage(dir: string): PackageJson | null {
    for (let p = this.nearestPackage(dir); p; p = this.nearestPackage(dirname(p.dir))) {
      if (p.name !== null) return p;
      if (dirname(p.dir) === p.dir) break;
    }
    return null;
  }
}

/** Is the path inside a `node_modules` folder: a dependency, not a file of the project? */
export function inNodeModules(path: string): boolean {
  return path.split(sep).includes('node_modules');
}

/** The folder of the installed package that holds `path` (`…/node_modules/name` or `…/node_modules/@scope/name`), or null. */
export function installedPackageDir(path: string): string | null {
  const parts = path.split(sep);
  const i = parts.lastIndexOf('node_modules');
  if (i < 0 || i + 1 >= parts.length) return null;
  const end = parts[i + 1].startsWith('@') ? i + 3 : i + 2;
  if (end > parts.length) return null;
  return parts.slice(0, end).join(sep) || sep;
}
