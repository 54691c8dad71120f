/**
 * One long-lived `/usr/bin/python3 test/fixtures/oauthlib-signer.py` process per test file: requests go
 * out as JSON lines (through the shared JsonLinesProcess), answers matched by id.
 */
import { fileURLToPath } from 'node:url';
import { JsonLinesProcess } from '@oauth1x/test-kit/fixtures/oauthlib-process.js';

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

const SCRIPT = fileURLToPath(new URL('../../../../test-kit/src/fixtures/oauthlib-signer.py', import.meta.url));

/** A running oauthlib signer. */
export class OAuthlibProcess extends JsonLinesProcess {
  constructor() {
    super(SCRIPT);
  }

  /** Signs a batch: all requests are written at once, then the answers awaited. */
  signBatch(requests: OAuthlibRequest[]): Promise<OAuthlibAnswer[]> {
    return Promise.all(requests.map((request) => this.request(request) as Promise<unknown> as Promise<OAuthlibAnswer>));
  }

  /** Signs one request (still through the same process). */
  async sign(request: OAuthlibRequest): Promise<OAuthlibAnswer> {
    return (await this.request(request)) as unknown as OAuthlibAnswer;
  }
}
