import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS, CONFIG_NAMES, CONFIG_SECTIONS, ConfigError, describeConfig, parseConfig } from '@/lib/platform/config';
import { DEFAULT_POLICY } from '@/lib/platform/queue/engine';
import { renderConfigDocs, withConfigDocs } from '../../scripts/config-docs';

describe('configuration', () => {
  it('defaults to the embedded mode', () => {
    const c = parseConfig({});
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.WEFT_WORKERS).toBe('inline');
    expect(c.dbDir).toBe(path.resolve('data', 'db'));
    expect(c.mediaDir).toBe(path.resolve('data', 'media'));
  });

  it('follows WEFT_DATA_DIR and DATABASE_URL', () => {
    const c = parseConfig({ WEFT_DATA_DIR: '/srv/weft', DATABASE_URL: 'postgres://u@h/db' });
    expect(c.mediaDir).toBe('/srv/weft/media');
    expect(c.DATABASE_URL).toBe('postgres://u@h/db');
  });

  it('stops with one message naming the bad variable', () => {
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => parseConfig({ WEFT_WORKERS: 'sometimes' })).toThrow(/WEFT_WORKERS/);
    expect(() => parseConfig({ WEFT_WORKER_CONCURRENCY: 'lots' })).toThrow(/WEFT_WORKER_CONCURRENCY/);
  });

  it('S3 storage needs a bucket; direct delivery needs S3', () => {
    expect(() => parseConfig({ WEFT_STORAGE: 's3' })).toThrow(/WEFT_S3_BUCKET/);
    expect(() => parseConfig({ WEFT_STORAGE: 's3', WEFT_S3_BUCKET: 'No_Such' })).toThrow(/WEFT_S3_BUCKET/);
    expect(() => parseConfig({ WEFT_STORAGE: 's3', WEFT_S3_BUCKET: 'weft-media', WEFT_S3_ACCESS_KEY_ID: 'k' })).toThrow(/SECRET/);
    expect(() => parseConfig({ WEFT_MEDIA_DELIVERY: 'direct' })).toThrow(/WEFT_STORAGE=s3/);
    const c = parseConfig({ WEFT_STORAGE: 's3', WEFT_S3_BUCKET: 'weft-media', WEFT_S3_ENDPOINT: 'http://127.0.0.1:9000', WEFT_MEDIA_DELIVERY: 'direct' });
    expect(c).toMatchObject({ WEFT_STORAGE: 's3', WEFT_S3_REGION: 'us-east-1', WEFT_S3_FORCE_PATH_STYLE: 'false', WEFT_MEDIA_DELIVERY: 'direct' });
  });

  it('describes every variable, each in one section', () => {
    for (const v of describeConfig()) expect(v.description.length, v.name).toBeGreaterThan(10);
    const listed = CONFIG_SECTIONS.flatMap((s) => s.names);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...CONFIG_NAMES].sort());
    // a description does not restate its default: the table's default column comes from the schema
    for (const v of describeConfig()) expect(v.description, v.name).not.toMatch(/\(default\b|Default:? `/);
  });

  it("the README's tables are the schema's (run `npm run docs:config` after changing lib/platform/config.ts)", () => {
    const readme = fs.readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');
    expect(readme).toContain(renderConfigDocs());
    expect(withConfigDocs(readme)).toBe(readme);
    for (const v of describeConfig()) expect(readme).toContain(`| \`${v.name}\` |`);
  });

  it('has one source for each default: the job engine takes the configuration’s', () => {
    expect(DEFAULT_POLICY).toMatchObject({ heartbeatSeconds: CONFIG_DEFAULTS.WEFT_JOB_LEASE_SECONDS, retentionDays: CONFIG_DEFAULTS.WEFT_JOB_RETENTION_DAYS });
    expect(CONFIG_DEFAULTS.WEFT_JOB_LEASE_SECONDS).toBe(60);
    // the poll minimum is what the description says
    expect(() => parseConfig({ WEFT_JOB_POLL_MS: '499' })).toThrow(/WEFT_JOB_POLL_MS/);
    expect(parseConfig({ WEFT_JOB_POLL_MS: '500' }).WEFT_JOB_POLL_MS).toBe(500);
  });
});
