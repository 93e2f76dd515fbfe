// Bundles the embed's player (lib/watch/browser/embed/main.ts, no framework) into public/embed/player.js.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const out = path.resolve('public/embed/player.js');
fs.mkdirSync(path.dirname(out), { recursive: true });
await build({
  entryPoints: ['lib/watch/browser/embed/main.ts'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome100', 'firefox100', 'safari15'],
  outfile: out,
  legalComments: 'none',
  logLevel: 'warning',
});
console.log(`embed player: ${path.relative(process.cwd(), out)} (${Math.round(fs.statSync(out).size / 1024)} KB)`);
