// Hand-written compiled shells, exactly as docs/contract.md says the plugins
// emit them, so the runtime suites test the contract and not a shortcut.
import { memo, singleton, register } from 'memokit';

let n = 0;
/** A unique site id per call, so suites never share caches by accident. */
export const uid = (name = 'fn') => `test/${name}.js#${name}${++n}`;

/**
 * Compiles `body(...keyed)` into the contract shape:
 *   function f(...params) { return (_s ||= memo(desc)).call(this, [keyed...], () => body) }
 * `pick` maps the call's arguments (after defaults) to the keyed values.
 */
export const compile = (kind, desc, body, pick = (args) => args) => {
  let site;
  const make = kind === 'singleton' ? singleton : memo;
  const fn = function (...args) {
    return (site ||= make(desc)).call(this, pick(args), () => body.apply(this, args));
  };
  return register(fn, desc.id);
};

export const tick = () => new Promise((r) => setTimeout(r, 0));

/** Replaces Date.now for TTL tests; returns a restore function and a clock to move. */
export const fakeClock = (start = 1_000_000) => {
  const real = Date.now;
  const clock = { now: start, restore: () => (Date.now = real) };
  Date.now = () => clock.now;
  return clock;
};
