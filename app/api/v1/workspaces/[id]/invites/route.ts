import { inviteBody } from '@/lib/shared/api/contract';
import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { baseUrlOf, json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { createInvite, inviteUrl, listInvites } from '@/lib/library/teams';
import { inviteEmail } from '@/lib/process/notify/mail';
import { instanceName, sendMail } from '@/lib/server/http/team';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route(async (req: Request, ctx: Ctx) => {
  const p = await requireUser(req);
  const input = await readJson(req, inviteBody);
  const { db, signingKey, clock } = deps();
  const inv = await createInvite(db, viewerOf(p), (await ctx.params).id, input, signingKey, clock);
  const base = baseUrlOf(req);
  const url = inviteUrl(base, inv.token);
  const emailed = await sendMail(input.email, inviteEmail({ inviter: p.name, workspace: inv.workspaceName, role: input.role, link: url, instance: instanceName(base), expires: inv.expiresAt.toUTCString() }));
  return json({ id: inv.id, url, expiresAt: inv.expiresAt.toISOString(), emailed }, 201);
});

export const GET = route(async (req: Request, ctx: Ctx) => {
  const p = await requireUser(req);
  const { db, signingKey, clock } = deps();
  const base = baseUrlOf(req);
  const rows = await listInvites(db, viewerOf(p), (await ctx.params).id, signingKey, clock);
  return json({
    invites: rows.map(({ token, ...r }) => ({ ...r, url: token ? inviteUrl(base, token) : null, expiresAt: r.expiresAt.toISOString(), createdAt: r.createdAt.toISOString() })),
  });
});
