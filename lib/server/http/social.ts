import { throttleAddress } from '../../platform/net/address';
import type { Commenter } from '../../watch/social';
import { clientIp, requireVideoAccess, viewerOf } from './auth';

/** The video the request may watch, and who is speaking (viewer, manager, address). */
export async function socialContext(req: Request, videoId: string) {
  const { video, principal, manager } = await requireVideoAccess(req, videoId);
  // throttles count an IPv6 client by its /64
  const who: Commenter = { viewer: viewerOf(principal), manager, ip: throttleAddress(clientIp(req)) };
  return { video, who };
}
