import crypto from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scopeAllows } from '@/lib/platform/accounts/scopes';
import { WEFT_EXTENSION_ID } from '@/lib/shared/extension-id';
import { browserName, isServerUrl, serverOrigin } from '@/extension/src/settings';

const manifest = JSON.parse(fs.readFileSync('extension/manifest.json', 'utf8')) as {
  manifest_version: number;
  key: string;
  permissions: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: unknown;
  background: { service_worker: string };
  commands: Record<string, unknown>;
  web_accessible_resources: Array<{ resources: string[] }>;
  minimum_chrome_version: string;
};

/** Chrome's extension id: the first 128 bits of SHA-256 of the public key, as letters a–p. */
function idOf(keyBase64: string): string {
  const hex = crypto.createHash('sha256').update(Buffer.from(keyBase64, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('');
}

describe('the extension manifest', () => {
  it('is Manifest V3 with the minimal permissions and no host access until a server is chosen', () => {
    expect(manifest.manifest_version).toBe(3);
    // scripting works only where activeTab or the server's host permission allows: it shows the camera bubble on the recorded tab
    expect([...manifest.permissions].sort()).toEqual(['activeTab', 'offscreen', 'scripting', 'storage', 'tabCapture']);
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.content_scripts).toBeUndefined();
    expect(manifest.permissions).not.toContain('<all_urls>');
    expect(manifest.permissions).not.toContain('tabs');
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
  });

  it('has a fixed id (its key), the one the server lets connect by default', () => {
    expect(idOf(manifest.key)).toBe(WEFT_EXTENSION_ID);
  });

  it('exposes to pages only the camera bubble (no page that takes a token), needs a Chrome that drops Authorization on cross-origin redirects, and has keyboard shortcuts', () => {
    const exposed = manifest.web_accessible_resources.flatMap((r) => r.resources);
    expect(exposed.every((f) => /^bubble\.(html|js)$|^popup\.css$/.test(f))).toBe(true);
    expect(exposed).not.toContain('connected.html');
    expect(Number(manifest.minimum_chrome_version)).toBeGreaterThanOrEqual(119);
    expect(Object.keys(manifest.commands)).toEqual(expect.arrayContaining(['toggle-recording', 'toggle-pause', 'cancel-recording']));
  });
});

describe('recording scope', () => {
  it.each([
    ['POST', '/api/v1/recordings', true],
    ['POST', '/api/v1/recordings/6b1e4a54-3c6f-4a55-9d43-0f1f2a3b4c5d/control', true],
    ['POST', '/api/v1/uploads', true],
    ['PATCH', '/api/v1/uploads/abc', true],
    ['HEAD', '/api/v1/uploads/abc', true],
    ['GET', '/api/v1/videos', true],
    ['GET', '/api/v1/videos/abc', true],
    ['GET', '/api/v1/auth/me', true],
    ['DELETE', '/api/v1/videos/abc', false],
    ['PATCH', '/api/v1/videos/abc', false],
    ['GET', '/api/v1/videos/abc/transcript', false],
    ['POST', '/api/v1/videos/abc/share-links', false],
    ['POST', '/api/v1/tokens', false],
    ['GET', '/api/v1/uploadsevil', false],
    ['POST', '/api/v1/recordings/a/b/control', false],
  ])('%s %s → %s', (method, path, allowed) => {
    expect(scopeAllows('recording', method, path)).toBe(allowed);
    expect(scopeAllows('full', method, path)).toBe(true);
  });
});

describe('the popup’s server address', () => {
  it.each([
    ['weft.example.com', 'https://weft.example.com'],
    ['https://weft.example.com/record?x=1', 'https://weft.example.com'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['  http://127.0.0.1:3210/  ', 'http://127.0.0.1:3210'],
    ['', null],
    ['javascript:alert(1)', null],
    ['ftp://files.example.com', null],
    ['https://user:pw@weft.example.com', null],
    // plain http only to this computer: a bearer token never crosses a network in clear
    ['http://weft.example.com', null],
    ['http://192.168.1.20:3000', null],
    ['http://10.0.0.1', null],
    ['http://localhost.evil.example', null],
    ['http://app.localhost:3000', 'http://app.localhost:3000'],
    ['http://[::1]:3000', 'http://[::1]:3000'],
    ['http://127.8.9.10', 'http://127.8.9.10'],
  ])('%j → %j', (input, origin) => {
    expect(serverOrigin(input)).toBe(origin);
  });

  it.each([
    ['https://weft.example.com/v/abc', 'https://weft.example.com', true],
    ['https://weft.example.com.evil.example/v/abc', 'https://weft.example.com', false],
    ['javascript:alert(1)', 'https://weft.example.com', false],
    ['data:text/html,hi', 'https://weft.example.com', false],
    ['http://weft.example.com/v/abc', 'https://weft.example.com', false],
    ['https://other.example/v/abc', 'https://weft.example.com', false],
    ['https://weft.example.com/v/abc', null, false],
  ])('opens %j for server %j: %j (the link at Stop, a saved recording’s server)', (url, server, ok) => {
    expect(isServerUrl(url, server)).toBe(ok);
  });

  it('names the browser for the token list', () => {
    expect(browserName('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36')).toBe('Chrome on Linux');
    expect(browserName('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0')).toBe('Edge on Windows');
    expect(browserName('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36')).toBe('Chrome on macOS');
  });
});
