// memokit's optional peer dependencies, loaded on first use. A missing one is an
// error that names the package, what needs it and the command that installs it
// (instead of Node's bare "Cannot find module").
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

const PEERS = {
  '@swc/core': { needs: 'the SWC engine (memokit/swc, memokit/register, and the bundler plugins by default)', otherwise: ' Or pass engine: "babel" to a bundler plugin, with @babel/core installed.' },
  '@babel/core': { needs: 'the Babel engine (memokit/babel, engine: "babel")', otherwise: ' Or use the default engine, SWC, with @swc/core installed.' },
  ioredis: { needs: 'redisStore({ url }), which creates its own client', otherwise: ' Or pass a client you created: redisStore({ client }) (ioredis or node-redis).' },
} as const;

export type Peer = keyof typeof PEERS;

/** The peer dependency `name`, or an error saying how to install it. */
export function requirePeer(name: Peer): any {
  try {
    return requireHere(name);
  } catch (e: any) {
    if (e?.code !== 'MODULE_NOT_FOUND' || !String(e.message).includes(`'${name}'`)) throw e;
    const { needs, otherwise } = PEERS[name];
    throw Object.assign(new Error(`memokit: ${name} is not installed, and ${needs} needs it. Install it: npm install --save-dev ${name}.${otherwise}`), { code: 'MK_MISSING_PEER' });
  }
}
