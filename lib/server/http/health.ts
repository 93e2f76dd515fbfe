import { pingDatabase } from '../../platform/db/client';
import { deps } from '../deps';
import { json, route } from './respond';

/** Liveness and readiness: the database answers. */
export const answerHealth = route(async () => {
  const { db, database } = await deps();
  await pingDatabase(db);
  return json({ ok: true, database: database.kind });
});
