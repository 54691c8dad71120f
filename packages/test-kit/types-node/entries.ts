// Every public entry of the published packages, imported as a Node-only project without the DOM lib imports them:
// compiled by packages/oauth1x/test/package/types-without-dom.test.ts with the tsconfig.*.json beside this file
// (not by the project build).

export * as cli from '@oauth1x/cli';
export * as sandbox from '@oauth1x/sandbox';
export * as x from '@oauth1x/x';
export * as xNode from '@oauth1x/x/node';
export * as root from 'oauth1x';
export * as client from 'oauth1x/client';
export * as provider from 'oauth1x/provider';
export * as hono from 'oauth1x/provider/hono';
export * as node from 'oauth1x/provider/node';
export * as redis from 'oauth1x/provider/redis';
export * as sqlite from 'oauth1x/provider/sqlite';
