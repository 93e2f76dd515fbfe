// Brotli and gzip copies of the built scripts and styles (.next/static, public/player), made once at
// build time: the server entry sends them as they are (lib/server/routes/static-assets.ts), at
// Brotli's best level, which no server could afford per request.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const roots = ['.next/static', 'public/player'];
let files = 0;
let raw = 0;
let br = 0;
for (const root of roots) {
  if (!fs.existsSync(root)) continue;
  for (const rel of fs.readdirSync(root, { recursive: true })) {
    const file = path.join(root, String(rel));
    if (!/\.(js|css|mjs)$/.test(file) || !fs.statSync(file).isFile()) continue;
    const data = fs.readFileSync(file);
    const b = zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
    fs.writeFileSync(`${file}.br`, b);
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
    files++;
    raw += data.length;
    br += b.length;
  }
}
console.log(`precompressed ${files} files: ${Math.round(raw / 1024)} KB → ${Math.round(br / 1024)} KB brotli`);
