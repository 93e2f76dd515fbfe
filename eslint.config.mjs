import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/**
 * lib/ in layers, imports going one way: pages and routes (app/, server.ts, workers/) → lib/server
 * (the entries' dependencies and the HTTP adapters) → the flows (record, process, library, watch)
 * → lib/videos (the video model every flow shares) → lib/platform (database, queue, storage,
 * accounts, configuration, HTTP basics) → lib/shared (browser and server: the API contract, the
 * typed client, formats). A flow may use another only downwards: watch → library → process → record.
 */
const LAYERS = ['shared', 'platform', 'videos', 'record', 'process', 'library', 'watch', 'server'];
const refs = (name) => ['@/lib/' + name, '@/lib/' + name + '/*', ...[1, 2, 3, 4].flatMap((n) => ['../'.repeat(n) + name, '../'.repeat(n) + name + '/*'])];
const NO_WEB = { group: ['@/app/*', '../app/*', '../../app/*', 'next', 'next/*'], message: 'lib/ and workers/ must not import app/ or Next.' };
const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  files: [`lib/${layer}/**/*.ts`, `lib/${layer}/**/*.tsx`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          NO_WEB,
          { group: LAYERS.slice(i + 1).flatMap(refs), message: `lib/${layer}/ may use only the layers below it (${LAYERS.slice(0, i).join(', ') || 'none'}); see eslint.config.mjs.` },
        ],
      },
    ],
  },
}));
/** Code that runs in the browser (the recorder core, the embed's player, the shared contract and client): no Node.js, no server layer. */
const browserRule = {
  files: ['lib/shared/**/*.ts', 'lib/**/browser/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          NO_WEB,
          { group: ['node:*', ...['platform', 'videos', 'process', 'library', 'server', 'record/session', 'record/uploads', 'watch/stream', 'watch/embed', 'watch/analytics'].flatMap(refs)], message: 'Browser code (lib/shared, lib/*/browser) uses only browser code: no Node.js, no server layer.' },
          { group: ['../session/*', '../uploads/*', '../extension', '../stream/*', '../embed/*', '../analytics/*', '../social', '../media-origin', '../video-feed'], message: 'Browser code (lib/*/browser) uses only browser code.' },
        ],
      },
    ],
  },
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores(['.next/**', 'node_modules/**', 'data/**', '.tmp/**', 'drizzle/**', 'next-env.d.ts', 'public/**', 'extension/dist/**']),
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The extension speaks only the HTTP API: the typed client, the recorder core, the route table.
    files: ['extension/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/app/*', 'next', 'next/*', 'react', 'react-dom'], message: 'The extension has no web framework.' },
            { group: ['**/lib/platform', '**/lib/platform/**', '**/lib/server', '**/lib/server/**', '**/lib/videos/**', '**/lib/process/**', '**/lib/library/**', '**/lib/watch/**', '**/lib/record/session/**', '**/lib/record/uploads/**', '**/lib/record/extension'], message: 'The extension speaks only the HTTP API (lib/shared, lib/record/browser).' },
          ],
        },
      ],
    },
  },
  {
    // The domain never depends on the web layer.
    files: ['lib/**/*.ts', 'workers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/app/*', '../app/*', '../../app/*', 'next', 'next/*'], message: 'lib/ and workers/ must not import app/ or Next.' },
          ],
        },
      ],
    },
  },
  {
    // Workers, pages and route handlers reach tables only through lib/ (repos, policies, services).
    files: ['workers/**/*.ts', 'app/**/*.ts', 'app/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/app/*', '../app/*', '../../app/*', 'next', 'next/*'], message: 'lib/ and workers/ must not import app/ or Next.' },
            { group: ['drizzle-orm', 'drizzle-orm/*'], message: 'Tables are reached through lib/ functions, not drizzle-orm.' },
            { group: ['@/lib/platform/db/schema', '@/lib/platform/db/schema/*', '**/db/schema', '**/db/schema/*'], message: 'Tables are reached through lib/ functions, not lib/platform/db/schema.' },
          ],
        },
      ],
    },
  },
  {
    // the web layer may use Next, of course
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['drizzle-orm', 'drizzle-orm/*'], message: 'Tables are reached through lib/ functions, not drizzle-orm.' },
            { group: ['@/lib/platform/db/schema', '@/lib/platform/db/schema/*', '**/db/schema', '**/db/schema/*'], message: 'Tables are reached through lib/ functions, not lib/platform/db/schema.' },
          ],
        },
      ],
    },
  },
  ...layerRules,
  browserRule,
  {
    // lib/platform/config.ts is the only reader of the environment.
    files: ['lib/**/*.ts', 'workers/**/*.ts', 'app/**/*.ts', 'app/**/*.tsx'],
    ignores: ['lib/platform/config.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through lib/platform/config.ts.' }],
    },
  },
]);
