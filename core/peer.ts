// memokit's optional peer dependencies, loaded on first use. A missing one is an
// error that names the package, what needs it and the command that installs it
// (instead of Node's bare "Cannot find module").
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/** `runtime`: a dependency of the program itself (npm install), not of its build (npm install --save-dev). */
const PEERS: Record<string, { needs: string; otherwise: string; runtime?: boolean }> = {
  '@swc/core': { needs: 'the SWC engine (memokit/swc, memokit/register, and the bundler plugins by default)', otherwise: ' Or pass engine: "babel" to a bundler plugin, with @babel/core installed.' },
  '@babel/core': { needs: 'the Babel engine (memokit/babel, engine: "babel")', otherwise: ' Or use the default engine, SWC, with @swc/core installed.' },
  ioredis: { needs: 'redisStore({ url }), which creates its own client', otherwise: ' Or pass a client you created: redisStore({ client }) (ioredis or node-redis).' },
  lmdb: { needs: 'the LMDB store (memokit/lmdb, persist=lmdb)', otherwise: ' Or use persist=disk, which needs no package.', runtime: true },
};

export type Peer = '@swc/core' | '@babel/core' | 'ioredis' | 'lmdb';

/** The peer dependency `name`, or an error saying how to install it. */
export function requirePeer(name: Peer): any {
  try {
    return requireHere(name);
  } catch (e: any) {
    if (e?.code !== 'MODULE_NOT_FOUND' || !String(e.message).includes(`'${name}'`)) throw e;
    const { needs, otherwise, runtime } = PEERS[name];
    throw Object.assign(new Error(`memokit: ${name} is not installed, and ${needs} needs it. Install it: npm install ${runtime ? '' : '--save-dev '}${name}.${otherwise}`), { code: 'MK_MISSING_PEER' });
  }
}
