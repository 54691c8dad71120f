/**
 * Collecting a received request's parameters (RFC 5849 §3.4.1.3.1) strictly: protocol parameters from exactly
 * one location (§3.5: Authorization header, query or form body), no protocol parameter twice, hard limits
 * checked before anything is parsed.
 *
 * @module
 */
import type { EncodedPair } from '../core/base-string.js';
import type { OAuthProblemError } from '../core/errors.js';
import type { Parameter } from '../core/parameters.js';
import { parseFormPairs } from './encoded-pairs.js';
import { SLOTS, scanOAuthHeader } from './parse-authorization.js';
import { oauthProblem } from './problems.js';
import type { ParameterLocation } from './verify-options.js';

/** The raw parts of a received request that carry parameters. */
export interface RawRequestParts {
  /** The `Authorization` header value, or `null`. */
  authorization: string | null;
  /** The query string without `?` (still encoded), `''` when none. */
  query: string;
  /** The form body text, `undefined` when the request has no form body. */
  body: string | undefined;
}

/** Limits {@link collectParameters} enforces before parsing. */
export interface CollectLimits {
  maxHeaderLength: number;
  maxParameters: number;
}

/** What {@link collectParameters} returns. */
export interface CollectedParameters {
  location: ParameterLocation;
  realm: string | undefined;
  /** Every protocol (`oauth_*`) parameter, `oauth_signature` included, each exactly once. */
  protocol: Map<string, string>;
  /** The non-protocol parameters: query, then body, decoded, in order, duplicates kept. */
  params: Parameter[];
  /** Every parameter of the base string (all but `oauth_signature` and `realm`), §3.6-encoded, unsorted. */
  signed: EncodedPair[];
  /**
   * Compat (`sameValueInHeaderAndBody`): the second occurrences taken once, §3.6-encoded. Clients such as
   * oauth-1.0a sign each name once (`signed`); an RFC-literal signer (§3.4.1.3.1, every occurrence) signs
   * `signed` plus these. Absent when nothing was folded.
   */
  folded?: EncodedPair[];
}

function rejected(message: string, name: string): OAuthProblemError {
  return oauthProblem('parameter_rejected', message, { oauth_parameters_rejected: name });
}

/** Where a parameter travelled, as {@link DuplicateParameter} names it. */
export type ParameterPlace = 'header' | 'query' | 'body';

/** A parameter refused because it appeared in two places (see {@link duplicateParameterOf}). */
export interface DuplicateParameter {
  name: string;
  places: [ParameterPlace, ParameterPlace];
  /** Whether both places carried the same value. */
  sameValue: boolean;
}

const duplicates = new WeakMap<OAuthProblemError, DuplicateParameter>();

const PLACE_TEXT: Record<ParameterPlace, string> = { header: 'the Authorization header', query: 'the query', body: 'the body' };

/** `parameter_rejected` for a parameter found in two places, naming both (RFC 5849 §3.5: one location). */
function duplicated(name: string, first: ParameterPlace, second: ParameterPlace, sameValue: boolean): OAuthProblemError {
  const how = sameValue ? '' : ' with different values';
  const why = isProtocol(name) ? 'protocol parameters travel in one location, RFC 5849 §3.5' : 'which one to take is ambiguous';
  const error = rejected(`${name} appears in ${PLACE_TEXT[first]} and in ${PLACE_TEXT[second]}${how} (${why})`, name);
  duplicates.set(error, { name, places: [first, second], sameValue });
  return error;
}

/**
 * The duplicate behind a `parameter_rejected` problem thrown by {@link collectParameters}: the parameter and
 * the two places it travelled, or `undefined` for any other problem. Lets a provider answer a duplicate
 * differently from, say, a refused callback URL (both name `oauth_callback` in `oauth_parameters_rejected`).
 *
 * @example
 * ```ts
 * import { duplicateParameterOf } from 'oauth1x/provider';
 * duplicateParameterOf(error); // { name: 'oauth_callback', places: ['header', 'body'], sameValue: false }
 * ```
 */
export function duplicateParameterOf(error: OAuthProblemError): DuplicateParameter | undefined {
  return duplicates.get(error);
}

function countSeparators(value: string, separator: string): number {
  let count = 0;
  for (let i = value.indexOf(separator); i !== -1; i = value.indexOf(separator, i + 1)) count++;
  return count;
}

const NONE: EncodedPair[] = [];

