import { requireUser } from '@/lib/server/http/auth';
import { json, route } from '@/lib/server/http/respond';

export const dynamic = 'force-dynamic';

export const GET = route(async (req: Request) => {
  const p = await requireUser(req);
  return json({ user: { id: p.userId, email: p.email, name: p.name, role: p.role } });
});
