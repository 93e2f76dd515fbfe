/**
 * Security headers are not set here: the server entry (server.ts → lib/server/http/front-door.ts) sets
 * them on every answer, pages, API, media and static files alike, with the CDNs of WEFT_CDNS read
 * at start. Only `/embed/…` may be framed by other sites (its CSP comes from its route).
 */

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Packages that load native code, wasm or files next to themselves at run time.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', '@tus/server', '@tus/file-store', 'drizzle-orm', 'pg-boss', 'pg'],
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: { authInterrupts: true },
};

export default nextConfig;
