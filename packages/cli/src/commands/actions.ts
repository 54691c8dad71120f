/**
 * The one-call actions on posts and users: `like`/`unlike`, `repost`/`unrepost`, `bookmark`/`unbookmark`,
 * `hide`/`unhide` (a reply) on posts (ID or URL); `follow`/`unfollow`, `block`/`unblock`, `mute`/`unmute` on
 * users (`@name` or ID). Several targets may follow one another; each gets its line.
 *
 * @module
 */
import type { XClient, XResponse } from '@oauth1x/x';
import { parseCommandArgs, UsageError } from '../args.js';
import type { CommandModule } from '../commands.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../connection.js';
import type { CliIo } from '../io.js';
import { apiCall, postId, resolveUserId, userRef } from '../x-cli-kit.js';
import { xClientFor } from '../x-connection.js';

const OPTIONS = { json: { type: 'boolean' }, ...CONNECTION_OPTIONS } as const;

interface ActionSpec {
  name: string;
  target: 'post' | 'user';
  about: string;
  example: string;
  call: (x: XClient, id: string) => Promise<XResponse<Record<string, unknown>>>;
  /** The human line for the answer; `label` is what was typed (the ID, URL or @name). */
  line: (data: Record<string, unknown>, label: string) => string;
}

function action(spec: ActionSpec): CommandModule {
  const arg = spec.target === 'post' ? 'ID|URL' : '@NAME|ID';
  const help = `Usage: oauth1x ${spec.name} ${arg}... [--json] [options]

${spec.about}

Options:
  --json                  print X's answer for each as a JSON line
${CONNECTION_HELP}

Examples:
  oauth1x ${spec.name} ${spec.example}
`;
  async function run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, true);
    if (positionals.length === 0)
      throw new UsageError(`expects one or more ${spec.target === 'post' ? 'post IDs or URLs' : 'users (@name or numeric ID)'}`);
    const targets = positionals.map((p) => ({ label: p, ref: spec.target === 'post' ? postId(p) : userRef(p) }));
    const { x } = await xClientFor(values, io);
    return apiCall(io, spec.name, async () => {
      for (const { label, ref } of targets) {
        const id = typeof ref === 'string' ? ref : await resolveUserId(x, ref);
        const { data } = await spec.call(x, id);
        if (values.json) io.stdout.write(`${JSON.stringify({ data })}\n`);
        else io.stdout.write(`${spec.line(data, label)}\n`);
      }
      return 0;
    });
  }
  return { help, run };
}

type Data = Record<string, unknown>;
const as = (p: Promise<XResponse<unknown>>) => p as Promise<XResponse<Data>>;

/** `oauth1x like`. */
export const like = action({
  name: 'like',
  target: 'post',
  about: 'Likes posts as the profile user (POST /2/users/:id/likes; OAuth 2.0 scope like.write).',
  example: 'https://x.com/jack/status/20',
  call: (x, id) => as(x.like(id)),
  line: (d, l) => (d.liked === true ? `Liked ${l}` : `Not liked ${l} (X answered liked=false)`),
});

/** `oauth1x unlike`. */
export const unlike = action({
  name: 'unlike',
  target: 'post',
  about: 'Takes likes back (DELETE /2/users/:id/likes/:tweet_id).',
  example: '1445880548472328192',
  call: (x, id) => as(x.unlike(id)),
  line: (d, l) => (d.liked === false ? `Unliked ${l}` : `Still liked ${l}`),
});

/** `oauth1x repost`. */
export const repost = action({
  name: 'repost',
  target: 'post',
  about: 'Reposts posts (POST /2/users/:id/retweets).',
  example: '1445880548472328192',
  call: (x, id) => as(x.repost(id)),
  line: (d, l) => (d.retweeted === true ? `Reposted ${l}` : `Not reposted ${l}`),
});

/** `oauth1x unrepost`. */
export const unrepost = action({
  name: 'unrepost',
  target: 'post',
  about: 'Undoes reposts (DELETE /2/users/:id/retweets/:source_tweet_id).',
  example: '1445880548472328192',
  call: (x, id) => as(x.unrepost(id)),
  line: (d, l) => (d.retweeted === false ? `Undid the repost of ${l}` : `Still reposted ${l}`),
});

