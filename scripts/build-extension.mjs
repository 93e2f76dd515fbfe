// Bundles the Chrome extension (extension/src, sharing lib/record/browser and lib/shared/client with /record)
// into extension/dist and zips it as extension/weft-extension.zip (also served by the web app).
//   node scripts/build-extension.mjs [--server https://weft.example.com] [--out DIR] [--no-zip]
// --server bakes a server in: it is the default address and its origin a host permission, so the
// extension connects without asking for access (for a team's own build, and for the tests).
import { build } from 'esbuild';
import { zipSync } from 'fflate';
import fs from 'node:fs';
import path from 'node:path';
import { copyRecorderAssets } from './copy-recorder-assets.mjs';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const server = flag('--server') ?? '';
const out = path.resolve(flag('--out') ?? 'extension/dist');
const zip = !args.includes('--no-zip');
const isDefault = !flag('--out') && !server;

let origin = '';
if (server) {
  const u = new URL(server);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`--server must be an http(s) address, not ${server}`);
  origin = u.origin;
}

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, 'icons'), { recursive: true });

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const manifest = JSON.parse(fs.readFileSync('extension/manifest.json', 'utf8'));
manifest.version = pkg.version;
if (origin) manifest.host_permissions = [`${origin}/*`];
fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 2));

const common = {
  bundle: true,
  minify: true,
  target: ['chrome116'],
  legalComments: 'none',
  logLevel: 'warning',
  define: { __WEFT_SERVER__: JSON.stringify(origin) },
};
await build({ ...common, entryPoints: { background: 'extension/src/background.ts' }, format: 'esm', outdir: out });
await build({
  ...common,
  entryPoints: ['popup', 'offscreen', 'bubble', 'connected', 'permissions', 'picture', 'ink-overlay', 'compositor-worker'].map((n) => ({ in: `extension/src/${n}.ts`, out: n })),
  format: 'iife',
  outdir: out,
});
for (const f of fs.readdirSync('extension/pages')) fs.copyFileSync(path.join('extension/pages', f), path.join(out, f));
// background blur and noise suppression run on files inside the extension (no server fetch)
copyRecorderAssets(path.join(out, 'recorder'));
for (const f of fs.readdirSync('extension/icons')) fs.copyFileSync(path.join('extension/icons', f), path.join(out, 'icons', f));

const files = {};
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else files[path.relative(out, p).split(path.sep).join('/')] = fs.readFileSync(p);
  }
};
walk(out);
const kb = Math.round(Object.values(files).reduce((n, b) => n + b.length, 0) / 1024);
console.log(`extension: ${path.relative(process.cwd(), out)} (${Object.keys(files).length} files, ${kb} KB)${origin ? `, server ${origin}` : ''}`);

if (zip) {
  const zipPath = path.join(path.dirname(out), isDefault ? 'weft-extension.zip' : `${path.basename(out)}.zip`);
  const bytes = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new Uint8Array(v)])), { level: 9 });
  fs.writeFileSync(zipPath, bytes);
  console.log(`extension: ${path.relative(process.cwd(), zipPath)} (${Math.round(bytes.length / 1024)} KB)`);
  if (isDefault) {
    // the web app links to it from /record
    fs.mkdirSync('public/extension', { recursive: true });
    fs.copyFileSync(zipPath, 'public/extension/weft-extension.zip');
  }
}
