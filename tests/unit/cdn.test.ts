import { createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CdnManager, cloudfrontSign, parseCdns } from '@/lib/watch/stream/cdn';

const cdns = (list: unknown[]) => parseCdns(JSON.stringify(list));

describe('WEFT_CDNS', () => {
  it('parses a list and refuses a bad one with the field named', () => {
    const c = cdns([{ name: 'eu', baseUrl: 'https://eu.cdn.example/', regions: ['de', 'FR'], weight: 3, health: 'https://eu.cdn.example/health' }]);
    expect(c[0]).toMatchObject({ name: 'eu', baseUrl: 'https://eu.cdn.example', regions: ['DE', 'FR'], weight: 3, signing: 'weft' });
    expect(() => parseCdns('[{"name":"x","baseUrl":"ftp://x"}]')).toThrow(/baseUrl/);
    expect(() => parseCdns('[{"name":"x","baseUrl":"https://x","signing":"cloudfront"}]')).toThrow(/keyPairId/);
    expect(() => parseCdns('{oops')).toThrow(/not JSON/);
    expect(parseCdns(undefined)).toEqual([]);
  });
});

describe('the CDN manager', () => {
  const list = cdns([
    { name: 'eu', baseUrl: 'https://eu.cdn', regions: ['DE'], weight: 1, health: 'https://eu.cdn/h' },
    { name: 'big', baseUrl: 'https://big.cdn', weight: 9, health: 'https://big.cdn/h' },
    { name: 'small', baseUrl: 'https://small.cdn', weight: 1 },
  ]);

  it('a viewer of a region gets its CDN first, then the others by weight, and the origin last', () => {
    const m = new CdnManager(list, { healthSeconds: 10, random: () => 0 });
    expect(m.choose('de').map((b) => b.name)).toEqual(['eu', 'big', 'small', 'origin']);
    // elsewhere the regional CDN is only a fallback
    expect(m.choose('US').map((b) => b.name)).toEqual(['big', 'small', 'eu', 'origin']);
    expect(m.choose(null).map((b) => b.name)).toEqual(['big', 'small', 'eu', 'origin']);
  });

  it('picks by weight', () => {
    let i = 0;
    const draws = Array.from({ length: 1000 }, (_, k) => (k + 0.5) / 1000);
    const m = new CdnManager(list, { healthSeconds: 10, random: () => draws[i++ % draws.length]! });
    const firsts = Array.from({ length: 1000 }, () => m.choose('US')[0]!.name);
    expect(firsts.filter((n) => n === 'big').length).toBe(900);
    expect(firsts.filter((n) => n === 'small').length).toBe(100);
  });

  it('health checks take a CDN out and bring it back', async () => {
    const down = new Set<string>();
    const fakeFetch = (async (url: string) => {
      if (down.has(url)) throw new TypeError('connection refused');
      return new Response('ok');
    }) as unknown as typeof fetch;
    const changes: string[] = [];
    const m = new CdnManager(list, { healthSeconds: 1, random: () => 0, fetch: fakeFetch, onChange: (n, up) => changes.push(`${n}:${up}`) });
    down.add('https://big.cdn/h');
    await m.check();
    expect(m.choose('US').map((b) => b.name)).toEqual(['small', 'eu', 'origin']);
    down.clear();
    await m.check();
    expect(m.choose('US')[0]?.name).toBe('big');
    expect(changes).toEqual(['big:false', 'big:true']);
  });
});

describe('CloudFront signed URLs', () => {
  it('a canned policy signed with the key pair, in CloudFront’s URL-safe base64', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const url = 'https://d111.cloudfront.net/media/videos/v/1/master.m3u8?exp=1&sig=x';
    const expires = new Date(Date.UTC(2030, 0, 1));
    const signed = new URL(cloudfrontSign(url, expires, 'K2JCJMDEHXQW5F', pem));
    expect(signed.searchParams.get('Expires')).toBe(String(expires.getTime() / 1000));
    expect(signed.searchParams.get('Key-Pair-Id')).toBe('K2JCJMDEHXQW5F');
    const sig = signed.searchParams.get('Signature')!;
    expect(sig).toMatch(/^[A-Za-z0-9~_-]+$/);
    const policy = JSON.stringify({ Statement: [{ Resource: url, Condition: { DateLessThan: { 'AWS:EpochTime': expires.getTime() / 1000 } } }] });
    const raw = Buffer.from(sig.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');
    expect(createVerify('RSA-SHA1').update(policy).verify(publicKey, raw)).toBe(true);
  });
});
