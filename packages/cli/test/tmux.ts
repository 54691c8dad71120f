/** Test helper: a tmux server of its own (`-L socket`) to run the CLI on a real terminal, type and read the screen. */
import { spawnSync } from 'node:child_process';

/** Quotes a word for `sh`. */
export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** tmux commands against the server on `socket`, waiting for a pane's text, and ending the server. */
export function tmuxServer(socket: string): {
  tmux(...args: string[]): string;
  waitForPane(target: string, pattern: RegExp, timeoutMs?: number): Promise<string>;
  kill(): void;
} {
  const tmux = (...args: string[]): string => {
    const result = spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', timeout: 10_000 });
    if (result.status !== 0) throw new Error(`tmux ${args[0]} failed: ${result.stderr}`);
    return result.stdout;
  };
  return {
    tmux,
    async waitForPane(target, pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const pane = tmux('capture-pane', '-p', '-J', '-t', target);
        if (pattern.test(pane)) return pane;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; pane:\n${pane}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    kill: () => {
      spawnSync('tmux', ['-L', socket, 'kill-server'], { timeout: 10_000 });
    },
  };
}
