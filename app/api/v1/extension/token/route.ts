import { extensionRedeemBody } from '@/lib/api/contract';
import { redeemGrant } from '@/lib/extension/connect';
import { clientIp } from '@/lib/http/auth';
import { cookielessRoute, json, readJson } from '@/lib/http/respond';
import { runtime } from '@/lib/runtime';
import { throttleAddress } from '@/lib/net/address';

export const dynamic = 'force-dynamic';

/** `{code, state}` → `{token, user}`: the extension trades its one-time code (throttled per address). */
// called from the extension's origin, with no cookie: the code is the credential
export const POST = cookielessRoute(async (req: Request) => {
  const body = await readJson(req, extensionRedeemBody);
  return json(await redeemGrant((await runtime()).db, { ...body, ip: throttleAddress(clientIp(req)) }));
});
