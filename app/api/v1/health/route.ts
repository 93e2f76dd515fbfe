import { pingDatabase } from '@/lib/db/client';
import { json, route } from '@/lib/http/respond';
import { runtime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** Liveness and readiness: the database answers. */
export const GET = route(async () => {
  const { db, database } = await runtime();
  await pingDatabase(db);
  return json({ ok: true, database: database.kind });
});
