import fsp from 'node:fs/promises';
import path from 'node:path';
import type { HotRoute } from '../http/front-door';

/**
 * The built scripts and styles (`/_next/static/chunks/…`, `/player/…`) as `npm run build` compressed them
 * (scripts/precompress.mjs: Brotli at its best level, and gzip): the browser gets the smallest copy
 * it accepts, unchanged bytes need no compression per request, and the player's script, named by its
 * content hash (`?v=`), is kept by browsers for a year. A file without compressed copies (a
 * development build) is sent as it is.
 */
const TYPES: Record<string, string> = { '.js': 'application/javascript; charset=utf-8', '.mjs': 'application/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

interface Cached {
  br: Buffer | null;
  gz: Buffer | null;
  raw: Buffer;
}

/** Pure: which copy to send for an Accept-Encoding header. */
export function pickEncoding(accept: string | null, have: { br: boolean; gz: boolean }): 'br' | 'gzip' | null {
  const list = (accept ?? '')
    .toLowerCase()
    .split(',')
    .map((p) => p.trim().split(';'))
    .filter(([, q]) => !q || !/^q=0(\.0*)?$/.test(q.trim()))
    .map(([name]) => name?.trim());
  if (have.br && list.includes('br')) return 'br';
  if (have.gz && list.includes('gzip')) return 'gzip';
  return null;
}

function staticRoute(name: string, urlPrefix: string, dir: string, immutable: (url: URL) => boolean): HotRoute {
  const cache = new Map<string, Cached | null>();
  const load = async (rel: string): Promise<Cached | null> => {
    if (cache.has(rel)) return cache.get(rel) ?? null;
    const file = path.join(dir, rel);
    const read = (f: string) => fsp.readFile(f).catch(() => null);
    const raw = await read(file);
    const entry = raw ? { raw, br: await read(`${file}.br`), gz: await read(`${file}.gz`) } : null;
    // built files do not change while the server runs
    cache.set(rel, entry);
    return entry;
  };
  return {
    name,
    methods: ['GET', 'HEAD'],
    path: `${urlPrefix}/*key`,
    maxBodyBytes: 0,
    async handle(req, params) {
      const rel = params.key ?? '';
      const type = TYPES[path.extname(rel)];
      const safe = rel !== '' && !rel.split('/').some((p) => p === '..' || p === '' || p.startsWith('.'));
      const entry = type && safe ? await load(rel) : null;
      if (!entry || !type) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
      const url = new URL(req.url);
      const encoding = pickEncoding(req.headers.get('accept-encoding'), { br: entry.br !== null, gz: entry.gz !== null });
      const body = encoding === 'br' ? entry.br! : encoding === 'gzip' ? entry.gz! : entry.raw;
      const headers: Record<string, string> = {
        'content-type': type,
        'content-length': String(body.length),
        'cache-control': immutable(url) ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate',
        vary: 'accept-encoding',
      };
      if (encoding) headers['content-encoding'] = encoding;
      return new Response(req.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
    },
  };
}

/** `/_next/static/chunks/…` (named by content: kept for a year) and `/player/…` (kept for a year when asked for by its hash). */
export function staticAssetRoutes(root: string): HotRoute[] {
  return [
    staticRoute('next-chunks', '/_next/static/chunks', path.join(root, '.next', 'static', 'chunks'), () => true),
    staticRoute('player', '/player', path.join(root, 'public', 'player'), (url) => url.searchParams.has('v')),
  ];
}
