import { answerHealth } from '@/lib/server/http/health';

export const dynamic = 'force-dynamic';

/** Liveness and readiness: the database answers (lib/server/http/health.ts). */
export const GET = (req: Request) => answerHealth(req, undefined);
