import { openApiDocument } from '@/lib/shared/api/openapi';
import { route } from '@/lib/server/http/respond';

export const dynamic = 'force-dynamic';

/** The OpenAPI 3.1 document of API v1, generated from the contract's zod schemas. */
export const GET = route(async () => {
  return new Response(JSON.stringify(openApiDocument()), {
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' },
  });
});
