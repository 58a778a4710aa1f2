import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');
let loaded: Crypto | undefined;

/**
 * node:crypto, loaded on first use: importing it loads about twenty of Node's internal modules, which
 * `pipeline status` on a new run directory and `pipeline config` would pay for at every start without
 * hashing anything or drawing a random byte.
 */
export function nodeCrypto(): Crypto {
  return (loaded ??= createRequire(import.meta.url)('node:crypto') as Crypto);
}
