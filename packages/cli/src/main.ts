/**
 * The `oauth1x` command-line entry: dispatches to one module per command.
 *
 * @module
 */
import { UsageError } from './args.js';
import { COMMAND_GROUPS, COMMANDS } from './commands.js';
import { type CliIo, processIo } from './io.js';

const VERSION = '0.1.0';
/** Library error codes that mean the user's input was wrong: reported like usage errors (exit 2). */
const INPUT_ERRORS = new Set(['ERR_INVALID_ARGUMENT', 'ERR_INVALID_KEY', 'ERR_INVALID_URL', 'ERR_INVALID_ENCODING', 'ERR_INVALID_HEADER']);

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = COMMAND_GROUPS.map((group) => {
    const rows = Object.entries(COMMANDS).filter(([, entry]) => entry.group === group);
    return `${group}:\n${rows.map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`).join('\n')}`;
  });
  return `oauth1x ${VERSION}: OAuth 1.0a for X/Twitter and any provider

Usage: oauth1x <command> [options]

${lines.join('\n\n')}

Posts take an ID or a post URL (https://x.com/NAME/status/ID); users take @name or a numeric ID.
Run 'oauth1x <command> --help' for a command's options and examples.
`;
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code: 0 success, 1 a
 * failed operation (invalid signature, HTTP error), 2 a usage error.
 *
 * @example
 * ```ts
 * import { main } from '@oauth1x/cli';
 * process.exitCode = await main(process.argv.slice(2));
 * ```
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let [name, ...rest] = argv;
  if (name === 'help' && rest.length === 1 && Object.hasOwn(COMMANDS, rest[0] as string)) [name, rest] = [rest[0], ['--help']];
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    io.stderr.write(`oauth1x: unknown command "${name}" (run 'oauth1x --help' for the list)\n`);
    return 2;
  }
  const command = await entry.load();
  // Options end at `--`: after it, `--help` is an argument (`oauth1x tweet -- --help` tweets it).
  const end = rest.indexOf('--');
  const options = end === -1 ? rest : rest.slice(0, end);
  if (options.includes('--help') || options.includes('-h')) {
    io.stdout.write(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`oauth1x ${name}: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`oauth1x ${name}: ${message}\n`);
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && INPUT_ERRORS.has(code) ? 2 : 1;
  }
}
