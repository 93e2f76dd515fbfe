import { and, desc, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import { videoPatchBody } from '../shared/api/contract';
import { hashPassword, verifyPassword } from '../platform/accounts/password';
import { clearFailures, takeThrottled, type ThrottleRule } from '../platform/accounts/throttle';
import { throttleAddress } from '../platform/net/address';
import { createHmac, randomUUID } from 'node:crypto';
import { hashSecret } from '../platform/accounts/tokens';
import type { Db, DbOrTx } from '../platform/db/client';
import { shareLinks, uploads, videos } from '../platform/db/schema';
import { enqueueJob } from '../platform/queue/payloads';
import { retranscribe } from '../process/publish';
import { refreshSearchDocument } from '../videos/search-document';
import { WeftError } from '../platform/errors';
import { isUuid } from '../shared/ids';
import { cutsToTrim, keptMs, MIN_KEPT_MS, normalizeCuts, sameCuts, TO_THE_END_MS, trimToCuts, type Cut } from '../shared/cuts';
import { decideView, type ShareTokenState, type ViewDecision, type Viewer } from '../videos/policy';
import { findVideo, requireManagedVideo, type VideoRow } from '../videos/repo';
import { systemClock, type Clock } from '../platform/clock';
import type { VideoId } from '../shared/api/enums';
import { bumpAccessEpoch } from '../videos/access-epoch';
import { accessFactsOf } from '../videos/access-facts';

/** What an owner may change about a video (the API contract's schema). */
export const videoPatchSchema = videoPatchBody;

export { requireManagedVideo } from '../videos/repo';

export async function updateVideo(db: Db, idParam: string, viewer: Viewer, patch: z.infer<typeof videoPatchSchema>): Promise<VideoRow> {
  const v = await requireManagedVideo(db, idParam, viewer);
  const id = v.id;
  const set: Partial<typeof videos.$inferInsert> = { updatedAt: new Date() };
  if (patch.title !== undefined) {
    set.title = patch.title;
    set.autoTitle = false;
  }
  if (patch.visibility !== undefined) set.visibility = patch.visibility;
  if (patch.comments !== undefined) set.commentPolicy = patch.comments;
  if (patch.password !== undefined) {
    set.passwordHash = patch.password === null ? null : await hashPassword(patch.password);
    set.passwordVersion = v.passwordVersion + 1; // earlier unlocks stop working
  }
  // a changed visibility or password ends every media URL handed out under the old access
  const passwordChanged = patch.password !== undefined && (patch.password !== null || v.passwordHash !== null);
  if ((patch.visibility !== undefined && patch.visibility !== v.visibility) || passwordChanged) set.accessEpoch = v.accessEpoch + 1;
  const nextCuts = cutsOfPatch(v, patch);
  const cutsChanged = nextCuts !== null && !sameCuts(nextCuts, v.cuts);
  if (nextCuts !== null) set.cuts = nextCuts;
  if (patch.downloads !== undefined) set.downloads = patch.downloads;
  const languageChanged = patch.language !== undefined && patch.language !== v.language;
  if (patch.language !== undefined) set.language = patch.language;
  return db.transaction(async (tx) => {
    const [upload] = cutsChanged
      ? await tx
          .select({ id: uploads.id })
          .from(uploads)
          .where(and(eq(uploads.videoId, id), eq(uploads.status, 'complete')))
      : [];
    // a new version with the new cuts (a recording still uploading gets them when it is processed);
    // until it is complete the current version keeps playing
    if (upload && v.outputVersion) Object.assign(set, { processingStage: 'queued', processingProgress: 0 });
    const [row] = await tx.update(videos).set(set).where(eq(videos.id, id)).returning();
    if (patch.title !== undefined) await refreshSearchDocument(tx, id);
    if (upload) await enqueueJob(tx, 'process-video', { videoId: id, uploadId: upload.id, reason: 'cuts' }, { videoId: id });
    // a new language transcribes the current version again (new cuts make a new version, which gets its transcript anyway)
    if (languageChanged && !cutsChanged && v.outputVersion) await retranscribe(tx, id, v.outputVersion);
    return row!;
  });
}

/**
 * The cuts a patch asks for (null: unchanged), normalized, refused when they leave (almost) nothing.
 * `trimStartMs`/`trimEndMs` replace the cuts at the two ends and keep those in between.
 */
export function cutsOfPatch(v: Pick<VideoRow, 'cuts' | 'sourceDurationMs'>, patch: z.infer<typeof videoPatchSchema>): Cut[] | null {
  let next: Cut[];
  if (patch.cuts !== undefined) next = normalizeCuts(patch.cuts);
  else if (patch.trimStartMs !== undefined || patch.trimEndMs !== undefined) {
    const trim = cutsToTrim(v.cuts, v.sourceDurationMs);
    const start = patch.trimStartMs !== undefined ? patch.trimStartMs : trim.startMs;
    const end = patch.trimEndMs !== undefined ? patch.trimEndMs : trim.endMs;
    if (start !== null && end !== null && end <= start) throw new WeftError('validation_failed', 'trimEndMs must be after trimStartMs.');
    const ends = trimToCuts(trim.startMs, trim.endMs);
    const middle = normalizeCuts(v.cuts).filter((c) => !ends.some((e) => e.startMs <= c.startMs && e.endMs >= c.endMs));
    next = normalizeCuts([...middle, ...trimToCuts(start, end)]);
  } else return null;
  const length = v.sourceDurationMs ?? TO_THE_END_MS;
  if (keptMs(next, length) < MIN_KEPT_MS) {
    throw new WeftError('everything_cut', v.sourceDurationMs === null ? 'These cuts leave nothing of the video.' : `These cuts leave less than ${MIN_KEPT_MS / 1000} s of the ${Math.round(v.sourceDurationMs / 1000)} s video.`);
  }
  return next;
}

/**
 * A share link's token is derived from its id with the server's key (HMAC), so the owner can be
 * shown the link for as long as it lives while the database keeps only the token's hash: a copy of
 * the database alone opens nothing.
 */
export function shareLinkToken(key: string, linkId: string): string {
  return createHmac('sha256', `${key}:share-link`).update(linkId).digest('base64url');
}

export async function createShareLink(db: Db, videoIdParam: string, viewer: Viewer, expiresInSeconds: number, key: string, clock: Clock = systemClock) {
  const videoId = (await requireManagedVideo(db, videoIdParam, viewer)).id;
  const id = randomUUID();
  const token = shareLinkToken(key, id);
  const expiresAt = new Date(clock.now() + expiresInSeconds * 1000);
  const [row] = await db
    .insert(shareLinks)
    .values({ id, videoId, tokenHash: hashSecret(token), createdBy: viewer.userId, expiresAt })
    .returning({ id: shareLinks.id, expiresAt: shareLinks.expiresAt });
  return { id: row!.id, token, expiresAt: row!.expiresAt };
}

/**
 * The video's share links, newest first, each with its token while it is active (null for a
 * revoked or expired link, and for a link made before tokens were derived: that one cannot be
 * shown again).
 */
export async function listShareLinks(db: Db, videoIdParam: string, viewer: Viewer, key: string, clock: Clock = systemClock) {
  const videoId = (await requireManagedVideo(db, videoIdParam, viewer)).id;
  const rows = await db
    .select({ id: shareLinks.id, tokenHash: shareLinks.tokenHash, expiresAt: shareLinks.expiresAt, revokedAt: shareLinks.revokedAt, createdAt: shareLinks.createdAt })
    .from(shareLinks)
    .where(eq(shareLinks.videoId, videoId))
    .orderBy(desc(shareLinks.createdAt));
  return rows.map(({ tokenHash, ...l }) => {
    const active = !l.revokedAt && l.expiresAt.getTime() > clock.now();
    const token = shareLinkToken(key, l.id);
    return { ...l, active, token: active && hashSecret(token) === tokenHash ? token : null };
  });
}

/** Revokes by the token itself or by the link's id. */
export async function revokeShareLink(db: Db, videoIdParam: string, viewer: Viewer, tokenOrId: string): Promise<void> {
  const videoId = (await requireManagedVideo(db, videoIdParam, viewer)).id;
  const isId = isUuid(tokenOrId);
  const hit = await db
    .update(shareLinks)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(shareLinks.videoId, videoId),
        isId ? eq(shareLinks.id, tokenOrId) : eq(shareLinks.tokenHash, hashSecret(tokenOrId)),
        isNull(shareLinks.revokedAt),
      ),
    )
    .returning({ id: shareLinks.id });
  if (hit.length === 0) throw new WeftError('not_found', 'No such active share link for this video.');
  // the media URLs that link handed out stop working
  await bumpAccessEpoch(db, videoId);
}