/** `oauth1x bookmark`. */
export const bookmark = action({
  name: 'bookmark',
  target: 'post',
  about: 'Bookmarks posts (POST /2/users/:id/bookmarks; OAuth 2.0 scope bookmark.write; see `oauth1x bookmarks`).',
  example: 'https://x.com/jack/status/20',
  call: (x, id) => as(x.bookmark(id)),
  line: (d, l) => (d.bookmarked === true ? `Bookmarked ${l}` : `Not bookmarked ${l}`),
});

/** `oauth1x unbookmark`. */
export const unbookmark = action({
  name: 'unbookmark',
  target: 'post',
  about: 'Removes bookmarks (DELETE /2/users/:id/bookmarks/:tweet_id).',
  example: '1445880548472328192',
  call: (x, id) => as(x.unbookmark(id)),
  line: (d, l) => (d.bookmarked === false ? `Removed the bookmark of ${l}` : `Still bookmarked ${l}`),
});

/** `oauth1x hide`. */
export const hide = action({
  name: 'hide',
  target: 'post',
  about: 'Hides replies to your conversations (PUT /2/tweets/:id/hidden; scope tweet.moderate.write).',
  example: '1445880548472328192',
  call: (x, id) => as(x.hideReply(id, true)),
  line: (d, l) => (d.hidden === true ? `Hid reply ${l}` : `Reply ${l} not hidden`),
});

/** `oauth1x unhide`. */
export const unhide = action({
  name: 'unhide',
  target: 'post',
  about: 'Shows hidden replies again (PUT /2/tweets/:id/hidden with hidden=false).',
  example: '1445880548472328192',
  call: (x, id) => as(x.hideReply(id, false)),
  line: (d, l) => (d.hidden === false ? `Unhid reply ${l}` : `Reply ${l} still hidden`),
});

/** `oauth1x follow`. */
export const follow = action({
  name: 'follow',
  target: 'user',
  about: 'Follows users (POST /2/users/:id/following); a protected account gets a follow request instead.',
  example: '@XDevelopers 2244994945',
  call: (x, id) => as(x.follow(id)),
  line: (d, l) =>
    d.pending_follow === true
      ? `Follow request sent to ${l} (pending: the account is protected)`
      : d.following === true
        ? `Following ${l}`
        : `Not following ${l}`,
});

/** `oauth1x unfollow`. */
export const unfollow = action({
  name: 'unfollow',
  target: 'user',
  about: 'Unfollows users (DELETE /2/users/:source_user_id/following/:target_user_id).',
  example: '@XDevelopers',
  call: (x, id) => as(x.unfollow(id)),
  line: (d, l) => (d.following === false ? `Unfollowed ${l}` : `Still following ${l}`),
});

/** `oauth1x block`. */
export const block = action({
  name: 'block',
  target: 'user',
  about:
    "Blocks users' direct messages (POST /2/users/:id/dm/block): X API v2 no longer has an account block write;\nthis DM block is the block X offers. `oauth1x blocks` lists the accounts blocked.",
  example: '@spammer',
  call: (x, id) => as(x.blockDms(id)),
  line: (d, l) => (d.blocked === true ? `Blocked DMs from ${l}` : `Not blocked ${l}`),
});

/** `oauth1x unblock`. */
export const unblock = action({
  name: 'unblock',
  target: 'user',
  about: "Lets users' direct messages through again (POST /2/users/:id/dm/unblock).",
  example: '@spammer',
  call: (x, id) => as(x.unblockDms(id)),
  line: (d, l) => (d.blocked === false ? `Unblocked DMs from ${l}` : `Still blocked ${l}`),
});

/** `oauth1x mute`. */
export const mute = action({
  name: 'mute',
  target: 'user',
  about: 'Mutes users: their posts leave your home timeline (POST /2/users/:id/muting; scope mute.write).',
  example: '@noisy',
  call: (x, id) => as(x.mute(id)),
  line: (d, l) => (d.muting === true ? `Muted ${l}` : `Not muted ${l}`),
});

/** `oauth1x unmute`. */
export const unmute = action({
  name: 'unmute',
  target: 'user',
  about: 'Unmutes users (DELETE /2/users/:source_user_id/muting/:target_user_id).',
  example: '@noisy 2244994945',
  call: (x, id) => as(x.unmute(id)),
  line: (d, l) => (d.muting === false ? `Unmuted ${l}` : `Still muted ${l}`),
});
