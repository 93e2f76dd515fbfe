import { answerHealth } from '@/lib/http/health';

export const dynamic = 'force-dynamic';

/** Liveness and readiness: the database answers (lib/http/health.ts). */
export const GET = (req: Request) => answerHealth(req, undefined);
