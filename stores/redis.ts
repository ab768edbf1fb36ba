// The Redis store (`memokit/redis`, issue #6): entries shared by every process of
// a deployment, under `<prefix>:<site id>:<hash>:<key digest>`.
// - TTL through `SET … PX`; `clear` through `SCAN` + `UNLINK` (never `KEYS`); `list` through
//   `SCAN` + `GETRANGE` of each entry's header.
// - Cross-process single flight: the first process to miss takes `SET NX PX` on a lock
//   key with a random token and computes; the others poll for its entry, and compute
//   themselves once the lock is gone or has timed out. Release is a compare-and-delete
//   script, so a slow holder never deletes a lock that has passed to someone else.
// - Every command has a deadline: a Redis that is down makes callers compute, never wait.
// Takes an ioredis or node-redis (v4/v5) client, or a URL (ioredis, connected lazily).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { randomBytes } from 'node:crypto';
import { requirePeer } from '../core/peer.js';
import { encode, decode, peek, peekKey, peekTags, HEADER } from './codec.js';
import { redisChannel } from './channel.js';
import type { Store, StoreKey, StoreEntry, StoreLock, StoredEntryInfo } from '../runtime/store.js';

export interface RedisStoreOptions {
  /** An ioredis or node-redis client (connected); the store never closes it. */
  client?: any;
  /** Or a URL such as `redis://127.0.0.1:6379`: an ioredis client is created on first use. */
  url?: string;
  /** Key namespace; default `memokit`. */
  prefix?: string;
  /** How long a computing process holds the lock, and the longest a waiter waits (ms); default 30 s. */
  lockTimeout?: number;
  /** How often a waiter looks for the holder's entry (ms); default 25. */
  pollInterval?: number;
  /** Deadline of one command (ms); default 1000. */
  commandTimeout?: number;
  /**
   * The near tier: recent entries kept in each process's memory, dropped when any process changes
   * them (through pub/sub on `<prefix>:changes`). `maxBytes`: its bound, in encoded bytes, per store
   * (default 32 MiB); `heartbeat`: how often the channel is checked (ms, default 1000). `false`: none.
   */
  near?: false | { maxBytes?: number; heartbeat?: number };
}

/** Default bound of the near tier, in encoded bytes. */
const NEAR_BYTES = 32 * 1024 * 1024;

/** Deletes the lock only if it still holds our token. */
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
/**
 * Writes an entry and adds its key to the set of each of its tags (KEYS[2..]). A tag's set lives
 * as long as its longest-lived member: it gets the entry's expiry when that is later than its own,
 * and none when the entry has none.
 */
const SET_TAGGED = `local px = tonumber(ARGV[2])
if px > 0 then redis.call('set', KEYS[1], ARGV[1], 'px', px) else redis.call('set', KEYS[1], ARGV[1]) end
for i = 2, #KEYS do
  local before = redis.call('pttl', KEYS[i])
  redis.call('sadd', KEYS[i], KEYS[1])
  if px == 0 then
    if before ~= -1 then redis.call('persist', KEYS[i]) end
  elseif before == -2 or (before >= 0 and before < px) then
    redis.call('pexpire', KEYS[i], px)
  end
end
return 1`;
/**
 * For each tag's set (KEYS, tag names in ARGV): unlinks the members whose entry still carries one of
 * the tags (its header is read: an entry rewritten without the tag stays), then the set. Returns how
 * many entries were removed. The header layout is stores/codec.ts's: tags length (u32) at byte 39,
 * the tags as JSON from byte 43.
 */
const DELETE_TAGGED = `local wanted = {}
for i = 1, #ARGV do wanted[ARGV[i]] = true end
local n = 0
for i = 1, #KEYS do
  for _, key in ipairs(redis.call('smembers', KEYS[i])) do
    local head = redis.pcall('getrange', key, 0, 42)
    if type(head) == 'string' and #head == 43 then
      local length = struct.unpack('<I4', head, 40)
      local ok, tags = pcall(cjson.decode, length > 0 and redis.call('getrange', key, 43, 42 + length) or '[]')
      if ok and type(tags) == 'table' then
        for _, name in ipairs(tags) do
          if wanted[name] then n = n + redis.call('unlink', key) break end
        end
      end
    end
  end
  redis.call('unlink', KEYS[i])
end
return n`;
/** Keys deleted per UNLINK while clearing. */
const UNLINK_BATCH = 500;

/** Keys whose headers a listing reads at once (GETRANGE and STRLEN each, sent together). */
const LIST_BATCH = 100;
/** Bytes a listing reads first from each entry: enough for the header, short tags and the key. */
const LIST_HEAD = 1024;