export async function shareTokenState(db: DbOrTx, videoId: VideoId, token: string | null | undefined, clock: Clock = systemClock): Promise<ShareTokenState> {
  if (!token) return 'none';
  if (token.length > 200) return 'unknown';
  const [row] = await db
    .select()
    .from(shareLinks)
    .where(and(eq(shareLinks.tokenHash, hashSecret(token)), eq(shareLinks.videoId, videoId)));
  if (!row) return 'unknown';
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt.getTime() <= clock.now()) return 'expired';
  return 'valid';
}

export interface AccessRequest {
  viewer: Viewer;
  shareToken?: string | null;
  passwordUnlocked: (video: VideoRow) => boolean;
  clock?: Clock;
}

/** Resolves a video and the policy's decision for this viewer; a missing video is a 404 decision. */
export async function accessVideo<V extends VideoRow = VideoRow>(
  db: DbOrTx,
  id: string,
  req: AccessRequest & {
    /** Loads the video (by default `findVideo`): a caller that needs more of it takes it in the same query. */
    load?: (db: DbOrTx, id: string) => Promise<V | null>;
  },
): Promise<{ video: V | null; decision: ViewDecision }> {
  const video = req.load ? await req.load(db, id) : ((await findVideo(db, id)) as V | null);
  if (!video) return { video: null, decision: { allow: false, code: 'video_not_found', message: 'No video with this id.' } };
  const facts = await accessFactsOf(db, video, req.viewer);
  const decision = decideView(facts.video, req.viewer, {
    shareToken: await shareTokenState(db, video.id, req.shareToken, req.clock),
    passwordUnlocked: req.passwordUnlocked(video),
    ...facts.personal,
  });
  return { video, decision };
}

