import { folderBody } from '@/lib/shared/api/contract';
import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { createFolder, listFolders } from '@/lib/library/people-folders';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const p = await requireUser(req);
  return json({ folders: await listFolders(deps().db, viewerOf(p), (await ctx.params).id) });
});

export const POST = route(async (req: Request, ctx: Ctx) => {
  const p = await requireUser(req);
  const input = await readJson(req, folderBody);
  const { db, clock } = deps();
  return json(await createFolder(db, viewerOf(p), (await ctx.params).id, input, clock), 201);
});
