/**
 * Uploaded media: simple uploads and chunked INIT / APPEND / FINALIZE / STATUS, stored as segments in the
 * sandbox database. Images are ready at FINALIZE; videos and GIFs report `processing_info` (`pending`,
 * then `succeeded` on the next STATUS), as on X.
 *
 * @module
 */
import { prepared, type SandboxDatabase } from './db.js';
import { parseId, type SnowflakeIds } from './ids.js';

/** Processing state of a media item. */
export type MediaState = 'uploading' | 'pending' | 'succeeded';

/** A stored media item. */
export interface MediaRecord {
  id: string;
  userId: string;
  mediaType: string;
  mediaCategory: string;
  totalBytes: number;
  receivedBytes: number;
  state: MediaState;
  width: number | null;
  height: number | null;
  createdAt: number;
  expiresAt: number;
  /** Set with POST /2/media/metadata, else `null`. */
  altText: string | null;
}

/**
 * Largest accepted sizes per category, bytes.
 *
 * @example
 * ```ts
 * MEDIA_LIMITS.tweet_image; // 5242880
 * ```
 */
export const MEDIA_LIMITS: Record<string, number> = {
  tweet_image: 5 * 1024 * 1024,
  tweet_gif: 15 * 1024 * 1024,
  tweet_video: 64 * 1024 * 1024,
  amplify_video: 64 * 1024 * 1024,
  dm_image: 5 * 1024 * 1024,
  subtitles: 1024 * 1024,
};
/**
 * Largest APPEND segment, as on X.
 *
 * @example
 * ```ts
 * if (chunk.length > MAX_SEGMENT_BYTES) throw new MediaError('bad_request', 'segment too large');
 * ```
 */
export const MAX_SEGMENT_BYTES = 5 * 1024 * 1024;
const EXPIRES_AFTER_SECS = 86400;

/**
 * A media upload mistake, answered with X's error for it.
 *
 * @example
 * ```ts
 * throw new MediaError('not_found', 'media_id not found');
 * ```
 */
export class MediaError extends Error {
  constructor(
    readonly kind: 'not_found' | 'bad_request',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The media category X infers from a MIME type when none is given.
 *
 * @example
 * ```ts
 * defaultCategory('video/mp4'); // 'tweet_video'
 * ```
 */
export function defaultCategory(mediaType: string): string {
  if (mediaType === 'image/gif') return 'tweet_gif';
  if (mediaType.startsWith('video/')) return 'tweet_video';
  if (mediaType.startsWith('text/')) return 'subtitles';
  return 'tweet_image';
}

/**
 * The media types X's upload accepts (its API reference, `MediaUploadConfigRequest.mediaType`). Nothing else is
 * stored: `/media/:id` serves the bytes back on the sandbox's own origin, where an HTML or SVG upload would run
 * script beside the authorize page.
 */
const X_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/pjpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/bmp',
  'image/tiff',
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'video/mp2t',
  'text/srt',
  'text/vtt',
  'model/gltf-binary',
  'model/vnd.usdz+zip',
]);

/**
 * X accepts categories in two spellings (`tweet_image`, `TweetImage`): the snake_case one.
 *
 * @example
 * ```ts
 * normalizeCategory('TweetImage'); // 'tweet_image'
 * ```
 */
export function normalizeCategory(category: string): string {
  const squashed = category.replace(/_/g, '').toLowerCase();
  for (const known of Object.keys(MEDIA_LIMITS)) if (known.replace(/_/g, '') === squashed) return known;
  return category;
}

/**
 * X's media key: `3_` images, `16_` GIFs, `7_` videos, then the id.
 *
 * @example
 * ```ts
 * mediaKey(media); // '3_1850000000000000000'
 * ```
 */
export function mediaKey(media: MediaRecord): string {
  const prefix = media.mediaCategory === 'tweet_gif' ? '16' : media.mediaType.startsWith('video/') ? '7' : '3';
  return `${prefix}_${media.id}`;
}

