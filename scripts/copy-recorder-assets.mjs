// Self-hosts what the recorder's effects run on, from npm packages (nothing is fetched from
// elsewhere at run time), under public/recorder/ for /record and inside the extension's bundle:
//   segmentation/  @mediapipe/tasks-vision (its ES module and WebAssembly) and the selfie segmentation
//                  model of @mediapipe/selfie_segmentation, with the TFLite metadata the runtime needs
//                  (scripts/segmentation-model.mjs)
//   rnnoise/       @sapphi-red/web-noise-suppressor's RNNoise AudioWorklet and its wasm (SIMD and not)
//   node scripts/copy-recorder-assets.mjs [--out DIR]     (default public/recorder)
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { withSegmentationMetadata } from './segmentation-model.mjs';

const root = path.resolve(import.meta.dirname, '..');
const mod = (p) => path.join(root, 'node_modules', p);

/** Copies the recorder's assets into `out` (made if missing); returns the files written. */
export function copyRecorderAssets(out) {
  const written = [];
  const copy = (from, to) => {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
    written.push(to);
  };
  const seg = path.join(out, 'segmentation');
  // a classic script for the compositor worker's importScripts (a module import from a blob worker
  // fails inside an extension): the package's CommonJS build, its exports set on the worker's scope
  const cjs = fs.readFileSync(mod('@mediapipe/tasks-vision/vision_bundle.cjs'), 'utf8').replace(/\n\/\/# sourceMappingURL=.*$/, '');
  fs.mkdirSync(seg, { recursive: true });
  fs.writeFileSync(path.join(seg, 'vision_bundle.js'), `(function () {\nvar module = { exports: {} }, exports = module.exports;\n${cjs}\n;self.WeftVision = module.exports;\n})();\n`);
  written.push(path.join(seg, 'vision_bundle.js'));
  // the SIMD build only: every browser with MediaStreamTrackProcessor has WebAssembly SIMD
  for (const f of ['vision_wasm_internal.js', 'vision_wasm_internal.wasm']) {
    copy(mod(`@mediapipe/tasks-vision/wasm/${f}`), path.join(seg, 'wasm', f));
  }
  // the landscape variant (256×144 input): cheaper per frame than the square one, as good at a bubble
  const name = 'selfie_segmentation_landscape.tflite';
  const model = withSegmentationMetadata(new Uint8Array(fs.readFileSync(mod(`@mediapipe/selfie_segmentation/${name}`))));
  fs.writeFileSync(path.join(seg, name), model);
  written.push(path.join(seg, name));
  const rn = path.join(out, 'rnnoise');
  copy(mod('@sapphi-red/web-noise-suppressor/dist/rnnoise/workletProcessor.js'), path.join(rn, 'workletProcessor.js'));
  for (const f of ['rnnoise.wasm', 'rnnoise_simd.wasm']) copy(mod(`@sapphi-red/web-noise-suppressor/dist/${f}`), path.join(rn, f));
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--out');
  const out = path.resolve(i > 0 ? process.argv[i + 1] : path.join(root, 'public', 'recorder'));
  const files = copyRecorderAssets(out);
  const mb = files.reduce((n, f) => n + fs.statSync(f).size, 0) / 1e6;
  console.log(`recorder assets: ${files.length} files (${mb.toFixed(1)} MB) in ${path.relative(root, out) || out}`);
}
