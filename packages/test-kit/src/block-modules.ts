/**
 * The path of `fixtures/block-modules.cjs`, a `node --require` preload that makes `require(name)` fail as a
 * missing, unbuilt or wrong-ABI install does (`OAUTH1X_TEST_BLOCK=better-sqlite3:missing`).
 *
 * @module
 */
import { fileURLToPath } from 'node:url';

/** `node --require BLOCK_MODULES …` with `OAUTH1X_TEST_BLOCK=name:missing|unbuilt|abi`. */
export const BLOCK_MODULES = fileURLToPath(new URL('../../src/fixtures/block-modules.cjs', import.meta.url));
