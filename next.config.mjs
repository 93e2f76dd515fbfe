/**
 * Security headers for every page and API response. The CSP allows what the player needs (blob:
 * media from MSE) and, for the recorder's later ffmpeg.wasm preview, wasm and blob: workers.
 * Only `/embed/…` may be framed by other sites: its CSP (with `frame-ancestors` from
 * WEFT_EMBED_ORIGINS, default any) is set at run time by its route (lib/embed/respond.ts);
 * everything else is `frame-ancestors 'self'` + `X-Frame-Options: SAMEORIGIN`.
 */
// one list for the site (here) and the embed (lib/embed/headers.ts): only frame-ancestors differs
import fs from 'node:fs';
import cspDirectives from './lib/http/csp-directives.json' with { type: 'json' };

/**
 * The CDNs of WEFT_CDNS at build time (JSON or a file path): the site's pages may load media from
 * them. (The embed's CSP is made at run time from the same setting.)
 */
function cdnOrigins() {
  const v = (process.env.WEFT_CDNS ?? '').trim();
  if (!v) return [];
  try {
    const list = JSON.parse(v.startsWith('[') ? v : fs.readFileSync(v, 'utf8'));
    return Array.isArray(list) ? list.map((c) => new URL(c.baseUrl).origin) : [];
  } catch {
    return [];
  }
}
const media = cdnOrigins();
const directives = cspDirectives.map((d) => (media.length && /^(img-src|media-src|connect-src) /.test(d) ? `${d} ${media.join(' ')}` : d));
const csp = [...directives, "frame-ancestors 'self'"].join('; ');

const commonHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  // the Weft extension's camera bubble (a frame of its own page) may show the camera on our pages too
  { key: 'Permissions-Policy', value: 'camera=(self "chrome-extension://ohpdobcmiamfbnhpapngdmlhnigibjim"), microphone=(self), display-capture=(self), geolocation=()' },
];
const unframable = [
  { key: 'Content-Security-Policy', value: csp },
  { key: 'X-Frame-Options', value: 'SAMEORIGIN' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Packages that load native code, wasm or files next to themselves at run time.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', '@tus/server', '@tus/file-store', 'drizzle-orm', 'pg-boss', 'pg'],
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: '/:path*', headers: commonHeaders },
      // everything but the embed
      { source: '/:path((?!embed(?:/|$)).*)', headers: unframable },
    ];
  },
};

export default nextConfig;
