/**
 * `oauth1x/cli`: run the `oauth1x` command line in-process, with real or in-memory streams.
 *
 * @example
 * ```ts
 * import { main, memoryIo } from '@oauth1x/cli';
 * const io = memoryIo();
 * const code = await main(['verify', '--help'], io);
 * console.log(code, io.out());
 * ```
 *
 * @module
 */
export { UsageError } from './args.js';
export { COMMANDS, type CommandEntry, type CommandModule } from './commands.js';
export { type CliIo, memoryIo, processIo, type TextSink } from './io.js';
export { main } from './main.js';
