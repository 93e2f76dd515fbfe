import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressRefusedError, isPublicAddress, type Resolver } from '@/lib/platform/net/address';
import { sendOutbound } from '@/lib/platform/net/outbound';
import { checkWebhookUrl } from '@/lib/process/notify/webhooks';

describe('which addresses webhooks may reach', () => {
  it.each([
    '127.0.0.1', '127.255.255.254', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '169.254.0.1',
    '100.64.0.1', '0.0.0.0', '0.1.2.3', '255.255.255.255', '224.0.0.1', '239.1.1.1', '240.0.0.1', '192.0.2.10', '198.51.100.1',
    '203.0.113.7', '198.18.0.1', '192.0.0.8', '::', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:169.254.169.254',
    'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'fec0::1', 'ff02::1', '64:ff9b::7f00:1', '2002:7f00:1::1', '2001:db8::1', '100::1',
    'not an address', '', '127.1', '0x7f.1', '[::1]',
    // IPv4-compatible IPv6 (deprecated) in every spelling, and the other special-purpose IPv6 blocks
    '::127.0.0.1', '::7f00:1', '[::7f00:1]', '0:0:0:0:0:0:7f00:1', '::0.0.0.1', '::10.0.0.1', '::a9fe:a9fe', '::169.254.169.254', '::8.8.8.8', '::808:808',
    '::ffff:0:7f00:1', '64:ff9b:1::7f00:1', '2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001:2::1', '2001:10::1', '2001:20::1', '2001:1ff::1',
    '2002:c000:204::1', '3fff::1', '5f00::1', '100::1', 'fec0::1', 'ff0e::1', '4000::1', 'e000::1',
  ])('refuses %j', (a) => expect(isPublicAddress(a)).toBe(false));

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '192.169.0.1', '2606:4700:4700::1111', '2a00:1450:4001::1', '::ffff:8.8.8.8'])(
    'accepts the public address %j',
    (a) => expect(isPublicAddress(a)).toBe(true),
  );
});

