// Store benchmarks (issue #6): a persistent hit next to the raw read it is made of.
// Target: disk hit on a 10 MB value <= 1.3x readFile + v8.deserialize.
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { serialize, deserialize } from 'node:v8';
import { memo, register, configure } from 'memokit';
import { fsStore } from 'memokit/fs';
import { race, raceAsync, print } from './race.js';

let sink = 0;
const dir = await mkdtemp(join(tmpdir(), 'memokit-bench-'));
configure({ stores: { disk: fsStore({ dir }) } });

/** About 10 MB serialized: report rows, as a data script would cache them. */
const value = { rows: Array.from({ length: 175_000 }, (_, i) => ({ id: i, region: 'eu-' + (i % 7), total: i * 1.5, day: '2026-11-' + (1 + (i % 28)) })) };
const raw = join(dir, 'raw.bin');
await writeFile(raw, serialize(value));
const mb = (serialize(value).length / 1e6).toFixed(1);

// Exactly what the plugins emit for: async function report(n) { "use memo persist=disk"; … }
let s1, s2;
async function report(n) {
  return (s1 ||= memo({ id: 'bench.js#report', hash: 'h', keys: ['n'], persist: 'disk', async: true })).call(void 0, [n], async () => value);
}
function reportSync(n) {
  return (s2 ||= memo({ id: 'bench.js#reportSync', hash: 'h', keys: ['n'], persist: 'disk' })).call(void 0, [n], () => value);
}
register(report, 'bench.js#report');
register(reportSync, 'bench.js#reportSync');
await report(1);
reportSync(1);

{
  const N = 10;
  const loop = (f) => async () => { for (let i = 0; i < N; i++) sink += (await f()).rows.length; };
  const best = await raceAsync({
    'readFile + v8.deserialize': loop(async () => deserialize(await readFile(raw))),
    'memokit persist=disk hit (async)': loop(() => report(1)),
  }, { ops: N, rounds: 5 });
  print(`disk hit, ${mb} MB value, async`, best, 'readFile + v8.deserialize');
}
{
  const N = 10;
  const loop = (f) => () => { for (let i = 0; i < N; i++) sink += f().rows.length; };
  const best = race({
    'readFileSync + v8.deserialize': loop(() => deserialize(readFileSync(raw))),
    'memokit persist=disk hit (sync)': loop(() => reportSync(1)),
  }, { ops: N, rounds: 5 });
  print(`disk hit, ${mb} MB value, sync`, best, 'readFileSync + v8.deserialize');
}

await rm(dir, { recursive: true, force: true });
if (sink === 0) console.log('(sink)');
