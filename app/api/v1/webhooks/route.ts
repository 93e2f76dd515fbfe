import { webhookBody } from '@/lib/shared/api/contract';
import { requireUser } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { createWebhook, listWebhooks } from '@/lib/process/notify/webhooks';
import { deps } from '@/lib/server/deps';

export const dynamic = 'force-dynamic';

const body = webhookBody;

/** Your webhook endpoints (secrets included: they are yours). */
export const GET = route(async (req: Request) => {
  const user = await requireUser(req);
  return json({ webhooks: await listWebhooks((await deps()).db, user.userId) });
});

/** `{url}` → 201 `{id, url, secret, events}`; deliveries are signed with the secret (Standard Webhooks). */
export const POST = route(async (req: Request) => {
  const user = await requireUser(req);
  const { url } = await readJson(req, body);
  const { db, config } = await deps();
  return json(await createWebhook(db, user.userId, url, { allowPrivate: config.WEFT_WEBHOOK_ALLOW_PRIVATE === 'true' }), 201);
});
