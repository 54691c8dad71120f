/**
 * One long-lived `/usr/bin/python3 test/fixtures/oauthlib-signer.py` process per test file: requests go
 * out as JSON lines in batches, answers come back in order.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What the Python script takes (see test/fixtures/oauthlib-signer.py). */
export interface OAuthlibRequest {
  method: string;
  uri: string;
  body?: string | Array<[string, string]> | null;
  content_type?: string | null;
  signature_type?: 'AUTH_HEADER' | 'QUERY' | 'BODY';
  client_key: string;
  client_secret?: string | null;
  resource_owner_key?: string | null;
  resource_owner_secret?: string | null;
  callback_uri?: string | null;
  verifier?: string | null;
  realm?: string | null;
  nonce: string;
  timestamp: string;
  signature_method: string;
  rsa_key?: string | null;
}

/** What it answers. */
export interface OAuthlibAnswer {
  id: number;
  signature?: string;
  base_string?: string | null;
  oauth_params?: Array<[string, string]>;
  uri?: string;
  body?: string | null;
  headers?: Record<string, string>;
  error?: string;
}

const SCRIPT = fileURLToPath(new URL('../../../test/fixtures/oauthlib-signer.py', import.meta.url));

/** A running oauthlib signer. */
export class OAuthlibProcess {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending = new Map<number, (answer: OAuthlibAnswer) => void>();
  #buffer = '';
  #nextId = 1;
  #stderr = '';
  #exited: string | undefined;

  constructor() {
    this.#child = spawn('/usr/bin/python3', [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child.stdout.setEncoding('utf8');
    this.#child.stdout.on('data', (chunk: string) => this.#onData(chunk));
    this.#child.stderr.setEncoding('utf8');
    this.#child.stderr.on('data', (chunk: string) => {
      this.#stderr += chunk;
    });
    this.#child.on('exit', (code, signal) => {
      this.#exited = `oauthlib signer exited (${code ?? signal}): ${this.#stderr.slice(-2000)}`;
      for (const resolve of this.#pending.values()) resolve({ id: -1, error: this.#exited });
      this.#pending.clear();
    });
  }

  #onData(chunk: string): void {
    this.#buffer += chunk;
    let newline = this.#buffer.indexOf('\n');
    while (newline !== -1) {
      const line = this.#buffer.slice(0, newline);
      this.#buffer = this.#buffer.slice(newline + 1);
      if (line.trim() !== '') {
        const answer = JSON.parse(line) as OAuthlibAnswer;
        const resolve = this.#pending.get(answer.id);
        this.#pending.delete(answer.id);
        resolve?.(answer);
      }
      newline = this.#buffer.indexOf('\n');
    }
  }

  /** Signs a batch: all requests are written at once, then the answers awaited. */
  signBatch(requests: OAuthlibRequest[]): Promise<OAuthlibAnswer[]> {
    if (this.#exited !== undefined) return Promise.reject(new Error(this.#exited));
    const answers: Promise<OAuthlibAnswer>[] = [];
    let payload = '';
    for (const request of requests) {
      const id = this.#nextId++;
      answers.push(new Promise((resolve) => this.#pending.set(id, resolve)));
      payload += `${JSON.stringify({ ...request, id })}\n`;
    }
    this.#child.stdin.write(payload);
    return Promise.all(answers);
  }

  /** Signs one request (still through the same process). */
  async sign(request: OAuthlibRequest): Promise<OAuthlibAnswer> {
    return (await this.signBatch([request]))[0] as OAuthlibAnswer;
  }

  /** Closes stdin and waits for the process to exit. */
  close(): Promise<void> {
    if (this.#exited !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      this.#child.once('exit', () => resolve());
      this.#child.stdin.end();
    });
  }
}
