// The descriptor's fields, in the order the compiler writes them (core/emit.ts)
// and the runtime accepts them (descriptor.ts): one list for both sides.
export const DESCRIPTOR_FIELDS = ['id', 'hash', 'keys', 'captured', 'self', 'ttl', 'swr', 'max', 'maxBytes', 'copy', 'tags', 'persist', 'async', 'scope', 'cacheIf', 'validate', 'release'] as const;

export type DescriptorField = (typeof DESCRIPTOR_FIELDS)[number];

/** Store names every Node build knows (`persist=memory`, `persist=disk`, `persist=lmdb`); the compiler flags near misses of them. */
export const BUILTIN_STORES: readonly string[] = ['memory', 'disk', 'lmdb'];
