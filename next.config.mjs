/** @type {import('next').NextConfig} */
const nextConfig = {
  // Packages that load native code, wasm or files next to themselves at run time.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'postgres',
    '@tus/server',
    '@tus/file-store',
    'drizzle-orm',
  ],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
