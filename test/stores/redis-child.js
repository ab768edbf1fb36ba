// A separate Node process on the Redis store, for redis.test.js. argv: url, mode,
// site id, start time (ms since the epoch). Prints one JSON line.
import { configure } from 'memokit';
import { redisStore } from 'memokit/redis';
import Redis from 'ioredis';
import { compile } from '../helpers/compiled.js';

const [url, mode, id, startAt] = process.argv.slice(2);
// Connected before the start line, so that no first connection (slow on a loaded
// machine) runs into a command deadline while the processes race.
const client = new Redis(url);
const counter = new Redis(url);
await Promise.all([client, counter].map((c) => new Promise((ready) => c.once('ready', ready))));
const store = redisStore({ client });
configure({ stores: { redis: store } });
let ran = false;
const f = compile('memo', { id, hash: 'h1', keys: ['n'], persist: 'redis', async: true }, async (n) => {
  ran = true;
  await counter.incr('test:runs:' + id); // counts bodies across all processes
  await new Promise((r) => setTimeout(r, mode === 'flight' ? 300 : 0));
  return { n, rows: [1, 2, 3], at: new Date(7) };
});
// Everyone starts at the same moment, so that the misses really race.
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
const value = await f(1);
console.log(JSON.stringify({ ran, value }));
counter.disconnect();
client.disconnect();
