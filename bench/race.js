// Shared by the benchmarks: interleaved best-of-rounds timing and aligned output.

/** Best-of-rounds nanoseconds per operation; rounds interleave candidates so noise hits all alike. */
export const race = (candidates, { ops, rounds = 7 }) => {
  const best = Object.fromEntries(Object.keys(candidates).map((k) => [k, Infinity]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, run] of Object.entries(candidates)) {
      const t = process.hrtime.bigint();
      run();
      const ns = Number(process.hrtime.bigint() - t) / ops;
      if (ns < best[name]) best[name] = ns;
    }
  }
  return best;
};

export const print = (title, best, anchor) => {
  console.log(`\n${title}`);
  for (const [name, ns] of Object.entries(best)) {
    console.log(`  ${name.padEnd(34)} ${ns.toFixed(1).padStart(10)} ns/op   ${(ns / best[anchor]).toFixed(2)}x ${anchor}`);
  }
};

/** race() for async operations: `run` is awaited; best-of-rounds nanoseconds per operation. */
export const raceAsync = async (candidates, { ops, rounds = 7 }) => {
  const best = Object.fromEntries(Object.keys(candidates).map((k) => [k, Infinity]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, run] of Object.entries(candidates)) {
      const t = process.hrtime.bigint();
      await run();
      const ns = Number(process.hrtime.bigint() - t) / ops;
      if (ns < best[name]) best[name] = ns;
    }
  }
  return best;
};

/** The hand-written anchor: a Map keyed by a template string of the two arguments, filled on a miss. */
export const templateMap = (compute) => {
  const map = new Map();
  const byMap = (a, b) => {
    const k = `${a}|${b}`;
    let v = map.get(k);
    if (v === undefined) map.set(k, (v = compute(a, b)));
    return v;
  };
  return { map, byMap };
};
