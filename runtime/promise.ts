// The two promise helpers every call path uses.

export const isThenable = (value: any): value is PromiseLike<unknown> =>
  value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function';

/** `value` as a promise, then `onValue` / `onError`. */
export const settle = (value: unknown, onValue?: ((v: any) => unknown) | null, onError?: (e: any) => unknown): Promise<any> =>
  Promise.resolve(value).then(onValue, onError);
