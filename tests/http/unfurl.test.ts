import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/databases';
import { makeVideo } from '../helpers/media';
import { startServer, type RunningServer } from '../helpers/server';
import { uploadVideoFile } from '../helpers/upload';
import { authHeaders, signUpVia, type Caller } from '../helpers/client';

/** oEmbed, OpenGraph and the Twitter player card, against the production build. */
let server: RunningServer;
let dataDir: string;
let owner: Caller;
let videoId = '';

beforeAll(async () => {
  dataDir = tempDir('unfurl');
  server = await startServer(dataDir, { WEFT_TRANSCRIBE: 'off' });
  owner = await signUpVia(server.url, 'Owner');
  const file = makeVideo(path.join(dataDir, 'src', 'talk.mp4'), { width: 640, height: 360, seconds: 2 });
  ({ videoId } = await uploadVideoFile(server.url, owner, file, { title: 'Quarterly "review" <draft>' }));
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const set = (body: unknown) => fetch(`${server.url}/api/v1/videos/${videoId}`, { method: 'PATCH', headers: authHeaders(owner), body: JSON.stringify(body) });
const oembed = (q: Record<string, string>) => fetch(`${server.url}/api/v1/oembed?${new URLSearchParams(q)}`);
const watchUrl = () => `${server.url}/v/${videoId}`;
const meta = (html: string, attr: string, name: string) => new RegExp(`<meta ${attr}="${name}" content="([^"]*)"`).exec(html)?.[1] ?? null;

describe('oEmbed', () => {
  it('a public video: type video, an iframe of the embed within maxwidth/maxheight, title, author, thumbnail', async () => {
    expect((await set({ visibility: 'public' })).status).toBe(200);
    const res = await oembed({ url: watchUrl(), format: 'json' });
    expect(res.status).toBe(200);
    const o = (await res.json()) as Record<string, unknown>;
    expect(o).toMatchObject({ type: 'video', version: '1.0', title: 'Quarterly "review" <draft>', author_name: 'Owner', provider_name: 'Weft', width: 640, height: 360 });
    expect(String(o.html)).toMatch(new RegExp(`^<iframe src="${server.url}/embed/${videoId}" width="640" height="360" title="Quarterly &quot;review&quot; &lt;draft&gt;"`));
    expect(o.thumbnail_width).toBe(640);
    expect(o.thumbnail_height).toBe(360);
    const thumb = await fetch(String(o.thumbnail_url));
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');

    const small = (await (await oembed({ url: `${watchUrl()}?t=30`, maxwidth: '320', maxheight: '400' })).json()) as { width: number; height: number; html: string };
    expect([small.width, small.height]).toEqual([320, 180]);
    expect(small.html).toContain(`/embed/${videoId}?t=30`);
    const short = (await (await oembed({ url: watchUrl(), maxwidth: '1000', maxheight: '90' })).json()) as { width: number; height: number };
    expect([short.width, short.height]).toEqual([160, 90]);
    // the embed URL is accepted as well
    expect((await oembed({ url: `${server.url}/embed/${videoId}` })).status).toBe(200);
  });

  it('refuses what it must: xml → 501, private → 404, password → 401, other hosts and pages → 404, no url → 400', async () => {
    expect((await oembed({ url: watchUrl(), format: 'xml' })).status).toBe(501);
    expect((await oembed({})).status).toBe(400);
    expect((await oembed({ url: `https://elsewhere.example/v/${videoId}` })).status).toBe(404);
    expect((await oembed({ url: `${server.url}/record` })).status).toBe(404);
    expect((await oembed({ url: 'not a url' })).status).toBe(404);
    expect((await set({ visibility: 'private' })).status).toBe(200);
    expect((await oembed({ url: watchUrl() })).status).toBe(404);
    expect((await set({ visibility: 'link', password: 'open sesame' })).status).toBe(200);
    const locked = await oembed({ url: watchUrl() });
    expect(locked.status).toBe(401);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect((await set({ password: null })).status).toBe(200);
    expect((await oembed({ url: watchUrl() })).status).toBe(200);
  });
});

describe('the watch page tells crawlers', () => {
  it('a link-only video: OpenGraph, a Twitter player card and oEmbed discovery, but noindex', async () => {
    expect((await set({ visibility: 'link', password: null })).status).toBe(200);
    const html = await (await fetch(watchUrl())).text();
    expect(meta(html, 'property', 'og:title')).toBe('Quarterly &quot;review&quot; &lt;draft&gt;');
    expect(meta(html, 'property', 'og:type')).toBe('video.other');
    expect(meta(html, 'property', 'og:image')).toContain(`/media/videos/${videoId}/`);
    expect(meta(html, 'property', 'og:video')).toBe(`${server.url}/embed/${videoId}`);
    expect(meta(html, 'name', 'twitter:card')).toBe('player');
    expect(meta(html, 'name', 'twitter:player')).toBe(`${server.url}/embed/${videoId}`);
    expect(meta(html, 'name', 'robots')).toMatch(/noindex/);
    expect(html).toMatch(new RegExp(`<link rel="alternate" type="application/json\\+oembed" href="[^"]*/api/v1/oembed\\?url=`));
  });

  it('a public video may be indexed; a private or password-protected one tells nothing', async () => {
    expect((await set({ visibility: 'public' })).status).toBe(200);
    const pub = await (await fetch(watchUrl())).text();
    expect(meta(pub, 'name', 'robots')).not.toMatch(/noindex/);
    expect(meta(pub, 'property', 'og:title')).not.toBeNull();
    expect((await set({ visibility: 'link', password: 'open sesame' })).status).toBe(200);
    const locked = await (await fetch(watchUrl())).text();
    expect(meta(locked, 'property', 'og:title')).toBeNull();
    expect(locked).not.toContain('application/json+oembed');
    expect((await set({ visibility: 'private', password: null })).status).toBe(200);
    const mine = await (await fetch(watchUrl(), { headers: authHeaders(owner) })).text();
    expect(meta(mine, 'property', 'og:title')).toBeNull();
    expect(meta(mine, 'name', 'robots')).toMatch(/noindex/);
  });
});