/** `*`, `?`, `[`, `]` and `\` are glob characters to SCAN MATCH. */
const globEscape = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');

type Command = (args: (string | Buffer)[], buffers?: boolean) => Promise<any>;

/** One calling convention over both client libraries. */
const commandOf = (client: any): Command => {
  if (typeof client.callBuffer === 'function') {
    // ioredis
    return (args, buffers) => (buffers ? client.callBuffer(...args) : client.call(...args));
  }
  if (typeof client.sendCommand === 'function') {
    // node-redis: v5 maps reply types per command (36 is RESP's blob string, `$`); v4 reads returnBuffers.
    const asBuffers = { typeMapping: { 36: Buffer }, returnBuffers: true };
    return (args, buffers) => (buffers ? client.sendCommand(args, asBuffers) : client.sendCommand(args));
  }
  throw new Error('memokit/redis: the client is neither ioredis nor node-redis (no callBuffer or sendCommand method).');
};

export const redisStore = (options: RedisStoreOptions = {}): Store & { close(): Promise<void> } => {
  const { url, prefix = 'memokit', lockTimeout = 30_000, pollInterval = 25, commandTimeout = 1000, near = {} } = options;
  if (!options.client && !url) throw new Error('memokit/redis: give redisStore({ client }) an ioredis or node-redis client, or redisStore({ url }).');
  let client = options.client;
  let own = false;
  let command: Command | undefined;
  /** Our own client's first connection (later ones are ioredis's reconnects). */
  let connected: Promise<unknown> | undefined;
  const deadline = <T>(p: Promise<T>, what: string): Promise<T> => {
    let timer: NodeJS.Timeout;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer ${what} within ${commandTimeout} ms`)), commandTimeout);
    });
    return Promise.race([p, late]).finally(() => clearTimeout(timer));
  };
  const run: Command = async (args, buffers) => {
    if (!command) {
      if (!client) {
        // Our own client fails fast while Redis is down instead of queueing commands.
        const Redis = requirePeer('ioredis');
        client = new (Redis.default || Redis)(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
        client.on('error', () => {}); // reported per command, through the runtime
        connected = new Promise((resolve) => client.once('ready', resolve));
        own = true;
      }
      command = commandOf(client);
    }
    if (connected) await deadline(connected, 'the first connection').then(() => (connected = undefined));
    return deadline(command(args, buffers), String(args[0]));
  };

  const keyOf = (k: StoreKey) => `${prefix}:${k.site}:${k.hash}:${k.key}`;
  /** The set of entry keys carrying a tag. */
  const tagKey = (name: string) => `${prefix}:tag:${name}`;
  // Expiry is Redis's (PX); the runtime checks the header's hash and expiry of what comes back.
  const get = async (k: StoreKey): Promise<StoreEntry | undefined> => {
    const buf = await run(['GET', keyOf(k)], true);
    const entry = buf ? decode(buf, k) : undefined;
    if (entry) entry.size = buf.length;
    return entry;
  };
  // Every change is published after the command that makes it, on the same connection: Redis runs
  // them in that order, so a process told of a change reads the changed data.
  const channel = redisChannel({ client: options.client, url, name: `${prefix}:changes`, publish: (text) => run(['PUBLISH', `${prefix}:changes`, text]), heartbeat: (near && near.heartbeat) || 1000, timeout: commandTimeout });

  /** Keys `clear(site)` (or `clear()`) removes: entries, not the locks of computations in flight nor the tag sets. */
  const entryKeyOf = (site: string | undefined) => {
    const head = site === undefined ? `${prefix}:` : `${prefix}:${site}:`;
    // `<site>:` must be followed by the hash and key digest alone, so that `a#f` leaves a site named `a#f:x`.
    return (key: string) => !key.startsWith(`${prefix}:lock:`) && (site === undefined || /^[^:]*:[^:]*$/.test(key.slice(head.length)));
  };
  /** Every key `SCAN MATCH <head>*` finds, a batch at a time (never `KEYS`). */
  async function* scan(head: string): AsyncGenerator<string[]> {
    let cursor = '0';
    do {
      const [next, found] = await run(['SCAN', cursor, 'MATCH', globEscape(head) + '*', 'COUNT', '1000']);
      cursor = String(next);
      yield (found as unknown[]).map(String);
    } while (cursor !== '0');
  }
  /** One key's listing from its header, or undefined for anything but a live, whole entry stored under that very key. */
  const listed = async (redisKey: string, site: string | undefined): Promise<StoredEntryInfo | undefined> => {
    // A key of another type (a tag set under an unexpected name) is not an entry.
    const notEntry = (e: any) => (/WRONGTYPE/.test(String(e?.message)) ? undefined : Promise.reject(e));
    const [bytes, first] = await Promise.all([run(['STRLEN', redisKey]).catch(notEntry), run(['GETRANGE', redisKey, '0', String(LIST_HEAD - 1)], true).catch(notEntry)]);
    let head: Buffer | undefined = first;
    const h = head && peek(head);
    if (!head || !h || h.size !== Number(bytes) || (h.expires !== 0 && h.expires <= Date.now())) return undefined;
    const need = HEADER + h.tagBytes + h.keyBytes;
    if (head.length < need) head = await run(['GETRANGE', redisKey, '0', String(need - 1)], true).catch(notEntry);
    const key = head && peekKey(head);
    if (!head || !key || (site !== undefined && key.site !== site) || keyOf(key) !== redisKey) return undefined;
    const tags = peekTags(head);
    return { key, created: h.created, expires: h.expires, bytes: Number(bytes), ...(tags.length ? { tags } : {}) };
  };

  return {
    get,
    async *list(site) {
      const ours = entryKeyOf(site);
      for await (const found of scan(site === undefined ? `${prefix}:` : `${prefix}:${site}:`)) {
        const keys = found.filter((key) => ours(key) && !key.startsWith(`${prefix}:tag:`));
        for (let i = 0; i < keys.length; i += LIST_BATCH) {
          for (const entry of await Promise.all(keys.slice(i, i + LIST_BATCH).map((key) => listed(key, site)))) if (entry) yield entry;
        }
      }
    },
    async set(k, e) {
      const px = e.expires ? Math.max(1, Math.ceil(e.expires - Date.now())) : 0;
      const bytes = encode(k, e);
      e.size = bytes.length;
      const write = e.tags && e.tags.length
        ? run(['EVAL', SET_TAGGED, String(1 + e.tags.length), keyOf(k), ...e.tags.map(tagKey), bytes, String(px)])
        : run(px ? ['SET', keyOf(k), bytes, 'PX', String(px)] : ['SET', keyOf(k), bytes]);
      await Promise.all([write, channel.tell({ type: 'set', key: k })]);
    },
    async deleteTagged(tags) {
      if (tags.length === 0) return 0;
      const [removed] = await Promise.all([run(['EVAL', DELETE_TAGGED, String(tags.length), ...tags.map(tagKey), ...tags]), channel.tell({ type: 'tags', tags })]);
      return Number(removed);
    },
    async delete(k) {
      const [removed] = await Promise.all([run(['UNLINK', keyOf(k)]), channel.tell({ type: 'delete', key: k })]);
      return Number(removed) > 0;
    },
    watch: channel.watch,
    nearBytes: near === false ? 0 : near.maxBytes ?? NEAR_BYTES,
    async clear(site) {
      // Entries only: the locks of computations in flight (`<prefix>:lock:…`) stay, or their
      // waiters would compute a second time.
      const ours = entryKeyOf(site);
      for await (const found of scan(site === undefined ? `${prefix}:` : `${prefix}:${site}:`)) {
        const keys = found.filter(ours);
        for (let i = 0; i < keys.length; i += UNLINK_BATCH) await run(['UNLINK', ...keys.slice(i, i + UNLINK_BATCH)]);
      }
      await channel.tell(site === undefined ? { type: 'clear' } : { type: 'clear', site });
    },
    async lock(k): Promise<StoreLock> {
      const lockKey = `${prefix}:lock:${k.site}:${k.hash}:${k.key}`;
      const token = randomBytes(16).toString('hex');
      const acquired = (await run(['SET', lockKey, token, 'NX', 'PX', String(lockTimeout)])) !== null;
      return {
        acquired,
        async release() {
          await run(['EVAL', RELEASE, '1', lockKey, token]);
        },
        async wait() {
          const until = Date.now() + lockTimeout;
          while (Date.now() < until) {
            await new Promise((r) => setTimeout(r, pollInterval));
            const e = await get(k);
            if (e) return e;
            // The holder finished without writing (it failed) or its lock expired: stop waiting.
            if (Number(await run(['EXISTS', lockKey])) === 0) return get(k);
          }
          return undefined;
        },
      };
    },
    async close() {
      await channel.close();
      if (own && client) await client.quit().catch(() => client.disconnect());
    },
  };
};

export default redisStore;
