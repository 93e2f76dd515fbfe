import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

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
            { group: ['**/lib/db/*', '**/lib/db', '**/lib/http/*', '**/lib/runtime', '**/lib/config', '**/lib/auth/*', '**/lib/videos/*', '**/lib/queue/*', '**/lib/storage/*'], message: 'The extension speaks only the HTTP API (lib/client, lib/recorder, lib/api).' },
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
            { group: ['@/lib/db/schema', '@/lib/db/schema/*', '**/db/schema', '**/db/schema/*'], message: 'Tables are reached through lib/ functions, not lib/db/schema.' },
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
            { group: ['@/lib/db/schema', '@/lib/db/schema/*', '**/db/schema', '**/db/schema/*'], message: 'Tables are reached through lib/ functions, not lib/db/schema.' },
          ],
        },
      ],
    },
  },
  {
    // lib/config.ts is the only reader of the environment.
    files: ['lib/**/*.ts', 'workers/**/*.ts', 'app/**/*.ts', 'app/**/*.tsx'],
    ignores: ['lib/config.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through lib/config.ts.' }],
    },
  },
]);
