// Minimal declarations for Babel helpers without published types; the
// plugin works on Babel 7 and 8 ASTs, so paths and nodes stay untyped.
declare module '@babel/helper-plugin-utils' {
  export function declare<O, R>(builder: (api: any, options: O, dirname: string) => R): (api: any, options: O, dirname: string) => R;
}
declare module '@babel/helper-module-imports' {
  export function addNamespace(path: any, source: string, opts?: { nameHint?: string; importedInterop?: string }): any;
  export function addNamed(path: any, name: string, source: string, opts?: { nameHint?: string; importedInterop?: string; importPosition?: string }): any;
}
