/**
 * The constant answer of the throughput baselines: a tweet-shaped JSON body about the size of the sandbox's
 * `statuses/update` answer.
 *
 * @module
 */

/** The constant body both baseline servers answer. */
export const CONSTANT_BODY: Buffer = Buffer.from(
  JSON.stringify({
    created_at: 'Wed Oct 10 20:19:24 +0000 2018',
    id: 1050118621198921700,
    id_str: '1050118621198921728',
    text: 'constant answer from the bare node:http baseline',
    truncated: false,
    entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] },
    source: '<a href="https://example.invalid" rel="nofollow">oauth1x bench</a>',
    in_reply_to_status_id: null,
    in_reply_to_status_id_str: null,
    user: {
      id: 6253282,
      id_str: '6253282',
      name: 'Bench',
      screen_name: 'bench',
      location: '',
      description: '',
      followers_count: 0,
      friends_count: 0,
      created_at: 'Wed May 23 06:01:13 +0000 2007',
      statuses_count: 1,
    },
    retweet_count: 0,
    favorite_count: 0,
    favorited: false,
    retweeted: false,
    lang: 'en',
  }),
);
