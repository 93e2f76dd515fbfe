import { cookies, headers } from 'next/headers';
import type { Principal } from '@/lib/auth/service';
import { principalOf, unlockCookieName, viewerOf } from '@/lib/http/auth';
import { runtime } from '@/lib/runtime';
import { checkUnlockProof } from '@/lib/streaming/signing';
import { accessVideo } from '@/lib/videos/sharing';

/** The signed-in user in a server component, or null. */
export async function currentUser(): Promise<Principal | null> {
  return principalOf({ headers: await headers() }).catch(() => null);
}

/** The video policy's decision for the page's request. */
export async function pageVideoAccess(videoId: string, shareToken: string | null) {
  const principal = await currentUser();
  const { db, signingKey } = await runtime();
  const unlock = (await cookies()).get(unlockCookieName(videoId))?.value;
  const result = await accessVideo(db, videoId, {
    viewer: viewerOf(principal),
    shareToken,
    passwordUnlocked: (v) => checkUnlockProof(signingKey, v.id, v.passwordVersion, unlock),
  });
  return { ...result, principal };
}
