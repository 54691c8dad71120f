/**
 * `oauth1x completion bash|zsh`: print a shell completion script (commands and each command's options).
 *
 * @module
 */
import { parseCommandArgs, UsageError } from '../args.js';
import { COMMANDS } from '../commands.js';
import type { CliIo } from '../io.js';

export const help = `Usage: oauth1x completion bash|zsh

Prints a completion script for the shell: command names, then each command's options; files elsewhere.

Examples:
  eval "$(oauth1x completion bash)"                       # in ~/.bashrc
  oauth1x completion zsh > "\${fpath[1]}/_oauth1x"         # then restart zsh (or: source <(oauth1x completion zsh))
`;

/** Each command's long and short options, read from its help text. */
async function optionTable(): Promise<Array<{ name: string; summary: string; options: string[]; subcommands: boolean }>> {
  const table = [];
  for (const [name, entry] of Object.entries(COMMANDS)) {
    const { help: text, subcommands = [] } = await entry.load();
    const options = new Set<string>(['--help']);
    for (const match of text.matchAll(/(?:^|[\s,[|])(--[a-z][a-z0-9-]*|-[a-zA-Z])\b/g)) options.add(match[1] as string);
    for (const match of text.matchAll(/^\s+(import-twurl|bash|zsh)\b/gm)) options.add(match[1] as string);
    if (name === 'completion') options.add('bash').add('zsh');
    if (name === 'media') options.add('upload').add('status');
    for (const sub of subcommands) options.add(sub);
    const hasSubcommands = subcommands.length > 0 || name === 'media';
    table.push({ name, summary: entry.summary, options: [...options].sort(), subcommands: hasSubcommands });
  }
  return table;
}

function bash(table: Awaited<ReturnType<typeof optionTable>>): string {
  const withSubcommands = table
    .filter((c) => c.subcommands)
    .map((c) => c.name)
    .join('|');
  const cases = table.map((c) => `    ${c.name}) opts="${c.options.join(' ')}" ;;`).join('\n');
  return `# oauth1x bash completion. Load with: eval "$(oauth1x completion bash)"
_oauth1x() {
  local cur=\${COMP_WORDS[COMP_CWORD]} opts=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${table.map((c) => c.name).join(' ')} --help --version" -- "$cur") )
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  local sub=0
  case "\${COMP_WORDS[1]}" in
    completion) sub=1 ;;
    ${withSubcommands}) [ "$COMP_CWORD" -eq 2 ] && sub=1 ;;
  esac
  if [[ "$cur" == -* || $sub -eq 1 ]]; then
    COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
  else
    COMPREPLY=( $(compgen -f -- "$cur") )
  fi
}
complete -o default -F _oauth1x oauth1x
`;
}

function zsh(table: Awaited<ReturnType<typeof optionTable>>): string {
  const withSubcommands = table
    .filter((c) => c.subcommands)
    .map((c) => c.name)
    .join('|');
  const quote = (s: string) => s.replace(/'/g, "'\\''").replace(/:/g, '\\:');
  const commands = table.map((c) => `    '${c.name}:${quote(c.summary)}'`).join('\n');
  const cases = table.map((c) => `    ${c.name}) opts=(${c.options.join(' ')}) ;;`).join('\n');
  return `#compdef oauth1x
# oauth1x zsh completion. Save as _oauth1x in a directory of $fpath, or: source <(oauth1x completion zsh)
_oauth1x() {
  local -a commands opts
  commands=(
${commands}
  )
  if (( CURRENT == 2 )); then
    _describe 'oauth1x command' commands
    return
  fi
  case $words[2] in
${cases}
  esac
  if [[ $PREFIX == -* || $words[2] == completion ]] || { (( CURRENT == 3 )) && [[ $words[2] == (${withSubcommands}) ]]; }; then
    compadd -- $opts
  else
    _files
  fi
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _oauth1x "$@"
else
  compdef _oauth1x oauth1x
fi
`;
}

/**
 * Runs `oauth1x completion`.
 *
 * @example
 * ```ts
 * await run(['bash'], processIo());
 * ```
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, true);
  const shell = positionals[0];
  if (positionals.length !== 1 || (shell !== 'bash' && shell !== 'zsh')) throw new UsageError('expects bash or zsh');
  const table = await optionTable();
  io.stdout.write(shell === 'bash' ? bash(table) : zsh(table));
  return 0;
}
