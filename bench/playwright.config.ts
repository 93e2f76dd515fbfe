import path from 'node:path';
import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

/** Benchmarks that drive Chromium: same browser and server set-up as the e2e suite. */
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: /.*\.bench\.ts/,
  // the e2e suite's set-up, named from here (relative paths resolve against this folder)
  globalSetup: path.resolve(import.meta.dirname, '..', 'e2e', 'setup.ts'),
  globalTeardown: path.resolve(import.meta.dirname, '..', 'e2e', 'teardown.ts'),
  timeout: 600_000,
  webServer: { ...(base.webServer as object), cwd: path.resolve(import.meta.dirname, '..') } as typeof base.webServer,
});
