import { workspaceBody } from '@/lib/shared/api/contract';
import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { createWorkspace, joinableWorkspaces, listWorkspaces } from '@/lib/library/teams';

export const dynamic = 'force-dynamic';

export const GET = route(async (req: Request) => {
  const p = await requireUser(req);
  const { db } = deps();
  return json({ workspaces: await listWorkspaces(db, p.userId), currentId: p.currentWorkspaceId, joinable: await joinableWorkspaces(db, p.userId) });
});

export const POST = route(async (req: Request) => {
  const p = await requireUser(req);
  const { name } = await readJson(req, workspaceBody);
  const { db, config, clock } = deps();
  return json(await createWorkspace(db, viewerOf(p), name, { allowed: config.WEFT_WORKSPACE_CREATION === 'anyone', clock }), 201);
});
