/**
 * Connecting the browser extension: the signed-in person approves on /extension/connect, the
 * server makes an API token scoped to recording, and the page hands it to the extension by sending
 * the browser to the extension's own page with the token in the fragment (never sent to a server).
 * Only extensions this server knows may be handed a token.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { assertNotThrottled, recordEvent, takeThrottled } from '../platform/accounts/throttle';
import { createApiToken } from '../platform/accounts/service';
import { hashSecret, newSecret } from '../platform/accounts/tokens';
import type { Db } from '../platform/db/client';
import { extensionGrants, users } from '../platform/db/schema';
import { WeftError } from '../platform/errors';
import { systemClock, type Clock } from '../platform/clock';
import { WEFT_EXTENSION_ID } from '../shared/extension-id';

export { WEFT_EXTENSION_ID };


/** `configured`: WEFT_EXTENSION_IDS. */
export function allowedExtensionIds(configured: string | undefined): string[] {
  const ids = (configured ?? '').split(/[\s,]+/).filter(Boolean);
  return ids.length > 0 ? ids : [WEFT_EXTENSION_ID];
}

export const connectQuery = z.object({
  extension: z.string().regex(/^[a-p]{32}$/, 'is not a Chrome extension id'),
  /** The extension's nonce, returned untouched: it only accepts a token for a Connect it started. */
  state: z.string().regex(/^[\w-]{16,128}$/, 'is not a connect state'),
  /** Names the token ("Chrome on Linux"). */
  browser: z
    .string()
    .trim()
    .max(60)
    .transform((s) => s.replace(/[^\p{L}\p{N} ._()-]/gu, '').trim() || 'a browser')
    .default('a browser'),
});
export type ConnectRequest = z.infer<typeof connectQuery>;

export type ConnectCheck = { ok: true; request: ConnectRequest } | { ok: false; message: string };

/** `allowedIds`: the extensions this server knows (`allowedExtensionIds`). */
export function checkConnect(query: Record<string, string | string[] | undefined>, allowedIds: readonly string[]): ConnectCheck {
  const flat = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const r = connectQuery.safeParse(flat);
  if (!r.success) return { ok: false, message: 'This connect link is broken. Click Connect in the Weft extension again.' };
  if (!allowedIds.includes(r.data.extension)) {
    return { ok: false, message: 'This server does not know that extension. Its administrator can allow it with WEFT_EXTENSION_IDS.' };
  }
  return { ok: true, request: r.data };
}

export const tokenNameFor = (browser: string) => `Weft extension — ${browser}`;

/**
 * Where the browser goes after the person answered: this server's own page, the answer (a one-time
 * code, or `error=denied`) in the fragment. The extension takes it from the tab it opened itself
 * for this Connect, and from no other — no extension page is open to the web.
 */
export const CONNECTED_PATH = '/extension/connected';

export const GRANT_TTL_MS = 5 * 60_000;

/** Approve: a one-time code for the extension's state; no token exists until the extension trades it. */
export async function createGrant(db: Db, userId: string, req: { state: string; browser: string }, clock: Clock = systemClock): Promise<{ code: string; expiresAt: Date }> {
  const code = newSecret('weftc_');
  const expiresAt = new Date(clock.now() + GRANT_TTL_MS);
  await db.transaction(async (tx) => {
    // a person approves a few connections, not a loop of them
    await takeThrottled(tx, [{ key: `ext-grant-make:${userId}`, limit: 10, windowMs: 10 * 60_000, message: 'Too many extension connections approved.' }]);
    await tx.insert(extensionGrants).values({ codeHash: hashSecret(code), userId, state: req.state, tokenName: tokenNameFor(req.browser), expiresAt });
  });
  return { code, expiresAt };
}

/** The extension trades a code (with the state it made) for a recording token: once, before it expires. */
export async function redeemGrant(db: Db, input: { code: string; state: string; ip: string }, clock: Clock = systemClock) {
  const rules = [{ key: `ext-grant:${input.ip}`, limit: 20, windowMs: 10 * 60_000, message: 'Too many connect attempts.' }];
  await assertNotThrottled(db, rules);
  const [grant] = await db
    .update(extensionGrants)
    .set({ usedAt: new Date(clock.now()) })
    .where(
      and(
        eq(extensionGrants.codeHash, hashSecret(input.code)),
        eq(extensionGrants.state, input.state),
        isNull(extensionGrants.usedAt),
        gt(extensionGrants.expiresAt, new Date(clock.now())),
      ),
    )
    .returning();
  if (!grant) {
    await recordEvent(db, rules.map((r) => r.key));
    throw new WeftError('forbidden', 'This connect code is not valid (used, expired or for another browser). Click Connect in the extension again.');
  }
  const [user] = await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, grant.userId));
  if (!user) throw new WeftError('forbidden', 'The account that approved this connection is gone.');
  const t = await createApiToken(db, grant.userId, grant.tokenName, 'recording');
  return { token: t.token, user };
}
