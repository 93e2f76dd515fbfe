import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API } from '@/lib/shared/api/contract';
import { openApiDocument } from '@/lib/shared/api/openapi';
import { ROUTES } from '@/lib/shared/api/routes';
import { pathOf } from '@/lib/shared/client';

/** Every route handler under app/api/v1, as OpenAPI path + method. */
function routeFiles(): Array<{ path: string; method: string; file: string }> {
  const root = path.resolve('app/api/v1');
  const out: Array<{ path: string; method: string; file: string }> = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name === 'route.ts') {
        const rel = path.relative(root, dir).split(path.sep);
        const apiPath =
          '/api/v1/' +
          rel
            .map((seg) => (seg.startsWith('[[...') ? '' : seg.startsWith('[') ? `{${seg.slice(1, -1)}}` : seg))
            .filter(Boolean)
            .join('/');
        const src = fs.readFileSync(full, 'utf8');
        for (const m of src.matchAll(/^export const (GET|HEAD|POST|PATCH|PUT|DELETE|OPTIONS)\b/gm)) {
          out.push({ path: apiPath.replace(/\/$/, ''), method: m[1]!.toLowerCase(), file: path.relative(process.cwd(), full) });
        }
      }
    }
  };
  walk(root);
  return out;
}

describe('the API contract and its OpenAPI document', () => {
  const doc = openApiDocument() as unknown as { openapi: string; paths: Record<string, Record<string, { operationId?: string }>> };
  const routes = routeFiles();

  it('is OpenAPI 3.1 with an operation for every route handler', () => {
    expect(doc.openapi).toBe('3.1.0');
    const missing = routes.filter((r) => {
      const item = doc.paths[r.path];
      if (!item) return true;
      // tus: the handler answers GET/HEAD/PATCH/DELETE on the upload's own path
      if (r.path === '/api/v1/uploads') return !(item[r.method] ?? doc.paths['/api/v1/uploads/{uploadId}']?.[r.method]) && r.method !== 'get';
      return !item[r.method];
    });
    expect(missing, JSON.stringify(missing)).toEqual([]);
  });

  it('documents no operation that has no handler', () => {
    const have = new Set(routes.map((r) => `${r.method} ${r.path}`));
    for (const [id, [method, p]] of Object.entries(ROUTES)) expect(have.has(`${method} ${p}`), `${id}: ${method} ${p}`).toBe(true);
  });

  it('every operation has an id, a summary, and its request body schema in the document', () => {
    for (const [id, o] of Object.entries(API)) {
      const item = doc.paths[o.path]?.[o.method] as { operationId: string; summary: string; requestBody?: unknown } | undefined;
      expect(item?.operationId).toBe(id);
      expect(item?.summary.length).toBeGreaterThan(5);
      if ('body' in o && o.body) expect(item?.requestBody, id).toBeTruthy();
    }
  });

  it('the client builds the documented paths', () => {
    expect(pathOf('getVideo', { id: 'a b' }, { token: 't/1' })).toBe('/api/v1/videos/a%20b?token=t%2F1');
    expect(pathOf('editSegment', { id: 'v', index: 3 })).toBe('/api/v1/videos/v/transcript/segments/3');
    expect(() => pathOf('getVideo', {})).toThrow(/missing path parameter id/);
  });
});
