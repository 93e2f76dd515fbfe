// Self-hosts ffmpeg.wasm (0.12, single-thread core) under public/ffmpeg for the recorder's preview.
// Bundlers cannot pack it (it spawns its own module worker), so the files are copied as they are
// and loaded at run time from /ffmpeg/… .
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'public', 'ffmpeg');
const copies = [
  [path.join(root, 'node_modules/@ffmpeg/ffmpeg/dist/esm'), path.join(out, 'ffmpeg'), (f) => f.endsWith('.js')],
  [path.join(root, 'node_modules/@ffmpeg/core/dist/esm'), path.join(out, 'core'), (f) => /^ffmpeg-core\.(js|wasm)$/.test(f)],
];
for (const [from, to, keep] of copies) {
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(from).filter(keep)) fs.copyFileSync(path.join(from, f), path.join(to, f));
}
console.log(`ffmpeg.wasm copied to ${path.relative(root, out)}`);
