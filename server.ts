/**
 * Weft's server entry: it owns the `node:http` server. Every request enters through the front door
 * (lib/server/http/front-door.ts: the peer address, the Host and forwarded-header rules, the security
 * headers, the viewer's hot routes) and then reaches Next.js's request handler. Start-up opens the
 * database and storage and, in the embedded default, starts the workers in this process.
 *
 *   node --import tsx server.ts [--port 3000] [--hostname 0.0.0.0] [--dev]
 */
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p' },
    hostname: { type: 'string', short: 'H' },
    dev: { type: 'boolean' },
  },
});
const dev = values.dev === true;
// as `next start` / `next dev` set it, before Next.js (or React) is loaded
Object.assign(process.env, { NODE_ENV: dev ? 'development' : 'production' });
const hostname = values.hostname ?? process.env.HOSTNAME ?? undefined;

// the one dependencies object of this process: configuration, database and queue, storage, clock,
// mailer, logger (lib/server/deps.ts); the route handlers read the instance installed here
const { startServerProcess } = await import('./workers/server-process');
const deps = await startServerProcess();
const cfg = deps.config;
// PORT is read with the rest of the configuration; --port wins over it
const port = values.port ? Number(values.port) : cfg.PORT;

const { createFrontDoor } = await import('./lib/server/http/front-door');
const { playbackEventsRoute } = await import('./lib/server/routes/playback-events');
const { streamRoute } = await import('./lib/server/routes/stream');
const { mediaRoute } = await import('./lib/server/routes/media');
const { staticAssetRoutes } = await import('./lib/server/routes/static-assets');
const { default: next } = await import('next');

const app = next({ dev, dir: import.meta.dirname, hostname: hostname ?? 'localhost', port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer(
  createFrontDoor({
    trustedProxies: cfg.WEFT_TRUSTED_PROXIES,
    cdnOrigins: [...new Set(cfg.cdns.map((c) => new URL(c.baseUrl).origin))],
    // built scripts as the build compressed them (development: Next.js serves them as it builds them)
    routes: [playbackEventsRoute, streamRoute, mediaRoute, ...(dev ? [] : staticAssetRoutes(import.meta.dirname))],
    fallback: (req, res) => handle(req, res),
  }),
);
// as Next.js's own server: idle keep-alive connections outlive a typical proxy's
server.keepAliveTimeout = 65_000;
if (dev) server.on('upgrade', (req, socket, head) => void app.getUpgradeHandler()(req, socket, head));
server.listen(port, hostname, () => {
  console.log(`weft: listening on http://${hostname ?? 'localhost'}:${port}${dev ? ' (development)' : ''}`);
});
process.once('exit', () => server.close());
