/**
 * Test helper: one long-lived Python process (Debian's `/usr/bin/python3`, where python3-requests-oauthlib is)
 * that reads a JSON command a line on stdin and answers `{ ok, result | error }` a line on stdout, in order.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A running worker: `call` sends one command and resolves with its result; `stop` ends the process. */
export interface PythonWorker {
  call(command: Record<string, unknown>): Promise<Record<string, unknown>>;
  stop(): void;
}

/** Starts `script` (a path) as a worker. */
export function startPythonWorker(script: string): PythonWorker {
  const python = spawn('/usr/bin/python3', [script], { stdio: ['pipe', 'pipe', 'pipe'] });
  const pending: Array<(line: string) => void> = [];
  createInterface({ input: python.stdout }).on('line', (line) => pending.shift()?.(line));
  return {
    call: (command) =>
      new Promise((resolve, reject) => {
        pending.push((line) => {
          const answer = JSON.parse(line) as { ok: boolean; result?: Record<string, unknown>; error?: string };
          if (answer.ok) resolve(answer.result as Record<string, unknown>);
          else reject(new Error(answer.error));
        });
        python.stdin.write(`${JSON.stringify(command)}\n`);
      }),
    stop: () => {
      python.stdin.end();
      python.kill();
    },
  };
}
