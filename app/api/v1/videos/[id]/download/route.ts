import { clientIp, requireVideoAccess } from '@/lib/server/http/auth';
import { route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { downloadResponse, downloadRules } from '@/lib/watch/download';
import { takeThrottled } from '@/lib/platform/accounts/throttle';
import { throttleAddress } from '@/lib/platform/net/address';

export const dynamic = 'force-dynamic';

/** The video as MP4 (`?token=` for a share link): the owner and workspace admins always, viewers when the owner allows downloads. */
async function handle(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  const { video, principal, manager } = await requireVideoAccess(req, id);
  const d = deps();
  // a download is heavy: counted per account (or network address) before anything is read
  if (req.method === 'GET' && !req.headers.get('range')) await takeThrottled(d.db, downloadRules(principal?.userId ?? null, throttleAddress(clientIp(req))), d.clock);
  return downloadResponse({ db: d.db, storage: d.storage, ffmpeg: d.config.FFMPEG_PATH }, video, manager, req);
}

export const GET = route(handle);
