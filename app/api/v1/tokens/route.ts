import { newTokenBody } from '@/lib/shared/api/contract';
import { createApiToken, listApiTokens } from '@/lib/platform/accounts/service';
import { requireUser } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';

export const dynamic = 'force-dynamic';

const body = newTokenBody;

/** Creates an API token; the secret is in this response only. */
export const POST = route(async (req: Request) => {
  const p = await requireUser(req);
  const { name, scope } = await readJson(req, body, { optional: true });
  const t = await createApiToken((await deps()).db, p.userId, name, scope);
  return json({ id: t.id, name: t.name, prefix: t.prefix, scope: t.scope, token: t.token, createdAt: t.createdAt.toISOString() }, 201);
});

export const GET = route(async (req: Request) => {
  const p = await requireUser(req);
  return json({ tokens: await listApiTokens((await deps()).db, p.userId) });
});
