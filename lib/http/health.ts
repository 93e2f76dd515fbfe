import { pingDatabase } from '../db/client';
import { runtime } from '../runtime';
import { json, route } from './respond';

/** Liveness and readiness: the database answers. */
export const answerHealth = route(async () => {
  const { db, database } = await runtime();
  await pingDatabase(db);
  return json({ ok: true, database: database.kind });
});
