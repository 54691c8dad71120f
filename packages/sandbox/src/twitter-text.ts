/**
 * `twitter-text` (X's own text rules: weighted length, entities, mentions, cashtags, URLs), loaded on first use.
 * Importing it costs about 80–100 ms, most of a sandbox's start-up, while only requests that post or render a
 * tweet need it: the first such request loads it (synchronously, once per process), every later one reuses it.
 *
 * @module
 */
import { createRequire } from 'node:module';

/** An entity `twitter-text` finds, indices in UTF-16 code units until converted. */
export interface TextEntity {
  indices: [number, number];
  hashtag?: string;
  cashtag?: string;
  screenName?: string;
  url?: string;
}

/** `twitter-text`'s length rules (`maxWeightedTweetLength` and the weights). */
export interface TextConfig {
  maxWeightedTweetLength: number;
  [rule: string]: unknown;
}

/** The part of `twitter-text` the sandbox uses. */
export interface TwitterText {
  parseTweet(text: string, options?: TextConfig): { weightedLength: number; valid: boolean };
  /** The length rules; `defaults` is X's (version 3: 280 weighted characters). */
  configs: { defaults: TextConfig };
  extractEntitiesWithIndices(text: string): TextEntity[];
  modifyIndicesFromUTF16ToUnicode(text: string, entities: TextEntity[]): void;
  extractMentions(text: string): string[];
  extractCashtags(text: string): string[];
  extractUrls(text: string): string[];
}

let loaded: TwitterText | undefined;

/**
 * The `twitter-text` module, required on the first call.
 *
 * @example
 * ```ts
 * twitterText().parseTweet('hello').weightedLength; // 5
 * ```
 */
export function twitterText(): TwitterText {
  loaded ??= createRequire(import.meta.url)('twitter-text') as TwitterText;
  return loaded;
}
