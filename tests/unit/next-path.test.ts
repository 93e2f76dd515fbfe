import { describe, expect, it } from 'vitest';
import { safeNextPath } from '@/lib/platform/http/next-path';

const ORIGIN = 'https://weft.example.com';

/** What a browser does with the answer: resolve it against our origin. */
const landsOn = (next: string) => new URL(next, ORIGIN);

describe('the next parameter after log-in / sign-up', () => {
  it.each([
    ['/', '/'],
    ['/record', '/record'],
    ['/v/123?t=30#x', '/v/123?t=30#x'],
    ['/v/a/../b', '/v/b'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/%5Cevil.example', '/%5Cevil.example'],
    ['/search?q=//evil.example', '/search?q=//evil.example'],
  ])('keeps the same-origin path %j', (input, expected) => {
    expect(safeNextPath(input, ORIGIN)).toBe(expected);
    expect(landsOn(safeNextPath(input, ORIGIN)).origin).toBe(ORIGIN);
  });

  const hostile = [
    // absolute and scheme-relative
    'https://evil.example',
    'http://evil.example/record',
    '//evil.example',
    '//evil.example/%2F..',
    '///evil.example',
    '////evil.example',
    'https:evil.example',
    'https:/evil.example',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    // backslashes: browsers read them as slashes in http(s) URLs
    '/\\evil.example',
    '\\\\evil.example',
    '\\/evil.example',
    '/\\/evil.example',
    // whitespace and controls that browsers strip or rewrite
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    ' //evil.example',
    '\u0000//evil.example',
    '/ /evil.example',
    '/\u00a0/evil.example',
    '/\u3000/evil.example',
    '/\ufeff/evil.example',
    // dot segments that collapse into a host
    '/.//evil.example',
    '/..//evil.example',
    '/./\\evil.example',
    // userinfo
    '//user@evil.example',
    'https://weft.example.com@evil.example',
    '//weft.example.com@evil.example/',
    // our own origin written as an absolute URL is not a path either
    'https://weft.example.com/record',
    // relative (no leading slash) and empty
    'evil.example',
    '.',
    '',
    '?x=1',
    '#frag',
  ];
  it.each(hostile)('refuses %j (falls back to /)', (input) => {
    const out = safeNextPath(input, ORIGIN);
    expect(out).toBe('/');
    expect(landsOn(out).origin).toBe(ORIGIN);
  });

  it('never returns something a browser would take off-site, for a sweep of mixed inputs', () => {
    const parts = ['/', '\\', '//', '/\\', '%2F', '%5C', '.', '..', '\t', '@', 'evil.example', ':', 'https:', '?', '#'];
    let checked = 0;
    for (const a of parts) for (const b of parts) for (const c of parts) {
      const out = safeNextPath(a + b + c, ORIGIN);
      expect(landsOn(out).origin, JSON.stringify(a + b + c)).toBe(ORIGIN);
      expect(out.startsWith('/') && !out.startsWith('//') && !out.startsWith('/\\')).toBe(true);
      checked++;
    }
    expect(checked).toBe(parts.length ** 3);
  });

  it('falls back for non-strings, repeated parameters and very long values', () => {
    expect(safeNextPath(undefined, ORIGIN, '/record')).toBe('/record');
    expect(safeNextPath(['/a', '/b'] as unknown as string, ORIGIN)).toBe('/');
    expect(safeNextPath(`/${'a'.repeat(5000)}`, ORIGIN)).toBe('/');
  });
});
