import { extensionGrantBody } from '@/lib/shared/api/contract';
import { WeftError } from '@/lib/platform/errors';
import { createGrant } from '@/lib/record/extension';
import { requireUser } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';

export const dynamic = 'force-dynamic';

/** `{state, browser}` → 201 `{code, expiresAt}`: the connect page's Allow (a session of the web app only). */
export const POST = route(async (req: Request) => {
  const user = await requireUser(req);
  if (user.via !== 'session') throw new WeftError('forbidden', 'Approve the extension in the web app.');
  const body = await readJson(req, extensionGrantBody);
  return json(await createGrant((await deps()).db, user.userId, body), 201);
});
