// The Redis store's change channel (docs/stores.md, Near tier): every write, delete,
// clear and removal by tag is published on `<prefix>:changes` after Redis applied it,
// and each process's subscriber tells its near tier. The channel counts as live only
// once this process has heard its own probe through it: that proves the subscription
// is active end to end (whatever the client library does on reconnect). A closed
// subscriber connection, or a probe not heard back within the heartbeat and the command
// deadline, makes it down; the near tier is emptied and bypassed until it is live again.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { randomBytes } from 'node:crypto';
import { requirePeer } from '../core/peer.js';
import type { StoreChange } from '../runtime/store.js';

export interface ChannelOptions {
  /** The client the store was given (its `duplicate()` subscribes), or none: an ioredis client is made from `url`. */
  client?: any;
  url?: string;
  /** Channel name. */
  name: string;
  /** Publishes one message through the store's command connection. */
  publish: (message: string) => Promise<unknown>;
  /** How often a probe is published (ms). */
  heartbeat: number;
  /** How long a probe may take to come back (ms). */
  timeout: number;
}

/** A change as published: `o` is the publishing store's origin, so that a process skips its own changes. */
type Message =
  | { o: string; t: 'set' | 'delete'; k: [string, string, string] }
  | { o: string; t: 'clear'; s?: string }
  | { o: string; t: 'tags'; g: string[] }
  | { o: string; t: 'probe' };

export interface Channel {
  /** Publishes a change made through this store (after Redis applied it). */
  tell(change: Exclude<StoreChange, { type: 'live' }>): Promise<unknown>;
  watch(listener: (change: StoreChange) => void): () => void;
  close(): Promise<void>;
}

function messageOf(origin: string, change: Exclude<StoreChange, { type: 'live' }>): Message {
  switch (change.type) {
    case 'set':
    case 'delete':
      return { o: origin, t: change.type, k: [change.key.site, change.key.hash, change.key.key] };
    case 'clear':
      return change.site === undefined ? { o: origin, t: 'clear' } : { o: origin, t: 'clear', s: change.site };
    case 'tags':
      return { o: origin, t: 'tags', g: [...change.tags] };
  }
}

function changeOf(message: Message): StoreChange | undefined {
  switch (message.t) {
    case 'set':
    case 'delete':
      return { type: message.t, key: { site: message.k[0], hash: message.k[1], key: message.k[2] } };
    case 'clear':
      return message.s === undefined ? { type: 'clear' } : { type: 'clear', site: message.s };
    case 'tags':
      return { type: 'tags', tags: message.g };
  }
}

export function redisChannel(options: ChannelOptions): Channel {
  const { name, heartbeat, timeout } = options;
  const origin = randomBytes(8).toString('hex');
  const listeners = new Set<(change: StoreChange) => void>();
  let live = false;
  /** When our last probe came back (a monotonic clock: wall-clock jumps must not take the channel down). */
  let lastHeard = 0;
  let subscriber: any;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const tellAll = (change: StoreChange) => {
    for (const listener of listeners) listener(change);
  };
  const setLive = (value: boolean) => {
    if (live === value || (value && closed)) return;
    live = value;
    tellAll({ type: 'live', live });
  };
  const down = () => setLive(false);
  const probe = () => {
    if (!closed) options.publish(JSON.stringify({ o: origin, t: 'probe' })).catch(() => {});
  };
  const receive = (text: string) => {
    let message: Message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.o === origin) {
      // Our own changes are known already; our probe proves the subscription works.
      if (message.t === 'probe') {
        lastHeard = performance.now();
        setLive(true);
      }
      return;
    }
    const change = changeOf(message);
    if (change) tellAll(change);
  };

  /** The subscriber connection: a duplicate of the store's client, or an ioredis client of its own. */
  const subscribe = () => {
    const base = options.client;
    // The subscriber lives as long as the client it was made from: quitting that client ends it too.
    base?.once?.('end', () => channel.close());
    if (base && typeof base.sendCommand === 'function' && typeof base.callBuffer !== 'function') {
      // node-redis: it subscribes again by itself after a reconnect; a probe on `ready` tells when.
      subscriber = base.duplicate();
      subscriber.on('error', down);
      subscriber.on('end', down);
      subscriber.on('reconnecting', down);
      subscriber.on('ready', probe);
      subscriber
        .connect()
        .then(() => {
          subscriber.unref?.(); // the channel alone does not keep the process alive
          return subscriber.subscribe(name, receive);
        })
        .then(probe, down);
      return;
    }
    const settings = { autoResubscribe: false, maxRetriesPerRequest: null, enableOfflineQueue: true };
    if (base) subscriber = base.duplicate(settings);
    else {
      const Redis = requirePeer('ioredis');
      subscriber = new (Redis.default || Redis)(options.url, settings);
    }
    subscriber.on('error', () => {}); // a failure shows as `close`
    subscriber.on('close', down);
    subscriber.on('message', (_channel: string, text: string) => receive(text));
    subscriber.on('ready', () => {
      subscriber.stream?.unref?.(); // the channel alone does not keep the process alive
      subscriber.subscribe(name).then(probe, down);
    });
  };

  const channel: Channel = {
    tell: (change) => options.publish(JSON.stringify(messageOf(origin, change))),
    watch(listener) {
      listeners.add(listener);
      if (!subscriber && !closed) {
        subscribe();
        timer = setInterval(() => {
          if (live && performance.now() - lastHeard > heartbeat + timeout) down();
          probe();
        }, heartbeat);
        timer.unref();
      }
      if (live) listener({ type: 'live', live: true });
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      down();
      if (!subscriber) return;
      // Disconnected at once, not quit: a QUIT queued while Redis is down would never be answered.
      // (ioredis and node-redis v4: disconnect; node-redis v5: destroy.)
      const end = typeof subscriber.callBuffer === 'function' ? subscriber.disconnect : subscriber.destroy || subscriber.disconnect;
      await Promise.resolve()
        .then(() => end.call(subscriber))
        .catch(() => {});
    },
  };
  return channel;
}