/** A DNS stand-in: names the tests control, answers as given. */
const zone: Record<string, string[]> = {
  'public.example': ['93.184.216.34'],
  'metadata.example': ['169.254.169.254'],
  'loopback.example': ['127.0.0.1'],
  'v6loop.example': ['::1'],
  'ula.example': ['fd00::5'],
  'mixed.example': ['93.184.216.34', '10.0.0.7'],
  'mapped.example': ['::ffff:192.168.0.1'],
  'zero.example': ['0.0.0.0'],
};
const fakeDns: Resolver = async (host) => {
  const rows = zone[host.toLowerCase()];
  if (!rows) throw new Error('ENOTFOUND');
  return rows.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

describe('webhook URLs when the endpoint is created', () => {
  const refused = [
    'http://127.0.0.1/hook',
    'http://127.1/hook',
    'http://0x7f000001/hook',
    'http://2130706433/hook',
    'http://0177.0.0.1/hook',
    'http://127.000.000.001/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::127.0.0.1]/hook',
    'http://[::7f00:1]/hook',
    'http://[::169.254.169.254]/latest/meta-data/',
    'http://[64:ff9b::a9fe:a9fe]/hook',
    'http://[2002:7f00:1::1]/hook',
    'http://[0:0:0:0:0:ffff:7f00:1]/hook',
    'http://0.0.0.0:8080/hook',
    'http://0/hook',
    'http://[::]/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://[fe80::1]/hook',
    'http://10.1.2.3/hook',
    'http://172.20.0.1/hook',
    'http://192.168.0.10:9000/hook',
    'http://100.100.100.200/latest/meta-data',
    'https://metadata.example/computeMetadata/v1/',
    'https://loopback.example/hook',
    'https://v6loop.example/hook',
    'https://ula.example/hook',
    'https://mixed.example/hook',
    'https://mapped.example/hook',
    'https://zero.example/hook',
  ];
  it.each(refused)('refuses %j', async (url) => {
    await expect(checkWebhookUrl(url, { allowPrivate: false, resolve: fakeDns })).rejects.toMatchObject({ code: 'webhook_url_refused', status: 400 });
  });

  it.each(['ftp://public.example/x', 'file:///etc/passwd', 'gopher://public.example', 'javascript:alert(1)', 'not a url', '/relative', 'https://user:pw@public.example/'])(
    'refuses the malformed or non-http URL %j',
    async (url) => {
      await expect(checkWebhookUrl(url, { allowPrivate: false, resolve: fakeDns })).rejects.toMatchObject({ code: 'validation_failed' });
    },
  );

  it('refuses a host that does not resolve', async () => {
    await expect(checkWebhookUrl('https://nowhere.example/x', { allowPrivate: false, resolve: fakeDns })).rejects.toMatchObject({ code: 'webhook_url_unresolvable' });
  });

  it('refuses localhost through the system resolver', async () => {
    for (const url of ['http://localhost/x', 'http://LOCALHOST./x']) {
      await expect(checkWebhookUrl(url, { allowPrivate: false })).rejects.toMatchObject({ status: 400 });
    }
  });

  it('accepts public hosts, and private ones when the admin allows them (LAN install)', async () => {
    expect((await checkWebhookUrl('https://public.example/hook', { allowPrivate: false, resolve: fakeDns })).host).toBe('public.example');
    expect((await checkWebhookUrl('http://8.8.8.8:8080/h', { allowPrivate: false, resolve: fakeDns })).host).toBe('8.8.8.8:8080');
    expect((await checkWebhookUrl('http://127.0.0.1:9/h', { allowPrivate: true, resolve: fakeDns })).hostname).toBe('127.0.0.1');
    expect((await checkWebhookUrl('https://metadata.example/h', { allowPrivate: true, resolve: fakeDns })).hostname).toBe('metadata.example');
  });
});

describe('webhook delivery', () => {
  const hits: string[] = [];
  let target: http.Server;
  let port = 0;
  beforeAll(async () => {
    target = http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url} ${req.headers.host}`);
      if (req.url === '/redirect') {
        res.writeHead(302, { location: `http://127.0.0.1:${port}/landing` }).end();
      } else if (req.url === '/silent') {
        // never answers
      } else if (req.url === '/huge') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(64 * 1024, 1);
        let sent = 0;
        const pump = () => {
          while (sent < 50 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
          if (sent < 50 * 1024 * 1024) res.once('drain', pump);
          else res.end();
        };
        pump();
        res.on('close', () => (sent = Infinity));
      } else {
        req.resume();
        req.on('end', () => res.writeHead(204).end());
      }
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()));
    port = (target.address() as AddressInfo).port;
  });
  afterAll(async () => {
    target.closeAllConnections();
    await new Promise<void>((r) => target.close(() => r()));
  });

  const base = { headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 2000, maxResponseBytes: 64 * 1024 };

  it('refuses a private address at delivery too, sending nothing', async () => {
    const before = hits.length;
    await expect(sendOutbound(`http://127.0.0.1:${port}/hook`, { ...base, allowPrivate: false })).rejects.toBeInstanceOf(AddressRefusedError);
    // a name that resolves to loopback now (it may have been public when the endpoint was made)
    const rebinding: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    await expect(sendOutbound(`http://hooks.example:${port}/hook`, { ...base, allowPrivate: false, resolve: rebinding })).rejects.toBeInstanceOf(AddressRefusedError);
    expect(hits.length).toBe(before);
  });

  it('connects to the address it checked, never resolving the name a second time', async () => {
    // the name exists only in this resolver: the request can only land if the socket used its answer
    let lookups = 0;
    const once: Resolver = async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const res = await sendOutbound(`http://only-in-test.invalid:${port}/pinned`, { ...base, allowPrivate: true, resolve: once });
    expect(res.status).toBe(204);
    expect(lookups).toBe(1);
    expect(hits.at(-1)).toBe(`POST /pinned only-in-test.invalid:${port}`);
  });

  it('follows no redirect', async () => {
    const res = await sendOutbound(`http://127.0.0.1:${port}/redirect`, { ...base, allowPrivate: true });
    expect(res.status).toBe(302);
    expect(res.location).toContain('/landing');
    expect(hits.some((h) => h.includes('/landing'))).toBe(false);
  });

  it('gives up on an endpoint that does not answer within the deadline', async () => {
    const started = Date.now();
    await expect(sendOutbound(`http://127.0.0.1:${port}/silent`, { ...base, allowPrivate: true, timeoutMs: 500 })).rejects.toThrow(/no answer within/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reads at most the allowed size of an answer', async () => {
    const res = await sendOutbound(`http://127.0.0.1:${port}/huge`, { ...base, allowPrivate: true, maxResponseBytes: 64 * 1024 });
    expect(res.status).toBe(200);
    expect(res.truncated).toBe(true);
    expect(res.bytesRead).toBeLessThanOrEqual(64 * 1024);
  });
});
