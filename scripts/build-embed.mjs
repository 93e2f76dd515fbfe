// Bundles the player (lib/watch/browser/player, no framework) into public/player/{watch,embed}.js:
// the watch page's and the embed's entries around the one player core.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const outdir = path.resolve('public/player');
fs.mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: { watch: 'lib/watch/browser/player/watch.ts', embed: 'lib/watch/browser/player/embed.ts' },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome100', 'firefox100', 'safari15'],
  outdir,
  legalComments: 'none',
  logLevel: 'warning',
});
for (const name of ['watch', 'embed']) {
  const file = path.join(outdir, `${name}.js`);
  console.log(`player: ${path.relative(process.cwd(), file)} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
}
