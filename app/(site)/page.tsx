import Link from 'next/link';
import { redirect } from 'next/navigation';
import { videoViewFor } from '@/lib/server/http/video-view';
import { deps } from '@/lib/server/deps';
import { findDeletedVideo } from '@/lib/videos/repo';
import LibraryGrid, { type Shelf } from '@/app/LibraryGrid';
import FolderForm from '@/app/FolderForm';
import { viewCounts } from '@/lib/watch/analytics/insights';
import { headers } from 'next/headers';
import { currentPrincipal, viewerOf } from '@/lib/server/http/auth';
import { baseUrlOf } from '@/lib/server/http/origin';
import { listLibrary } from '@/lib/library/listing';
import { listFolders } from '@/lib/library/people-folders';
import { getWorkspace, listMembers } from '@/lib/library/teams';
import { canRecord } from '@/lib/videos/policy';
import { isUuid } from '@/lib/shared/ids';

export const dynamic = 'force-dynamic';

const LEDES = {
  mine: 'Your recordings in this workspace. Each one has a link that plays anywhere.',
  shared: 'Videos people shared with you by name.',
  workspace: 'Every video of the workspace you can watch.',
  folder: 'The videos in this folder you can watch.',
} as const;

/** The library: shelves (my videos, shared with me, the workspace, its folders), each with its own search. */
export default async function LibraryPage({ searchParams }: { searchParams: Promise<{ deleted?: string; shelf?: string; folder?: string }> }) {
  const req = { headers: await headers() };
  const user = await currentPrincipal(req);
  if (!user) redirect('/login?next=/');
  const { db } = deps();
  const viewer = viewerOf(user);
  const base = baseUrlOf(req);
  const params = await searchParams;
  const wsId = user.currentWorkspaceId;
  const ws = wsId ? await getWorkspace(db, viewer, wsId) : null;
  const folders = wsId ? await listFolders(db, viewer, wsId) : [];
  const folder = params.shelf === 'folder' && params.folder && isUuid(params.folder) ? folders.find((f) => f.id === params.folder) : undefined;
  const scope: Shelf['scope'] = folder ? 'folder' : params.shelf === 'shared' ? 'shared' : params.shelf === 'workspace' && ws ? 'workspace' : 'mine';
  const shelf: Shelf = { scope, workspaceId: wsId, folderId: folder?.id ?? null, name: folder?.name ?? null };
  const rows = scope === 'mine' && !wsId ? [] : await listLibrary(db, viewer, { scope, workspaceId: wsId, folderId: folder?.id, limit: 200 });
  const videos = await Promise.all(rows.map((r) => videoViewFor(r.video, base, r.canManage)));
  const views = Object.fromEntries(await viewCounts(db, videos.filter((v) => v.canManage).map((v) => v.id)));
  // a video deleted from its watch page: offered for Undo here
  const justDeleted = params.deleted ? await findDeletedVideo(db, params.deleted, viewer) : null;
  const members = wsId ? (await listMembers(db, viewer, wsId)).filter((m) => m.userId !== user.userId).map((m) => ({ userId: m.userId, name: m.name })) : [];
  const tab = (href: string, label: React.ReactNode, current: boolean, testId: string) => (
    <Link href={href} className="tab" aria-current={current ? 'page' : undefined} data-testid={testId}>
      {label}
    </Link>
  );
  return (
    <>
      <div className="library-head">
        <h1>{folder ? folder.name : 'Library'}</h1>
        {wsId && canRecord(wsId, viewer) && <FolderForm workspaceId={wsId} members={members} />}
      </div>
      <p className="lede">{LEDES[scope]}</p>
      <nav className="shelves" aria-label="Library shelves">
        {tab('/', 'My videos', scope === 'mine', 'shelf-mine')}
        {tab('/?shelf=shared', 'Shared with me', scope === 'shared', 'shelf-shared')}
        {ws && tab('/?shelf=workspace', `All in ${ws.name}`, scope === 'workspace', 'shelf-workspace')}
        {folders.map((f) =>
          tab(
            `/?shelf=folder&folder=${f.id}`,
            <>
              {f.name}
              {f.access === 'members' && <span className="shelf-lock">(members only)</span>}
            </>,
            folder?.id === f.id,
            'shelf-folder',
          ),
        )}
      </nav>
      <LibraryGrid
        key={`${scope}:${folder?.id ?? ''}`}
        initial={videos}
        views={views}
        shelf={shelf}
        canImport={Boolean(wsId && canRecord(wsId, viewer)) && (scope === 'mine' || scope === 'folder')}
        deleted={justDeleted ? { id: justDeleted.id, title: justDeleted.title } : null}
      />
    </>
  );
}