/** The header scan's output, reused by every {@link collectParameters} call (it is consumed synchronously). */
const headerScratch: string[] = [];

function isProtocol(name: string): boolean {
  return name.length > 6 && name.charCodeAt(0) === 111 /* o */ && name.startsWith('oauth_');
}

/** Where {@link collectParameters} puts what it finds. */
interface Sink {
  protocol: Map<string, string>;
  params: Parameter[];
  signed: EncodedPair[];
  folded?: EncodedPair[];
}

/**
 * Moves `oauth_*` pairs into `protocol` (rejecting a second occurrence, or any when `protocolHere` is false;
 * `other` is where the protocol parameters travel then).
 */
function split(pairs: EncodedPair[], protocolHere: boolean, sink: Sink, where: ParameterPlace, other: ParameterPlace): void {
  for (const pair of pairs) {
    const name = pair[2];
    if (!isProtocol(name)) sink.params.push([name, pair[3]]);
    else if (!protocolHere) {
      const there = sink.protocol.get(name);
      if (there !== undefined) throw duplicated(name, other, where, there === pair[3]);
      throw rejected(`Protocol parameter ${name} in ${PLACE_TEXT[where]} (protocol parameters travel in one location)`, name);
    } else if (sink.protocol.has(name)) throw rejected(`Protocol parameter ${name} appears twice`, name);
    else sink.protocol.set(name, pair[3]);
    if (name !== 'oauth_signature') sink.signed.push(pair);
  }
}

/** Compat switches of {@link collectParameters} (see `VerifyCompat`). */
export interface CollectCompat {
  repeatedTokenInBody?: boolean | undefined;
  sameValueInHeaderAndBody?: boolean | undefined;
}

const STRICT: CollectCompat = {};
const REPEATED_TOKEN: CollectCompat = { repeatedTokenInBody: true };
/** Never written to: only `sameValueInHeaderAndBody` fills a map of its own. */
const NO_PENDING = new Map<string, EncodedPair>();

/**
 * Compat mode, protocol parameters in the header: a parameter repeated in the query or body with the header's
 * value is taken once (`sameValueInHeaderAndBody`: any parameter; `repeatedTokenInBody`: `oauth_token` and
 * `oauth_verifier`, which may also travel only there); `pending` holds the non-protocol parameters the header
 * carried, each to be confirmed by the same value here.
 */
function splitCompat(
  pairs: EncodedPair[],
  sink: Sink,
  where: ParameterPlace,
  compat: CollectCompat,
  pending: Map<string, EncodedPair>,
): void {
  const seen = new Set<string>();
  for (const pair of pairs) {
    const name = pair[2];
    if (!isProtocol(name)) {
      const inHeader = pending.get(name);
      if (inHeader !== undefined) {
        if (inHeader[3] !== pair[3]) throw duplicated(name, 'header', where, false);
        pending.delete(name);
        (sink.folded ??= []).push(inHeader);
      }
      sink.params.push([name, pair[3]]);
      sink.signed.push(pair);
      continue;
    }
    const inHeader = sink.protocol.get(name);
    const tokenLike = compat.repeatedTokenInBody === true && (name === 'oauth_token' || name === 'oauth_verifier');
    if (seen.has(name)) throw rejected(`Protocol parameter ${name} appears twice in ${PLACE_TEXT[where]}`, name);
    if (inHeader === undefined) {
      if (!tokenLike)
        throw rejected(`Protocol parameter ${name} in ${PLACE_TEXT[where]} (protocol parameters travel in one location)`, name);
      sink.protocol.set(name, pair[3]);
      sink.signed.push(pair);
    } else if (inHeader !== pair[3] || !(tokenLike || compat.sameValueInHeaderAndBody === true)) {
      throw duplicated(name, 'header', where, inHeader === pair[3]);
    } else if (name !== 'oauth_signature' && compat.sameValueInHeaderAndBody === true) {
      (sink.folded ??= []).push(pair);
    }
    seen.add(name);
  }
}

