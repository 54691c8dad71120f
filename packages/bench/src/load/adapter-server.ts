/**
 * The middle baseline of the sandbox throughput benchmark: the sandbox's own node:http → fetch-handler adapter
 * (`src/sandbox/node-server.ts` with its body side channel, as `sandbox.listen()` runs it) around a handler
 * that answers the same constant as the bare server. The gap bare → adapter is the cost of the Fetch API bridge
 * alone; adapter → sandbox is the cost of the sandbox's work (verify, nonce, tweet, X JSON).
 *
 * Usage: `node dist/bench/load/adapter-server.js`; prints `{"httpUrl":...}`, stops on SIGTERM.
 *
 * @module
 */
import { CONSTANT_BODY } from './constant-body.js';
import { exitWithParent } from './parent-watch.js';

exitWithParent();

// The sandbox's internals (not exported by @oauth1x/sandbox, whose entry is a bundle), imported at run time
// from its compiled modules in the installed package.
const nodeServer = new URL('./dist/src/node-server.js', import.meta.resolve('@oauth1x/sandbox/package.json')).href;
const sideChannel = new URL('./dist/src/body-side-channel.js', import.meta.resolve('@oauth1x/sandbox/package.json')).href;
const { startServer } = (await import(nodeServer)) as {
  startServer(
    handler: (request: Request) => Promise<Response>,
    options: { host: string; port: number; bodySideChannel?: boolean },
  ): Promise<{ port: number; close(): Promise<void> }>;
};
const { bodyBytesOf, textResponse } = (await import(sideChannel)) as {
  bodyBytesOf(request: Request): Uint8Array | undefined;
  textResponse(text: string, init: ResponseInit): Response;
};
const text = CONSTANT_BODY.toString('utf8');
const started = await startServer(
  async (request) => {
    // Read the form body and answer as the sandbox does (bytes and JSON text beside the Fetch objects, as its
    // listen() serves them), so the bridge's body path is included.
    if (bodyBytesOf(request) === undefined) await request.arrayBuffer();
    return textResponse(text, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
  },
  { host: '127.0.0.1', port: 0, bodySideChannel: true },
);
process.stdout.write(`${JSON.stringify({ httpUrl: `http://127.0.0.1:${started.port}`, pid: process.pid })}\n`);
process.on('SIGTERM', () => {
  started.close().then(() => process.exit(0));
});
