import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { deps } from '@/lib/server/deps';
import { currentPrincipal } from '@/lib/server/http/auth';
import { findInvite } from '@/lib/library/teams';
import { isWeftError } from '@/lib/platform/errors';
import InviteAccept from './InviteAccept';
import { safeDecode } from '@/lib/shared/ids';

export const metadata: Metadata = { title: 'Invite', robots: { index: false } };
export const dynamic = 'force-dynamic';

/**
 * An invite link: what it is for, then accept — as the signed-in account when it has the invited
 * address, else by making an account for that address (or logging in as it).
 */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const token = safeDecode((await params).token);
  const { db, clock, config } = deps();
  const user = await currentPrincipal({ headers: await headers() });
  let found: Awaited<ReturnType<typeof findInvite>>;
  try {
    found = await findInvite(db, token, clock);
  } catch (e) {
    return (
      <div className="auth">
        <h1>This invite cannot be used</h1>
        <p className="error" role="alert" data-testid="invite-error">
          {isWeftError(e) ? e.message : 'This invite link is not valid.'}
        </p>
        <p>
          <Link href={user ? '/' : '/login'}>{user ? 'Go to your library' : 'Log in'}</Link>
        </p>
      </div>
    );
  }
  const { invite, workspace, video } = found;
  const what = video ? `to watch “${video.title}”` : `to join ${workspace.name} as ${invite.role === 'admin' ? 'an admin' : `a ${invite.role}`}`;
  const sso = config.WEFT_OIDC_ISSUER ? config.WEFT_OIDC_NAME : null;
  return (
    <div className="auth">
      <h1>{video ? 'A video was shared with you' : `Join ${workspace.name}`}</h1>
      <p className="lede" data-testid="invite-what">
        This invite for {invite.email} is {what}.
      </p>
      <InviteAccept
        token={token}
        email={invite.email}
        signedIn={user ? { name: user.name, email: user.email } : null}
        next={video ? `/v/${video.id}` : '/'}
        passwords={config.WEFT_PASSWORD_LOGIN === 'on'}
        sso={sso}
      />
    </div>
  );
}