/**
 * Width and height from a PNG, GIF or JPEG header, or `null`.
 *
 * @example
 * ```ts
 * imageSize(pngBytes); // { width: 2, height: 3 }
 * ```
 */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && view.getUint32(0) === 0x89504e47) return { width: view.getUint32(16), height: view.getUint32(20) };
  if (bytes.length >= 10 && bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) {
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let at = 2;
    while (at + 9 < bytes.length) {
      if (bytes[at] !== 0xff) return null;
      const marker = bytes[at + 1] as number;
      const length = view.getUint16(at + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
      }
      at += 2 + length;
    }
  }
  return null;
}

interface MediaRow {
  id: string;
  user_id: string;
  media_type: string;
  media_category: string;
  total_bytes: number;
  received: number | null;
  state: MediaState;
  width: number | null;
  height: number | null;
  created_at: number;
  expires_at: number;
  alt_text: string | null;
}

const COLUMNS = `CAST(m.id AS TEXT) AS id, CAST(m.user_id AS TEXT) AS user_id, m.media_type, m.media_category, m.total_bytes,
  (SELECT SUM(LENGTH(data)) FROM x_media_segments s WHERE s.media_id = m.id) AS received, m.state, m.width, m.height, m.created_at,
  m.expires_at, (SELECT alt_text FROM x_media_alt a WHERE a.media_id = m.id) AS alt_text`;

/**
 * Media storage of one sandbox database.
 *
 * @example
 * ```ts
 * const media = new MediaStore(db, ids, () => Date.now());
 * const item = media.init(user.id, 'image/png', 1024, 'tweet_image');
 * ```
 */
export class MediaStore {
  constructor(
    private readonly db: SandboxDatabase,
    private readonly ids: SnowflakeIds,
    private readonly now: () => number,
  ) {}

  /** Starts an upload (INIT). */
  init(userId: string, mediaType: string, totalBytes: number, category?: string): MediaRecord {
    if (!X_MEDIA_TYPES.has(mediaType)) {
      throw new MediaError('bad_request', `media_type must be one of ${[...X_MEDIA_TYPES].join(', ')}`);
    }
    const mediaCategory = category === undefined || category === '' ? defaultCategory(mediaType) : normalizeCategory(category);
    const limit = MEDIA_LIMITS[mediaCategory];
    if (limit === undefined) throw new MediaError('bad_request', 'media_category is invalid');
    if (!Number.isSafeInteger(totalBytes) || totalBytes < 1 || totalBytes > limit) {
      throw new MediaError('bad_request', `total_bytes must be between 1 and ${limit} for ${mediaCategory}`);
    }
    const id = this.ids.next();
    const now = this.now();
    prepared(
      this.db,
      `INSERT INTO x_media (id, user_id, media_type, media_category, total_bytes, state, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, 'uploading', ?, ?)`,
    ).run(id, BigInt(userId), mediaType, mediaCategory, totalBytes, now, now + EXPIRES_AFTER_SECS * 1000);
    return this.byId(id.toString()) as MediaRecord;
  }

  byId(id: string): MediaRecord | undefined {
    // An id as X writes them (decimal, in SQLite's range): BigInt alone took '0x10' and ' 1', and a 24-digit id
    // reached SQLite, which throws on an integer out of its range.
    const key = parseId(id);
    if (key === null) return undefined;
    const row = prepared(this.db, `SELECT ${COLUMNS} FROM x_media m WHERE m.id = ?`).get(key) as MediaRow | undefined;
    if (row === undefined || row.expires_at <= this.now()) return undefined;
    return {
      id: row.id,
      userId: row.user_id,
      mediaType: row.media_type,
      mediaCategory: row.media_category,
      totalBytes: row.total_bytes,
      receivedBytes: row.received ?? 0,
      state: row.state,
      width: row.width,
      height: row.height,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      altText: row.alt_text,
    };
  }

