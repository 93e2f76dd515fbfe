import { shareLinkBody } from '@/lib/shared/api/contract';
import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { baseUrlOf, json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { createShareLink, listShareLinks } from '@/lib/library/sharing';
import { shareUrl } from '@/lib/videos/view';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

const body = shareLinkBody;

export const POST = route(async (req: Request, ctx: Ctx) => {
  const user = await requireUser(req);
  const { id } = await ctx.params;
  const { expiresInSeconds } = await readJson(req, body);
  const { db, signingKey } = await deps();
  const link = await createShareLink(db, id, viewerOf(user), expiresInSeconds, signingKey);
  return json(
    {
      id: link.id,
      token: link.token,
      url: `${shareUrl(baseUrlOf(req), id)}?token=${encodeURIComponent(link.token)}`,
      expiresAt: link.expiresAt.toISOString(),
    },
    201,
  );
});

export const GET = route(async (req: Request, ctx: Ctx) => {
  const user = await requireUser(req);
  const { id } = await ctx.params;
  const { db, signingKey } = await deps();
  const links = await listShareLinks(db, id, viewerOf(user), signingKey);
  return json({
    shareLinks: links.map((l) => ({
      id: l.id,
      expiresAt: l.expiresAt.toISOString(),
      revokedAt: l.revokedAt?.toISOString() ?? null,
      createdAt: l.createdAt.toISOString(),
      active: l.active,
      url: l.token ? `${shareUrl(baseUrlOf(req), id)}?token=${encodeURIComponent(l.token)}` : null,
    })),
  });
});