/**
 * Splits a received request into protocol and other parameters, plus the encoded pairs the base string is
 * made of. Throws `OAuthProblemError` `parameter_rejected` when over a limit (checked before parsing) or when a
 * protocol parameter appears twice or in two locations (`oauth_parameters_rejected` names it), and the core's
 * `ERR_INVALID_HEADER` / `ERR_INVALID_ENCODING` on malformed input (`toProblemError` maps them to
 * `parameter_rejected`).
 *
 * @example
 * ```ts
 * import { collectParameters } from 'oauth1x/provider';
 * const { location, protocol, params } = collectParameters(
 *   { authorization: 'OAuth oauth_consumer_key="k", oauth_nonce="n"', query: 'a=1', body: undefined },
 *   { maxHeaderLength: 8192, maxParameters: 64 },
 * );
 * // location 'header', protocol Map { oauth_consumer_key → 'k', oauth_nonce → 'n' }, params [['a', '1']]
 * ```
 */
export function collectParameters(
  parts: RawRequestParts,
  limits: CollectLimits,
  compat: boolean | CollectCompat = false,
): CollectedParameters {
  const modes: CollectCompat = compat === false ? STRICT : compat === true ? REPEATED_TOKEN : compat;
  const lenient = modes.repeatedTokenInBody === true || modes.sameValueInHeaderAndBody === true;
  const { authorization, query, body } = parts;
  if (authorization !== null && authorization.length > limits.maxHeaderLength) {
    throw oauthProblem('parameter_rejected', `Authorization header longer than ${limits.maxHeaderLength} characters`);
  }
  let count = 0;
  if (authorization !== null) count += countSeparators(authorization, ',') + 1;
  if (query !== '') count += countSeparators(query, '&') + 1;
  if (body !== undefined && body !== '') count += countSeparators(body, '&') + 1;
  if (count > limits.maxParameters) throw oauthProblem('parameter_rejected', `More than ${limits.maxParameters} parameters`);

  let realm: string | undefined | false = false;
  // One array for every call, emptied first: the header's strings are read out of it before this returns.
  const header = headerScratch;
  header.length = 0;
  if (authorization !== null) realm = scanOAuthHeader(authorization, header);
  const queryPairs = query === '' ? NONE : parseFormPairs(query);
  const bodyPairs = body === undefined || body === '' ? NONE : parseFormPairs(body);
  const sink: Sink = { protocol: new Map<string, string>(), params: [], signed: [] };

  if (header.length > 0) {
    // sameValueInHeaderAndBody: non-protocol parameters in the header, each to be repeated in the query or body.
    const pending = modes.sameValueInHeaderAndBody === true ? new Map<string, EncodedPair>() : NO_PENDING;
    for (let i = 0; i < header.length; i += SLOTS) {
      const name = header[i] as string;
      if (!isProtocol(name)) {
        if (modes.sameValueInHeaderAndBody !== true || pending.has(name)) {
          throw rejected(`Parameter ${name} does not belong in the Authorization header`, name);
        }
        pending.set(name, [header[i + 2] as string, header[i + 3] as string, name, header[i + 1] as string]);
        continue;
      }
      // One map operation instead of has() then set(): a name seen before leaves the size unchanged.
      const size = sink.protocol.size;
      if (sink.protocol.set(name, header[i + 1] as string).size === size) throw rejected(`Protocol parameter ${name} appears twice`, name);
      if (name !== 'oauth_signature') sink.signed.push([header[i + 2] as string, header[i + 3] as string, name, header[i + 1] as string]);
    }
    if (lenient) {
      splitCompat(queryPairs, sink, 'query', modes, pending);
      splitCompat(bodyPairs, sink, 'body', modes, pending);
      for (const name of pending.keys()) throw rejected(`Parameter ${name} does not belong in the Authorization header`, name);
      if (sink.folded !== undefined) {
        return { location: 'header', realm: realm === false ? undefined : realm, ...sink };
      }
    } else {
      split(queryPairs, false, sink, 'query', 'header');
      split(bodyPairs, false, sink, 'body', 'header');
    }
    return {
      location: 'header',
      realm: realm === false ? undefined : realm,
      protocol: sink.protocol,
      params: sink.params,
      signed: sink.signed,
    };
  }
  // No protocol parameters in a header: they travel in the query or in the body, never in both.
  const queryHasProtocol = queryPairs.some((pair) => isProtocol(pair[2]));
  split(queryPairs, queryHasProtocol, sink, 'query', 'body');
  split(bodyPairs, !queryHasProtocol, sink, 'body', 'query');
  return {
    location: queryHasProtocol ? 'query' : 'body',
    realm: realm === false ? undefined : realm,
    protocol: sink.protocol,
    params: sink.params,
    signed: sink.signed,
  };
}
