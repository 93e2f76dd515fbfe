import { acceptInviteBody } from '@/lib/shared/api/contract';
import { clientIp, principalOf } from '@/lib/server/http/auth';
import { readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { acceptInvite, inviteRules } from '@/lib/library/teams';
import { takeThrottled } from '@/lib/platform/accounts/throttle';
import { throttleAddress } from '@/lib/platform/net/address';
import { WeftError } from '@/lib/platform/errors';
import { signedInResponse } from '@/lib/server/http/team';

export const dynamic = 'force-dynamic';

/**
 * Accepts an invite as the signed-in account, or with {name, password} as a new account for the
 * invited address; either way this browser ends up signed in as the account that accepted.
 */
export const POST = route(async (req: Request, ctx: { params: Promise<{ token: string }> }) => {
  const { db, clock, config } = deps();
  await db.transaction((tx) => takeThrottled(tx, inviteRules(throttleAddress(clientIp(req))), clock));
  const body = await readJson(req, acceptInviteBody, { optional: true });
  const p = await principalOf(req);
  const token = (await ctx.params).token;
  let r;
  if (body.name !== undefined && body.password !== undefined) {
    if (config.WEFT_PASSWORD_LOGIN === 'off') throw new WeftError('password_login_off', 'This Weft signs in with single sign-on only: sign in with it, then open the invite again.');
    r = await acceptInvite(db, token, { kind: 'new_account', name: body.name, password: body.password }, clock);
  } else {
    if (!p) throw new WeftError('unauthorized', 'Log in to accept this invite, or give a name and a password to make an account.');
    r = await acceptInvite(db, token, { kind: 'signed_in', userId: p.userId, email: p.email }, clock);
  }
  return signedInResponse(req, r.userId, { workspaceId: r.workspaceId, videoId: r.videoId });
});
