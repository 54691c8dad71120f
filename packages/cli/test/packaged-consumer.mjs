// Run inside a fresh project where only the packed `oauth1x` tarball is installed (the packaging acceptance
// test): signs with HMAC-SHA1 and RSA-SHA1 and verifies both, then runs the client's request-token call against
// the provider handler in-process. Prints one JSON line; exits 1 on any failure.
import { generateKeyPairSync } from 'node:crypto';
import { signRequest } from 'oauth1x';
import { OAuth1Client } from 'oauth1x/client';
import { createMemoryStore, createProviderHandler, verifyRequest } from 'oauth1x/provider';

const consumer = { key: 'app-key', secret: 'app secret' };
const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const apps = new Map([
  ['app-key', { secret: consumer.secret, callbackUrls: ['https://app.example/cb'] }],
  ['rsa-app', { publicKey }],
]);
const store = createMemoryStore();
const url = 'https://api.example/1.1/statuses/update.json?include_entities=true';
const results = {};

for (const [name, options] of [
  ['hmac', { consumer, signatureMethod: 'HMAC-SHA1' }],
  ['rsa', { consumer: { key: 'rsa-app', secret: '' }, signatureMethod: 'RSA-SHA1', privateKey }],
]) {
  const body = 'status=Hello%20Ladies%20%2B%20Gentlemen';
  const signed = await signRequest({ method: 'POST', url, body, contentType: 'application/x-www-form-urlencoded', ...options });
  const request = new Request(url, {
    method: 'POST',
    headers: { authorization: signed.authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const verified = await verifyRequest(request, { lookupConsumer: (key) => apps.get(key) ?? null, nonceStore: store, expectToken: 'none' });
  results[name] = verified.consumerKey;
  // A changed body must not verify.
  const tampered = new Request(url, { method: 'POST', headers: request.headers, body: `${body}!` });
  const refused = await verifyRequest(tampered, {
    lookupConsumer: (key) => apps.get(key) ?? null,
    nonceStore: store,
    expectToken: 'none',
  }).then(
    () => false,
    () => true,
  );
  if (!refused) throw new Error(`${name}: a tampered body verified`);
}

const provider = createProviderHandler({ store, lookupConsumer: (key) => apps.get(key) ?? null });
const base = 'https://provider.example';
const client = new OAuth1Client({
  consumer,
  endpoints: {
    requestTokenUrl: `${base}/oauth/request_token`,
    authorizeUrl: `${base}/oauth/authorize`,
    accessTokenUrl: `${base}/oauth/access_token`,
  },
  fetch: (input, init) => provider.fetch(new Request(input, init)),
});
const pending = await client.requestToken({ callback: 'https://app.example/cb' });
results.requestToken = typeof pending.token.key === 'string' && pending.token.key.length > 0;
results.authorizeUrl = client.authorizeUrl(pending.token).startsWith(`${base}/oauth/authorize?oauth_token=`);
console.log(JSON.stringify(results));
if (results.hmac !== 'app-key' || results.rsa !== 'rsa-app' || !results.requestToken || !results.authorizeUrl) process.exit(1);
