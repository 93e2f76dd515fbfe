import { extensionRedeemBody } from '@/lib/shared/api/contract';
import { redeemGrant } from '@/lib/record/extension';
import { clientIp } from '@/lib/server/http/auth';
import { cookielessRoute, json, readJson } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { throttleAddress } from '@/lib/platform/net/address';

export const dynamic = 'force-dynamic';

/** `{code, state}` → `{token, user}`: the extension trades its one-time code (throttled per address). */
// called from the extension's origin, with no cookie: the code is the credential
export const POST = cookielessRoute(async (req: Request) => {
  const body = await readJson(req, extensionRedeemBody);
  return json(await redeemGrant((await deps()).db, { ...body, ip: throttleAddress(clientIp(req)) }));
});
