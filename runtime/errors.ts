// Runtime error catalogue: one stable code per failure, each message names the
// function (site id), the offending parameter or value, and the way out.

/** Error thrown by the memokit runtime; `code` is stable across versions. */
export class MemokitError extends Error {
  code: string;
  constructor(code: string, message: string) {
    super('memokit ' + code + ': ' + message);
    this.name = 'MemokitError';
    this.code = code;
  }
}

/** Argument (or captured value) cannot be part of a cache key. */
export const UNHASHABLE = 'MK_UNHASHABLE';
/** A memo return value cannot be copied faithfully. */
export const UNCLONEABLE = 'MK_UNCLONEABLE';
/** Invalid runtime option or configuration. */
export const BAD_OPTION = 'MK_BAD_OPTION';
/** clear/invalidate/stats given a function that was not compiled by memokit. */
export const NOT_CACHED = 'MK_NOT_CACHED';
/** A scope=request function called outside withRequestScope(), or after its scope ended. */
export const NO_REQUEST_SCOPE = 'MK_NO_REQUEST_SCOPE';
/** A scope=request function called while a function that is not request-scoped computes: request data would be shared. */
export const REQUEST_SCOPE_LEAK = 'MK_REQUEST_SCOPE_LEAK';
/** tag() called where no "use memo" body is computing. */
export const NOT_COMPUTING = 'MK_NOT_COMPUTING';

export const fail = (code: string, message: string): never => {
  throw new MemokitError(code, message);
};

/** Human name of a value's type for messages: `Pool (class instance)`, `function`, `symbol`. */
export const typeName = (v: unknown): string => {
  if (v === null) return 'null';
  if (typeof v === 'object') {
    const c = (v as { constructor?: { name?: string } }).constructor;
    return c && c.name ? c.name : 'object';
  }
  return typeof v;
};