  /** The user's media item in any state, or a `not_found` error. */
  owned(userId: string, id: string): MediaRecord {
    const media = this.byId(id);
    if (media === undefined || media.userId !== userId) throw new MediaError('not_found', 'media_id not found');
    return media;
  }

  /** Stores one segment (APPEND); segments may be re-sent, the last copy wins. */
  append(userId: string, id: string, segmentIndex: number, data: Uint8Array): void {
    const media = this.owned(userId, id);
    if (media.state !== 'uploading') throw new MediaError('bad_request', 'media is already finalized');
    if (!Number.isInteger(segmentIndex) || segmentIndex < 0 || segmentIndex > 999) {
      throw new MediaError('bad_request', 'segment_index must be between 0 and 999');
    }
    if (data.length === 0 || data.length > MAX_SEGMENT_BYTES) throw new MediaError('bad_request', 'segment size is invalid');
    this.db.transaction(() => {
      prepared(this.db, 'INSERT OR REPLACE INTO x_media_segments (media_id, segment_index, data) VALUES (?, ?, ?)').run(
        BigInt(id),
        segmentIndex,
        data,
      );
      const total = (
        prepared(this.db, 'SELECT SUM(LENGTH(data)) AS n FROM x_media_segments WHERE media_id = ?').get(BigInt(id)) as { n: number }
      ).n;
      if (total > media.totalBytes) throw new MediaError('bad_request', 'segments exceed total_bytes');
    })();
  }

  /** Completes an upload (FINALIZE): all bytes must be there. Images are ready at once. */
  finalize(userId: string, id: string): MediaRecord {
    const media = this.owned(userId, id);
    if (media.state !== 'uploading') return media;
    if (media.receivedBytes !== media.totalBytes) {
      throw new MediaError('bad_request', `File size mismatch: received ${media.receivedBytes} of ${media.totalBytes} bytes`);
    }
    const first = prepared(this.db, 'SELECT data FROM x_media_segments WHERE media_id = ? ORDER BY segment_index LIMIT 1').get(
      BigInt(id),
    ) as { data: Buffer } | undefined;
    const size = media.mediaType.startsWith('image/') && first ? imageSize(first.data) : null;
    const state: MediaState = media.mediaType.startsWith('image/') && media.mediaCategory !== 'tweet_gif' ? 'succeeded' : 'pending';
    prepared(this.db, 'UPDATE x_media SET state = ?, width = ?, height = ? WHERE id = ?').run(
      state,
      size?.width ?? null,
      size?.height ?? null,
      BigInt(id),
    );
    return this.byId(id) as MediaRecord;
  }

  /** Sets (or with `null` clears) the alt text of the user's media item. */
  setAltText(userId: string, id: string, text: string | null): MediaRecord {
    const media = this.owned(userId, id);
    if (text === null) prepared(this.db, 'DELETE FROM x_media_alt WHERE media_id = ?').run(BigInt(id));
    else prepared(this.db, 'INSERT OR REPLACE INTO x_media_alt (media_id, alt_text) VALUES (?, ?)').run(BigInt(id), text);
    return { ...media, altText: text };
  }

  /** STATUS: a pending item finishes processing when its status is polled. */
  status(userId: string, id: string): MediaRecord {
    const media = this.owned(userId, id);
    if (media.state === 'pending') {
      prepared(this.db, "UPDATE x_media SET state = 'succeeded' WHERE id = ?").run(BigInt(id));
      return { ...media, state: 'succeeded' };
    }
    return media;
  }

  /** A simple (one-request) upload. */
  upload(userId: string, mediaType: string, data: Uint8Array, category?: string): MediaRecord {
    const media = this.init(userId, mediaType, data.length, category);
    this.append(userId, media.id, 0, data);
    return this.finalize(userId, media.id);
  }
}