/**
 * The throttles of a viewing password: per address (an IPv6 client by its /64) on this video and
 * across videos, and per account for a signed-in viewer. None is shared by every viewer: guessing
 * from anywhere else never refuses the right password from a fresh address.
 */
export function videoPasswordRules(videoId: VideoId, who: { address: string; userId: string | null }): ThrottleRule[] {
  const rules: ThrottleRule[] = [
    { key: `video-pw:${videoId}:${who.address}`, limit: 5, windowMs: 15 * 60_000, message: 'Too many wrong passwords from your network address.' },
    { key: `video-pw-any:${who.address}`, limit: 30, windowMs: 15 * 60_000, message: 'Too many wrong passwords from your network address.' },
  ];
  if (who.userId) rules.push({ key: `video-pw-user:${videoId}:${who.userId}`, limit: 5, windowMs: 15 * 60_000, message: 'Too many wrong passwords.' });
  return rules;
}

/** Checks a viewing password (throttled per address and per account, see videoPasswordRules). */
export async function checkVideoPassword(db: Db, video: VideoRow, password: string, who: { ip: string; userId: string | null }, clock: Clock = systemClock): Promise<void> {
  const rules = videoPasswordRules(video.id, { address: throttleAddress(who.ip), userId: who.userId });
  // every attempt is counted, atomically with the check, before the slow hash (parallel guesses
  // cannot all pass); the right password takes its attempts on this video back
  await db.transaction((tx) => takeThrottled(tx, rules, clock));
  if (!video.passwordHash || !(await verifyPassword(password, video.passwordHash))) {
    throw new WeftError('wrong_password', 'That password is not right.');
  }
  await clearFailures(db, rules[0]!.key);
}
