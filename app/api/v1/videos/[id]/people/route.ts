import { personBody } from '@/lib/shared/api/contract';
import { requireUser, viewerOf } from '@/lib/server/http/auth';
import { baseUrlOf, json, readJson, route } from '@/lib/server/http/respond';
import { deps } from '@/lib/server/deps';
import { addPerson, listPeople } from '@/lib/library/people-folders';
import { inviteUrl } from '@/lib/library/teams';
import { sharedEmail } from '@/lib/process/notify/mail';
import { instanceName, sendMail } from '@/lib/server/http/team';
import { shareUrl } from '@/lib/videos/view';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (req: Request, ctx: Ctx) => {
  const p = await requireUser(req);
  const people = await listPeople(deps().db, viewerOf(p), (await ctx.params).id);
  return json({ people: people.map((x) => ({ ...x, createdAt: x.createdAt.toISOString() })) });
});

/** Shares with a person: an account is told by e-mail with the video's link; anyone else gets an invite to it. */
export const POST = route(async (req: Request, ctx: Ctx) => {
  const p = await requireUser(req);
  const { email } = await readJson(req, personBody);
  const { db, signingKey, clock } = deps();
  const id = (await ctx.params).id;
  const r = await addPerson(db, viewerOf(p), id, email, signingKey, clock);
  const base = baseUrlOf(req);
  const url = r.invite ? inviteUrl(base, r.invite.token) : null;
  const emailed = await sendMail(email, sharedEmail({ sharer: p.name, title: r.title, link: url ?? shareUrl(base, id), instance: instanceName(base) }));
  return json({ ...r.person, createdAt: r.person.createdAt.toISOString(), inviteUrl: url, emailed }, 201);
});
