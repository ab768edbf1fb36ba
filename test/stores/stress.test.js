// 8 processes × MEMOKIT_STRESS_CALLS (default 2,000) random operations each on one
// small key space, on disk, in LMDB and on a real redis-server: calls (sync and async, some
// concurrent), clear and invalidate, with two code versions running at once. Every
// value read must be one a body of the reader's code produced for that key; afterwards
// every entry in the store must be whole (its CRC checks). Prints the counts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import Redis from 'ioredis';
import { verify } from '../../dist/stores/codec.js';
import { startRedis } from '../helpers/redis.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./stress-child.js', import.meta.url));
const PROCESSES = 8;
const CALLS = Number(process.env.MEMOKIT_STRESS_CALLS || 2000);
const root = mkdtempSync(join(tmpdir(), 'memokit-stress-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

const stress = async (kind, where) => {
  const startAt = String(Date.now() + 1500);
  const outs = await Promise.all(Array.from({ length: PROCESSES }, (_, i) =>
    run(process.execPath, [child, kind, where, i % 2 ? 'v2' : 'v1', String(1000 + i), String(CALLS), startAt], { maxBuffer: 1 << 24 })));
  const results = outs.map((o) => JSON.parse(o.stdout));
  const total = (field) => results.reduce((n, r) => n + r[field], 0);
  const bad = results.flatMap((r) => r.bad);
  console.log(`# ${kind}: ${PROCESSES} processes, ${total('calls')} calls, ${total('computed')} bodies run, ${total('clears')} clears, ${total('invalidates')} invalidates, ${bad.length} wrong values`);
  assert.equal(bad.slice(0, 5), [], 'every value read was produced by a body of the reader\'s code for that key');
  assert.ok(total('calls') >= PROCESSES * CALLS * 0.8);
  assert.ok(total('computed') < total('calls'), 'the cache served hits');
};

test(`disk: ${PROCESSES} processes × ${CALLS} operations, two code versions, clears and invalidates`, async () => {
  const dir = join(root, 'disk');
  await stress('disk', dir);
  const files = [];
  const walk = (d) => readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(join(d, e.name)) : files.push(join(d, e.name))));
  walk(dir);
  const entries = files.filter((f) => f.endsWith('.mkc'));
  const damaged = entries.filter((f) => !verify(readFileSync(f)));
  console.log(`# disk: ${entries.length} entries left, ${damaged.length} with a bad checksum, ${files.filter((f) => f.endsWith('.tmp')).length} temporary files`);
  assert.equal(damaged, []);
  assert.equal(files.filter((f) => f.endsWith('.tmp')), [], 'no writer left a temporary file');
});

test(`lmdb: ${PROCESSES} processes × ${CALLS} operations, two code versions, clears and invalidates`, async () => {
  const dir = join(root, 'lmdb');
  await stress('lmdb', dir);
  // Every entry left must be whole: read through lmdb itself, every key of the entry space ('E').
  const { open } = await import('lmdb');
  const db = open({ path: join(dir, 'memokit-lmdb'), encoding: 'binary', keyEncoding: 'binary', readOnly: true });
  const entries = [...db.getRange({ start: Buffer.from('E'), end: Buffer.from('F') })];
  const damaged = entries.filter(({ value }) => !verify(value));
  console.log(`# lmdb: ${entries.length} entries left, ${damaged.length} with a bad checksum`);
  await db.close();
  assert.equal(damaged, []);
});

test(`redis: ${PROCESSES} processes × ${CALLS} operations, two code versions, clears and invalidates`, async () => {
  const server = await startRedis();
  const raw = new Redis(server.url);
  try {
    await stress('redis', server.url);
    const keys = (await raw.keys('memokit:*')).filter((k) => !k.startsWith('memokit:lock:'));
    const damaged = [];
    for (const k of keys) if (!verify(await raw.getBuffer(k))) damaged.push(k);
    console.log(`# redis: ${keys.length} entries left, ${damaged.length} with a bad checksum`);
    assert.equal(damaged, []);
    assert.equal(await raw.keys('memokit:lock:*'), [], 'every lock was released');
  } finally {
    raw.disconnect();
    await server.stop();
  }
});

test.run();
