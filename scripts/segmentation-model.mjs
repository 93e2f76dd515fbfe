// MediaPipe's selfie segmentation model (from the @mediapipe/selfie_segmentation npm package) made
// readable by the maintained runtime (@mediapipe/tasks-vision's ImageSegmenter): the model predates
// TFLite model metadata, and the runtime refuses a float input without NormalizationOptions. This
// adds the metadata the model card describes — RGB input scaled to [0, 1] (mean 0, std 255), one
// confidence output — without touching a weight: a new root table points at the original file's
// tables, which are copied after it unchanged (FlatBuffers offsets are relative and point forward).
import * as flatbuffers from 'flatbuffers';

/** The TFLITE_METADATA flatbuffer ("M001") for a one-input, one-output image segmentation model. */
function segmentationMetadata() {
  const b = new flatbuffers.Builder(1024);
  const floats = (xs) => {
    b.startVector(4, xs.length, 4);
    for (let i = xs.length - 1; i >= 0; i--) b.addFloat32(xs[i]);
    return b.endVector();
  };
  const table = (fields) => {
    b.startObject(Math.max(...fields.map((f) => f[0])) + 1);
    for (const [slot, kind, v] of fields) {
      if (kind === 'off') b.addFieldOffset(slot, v, 0);
      else if (kind === 'u8') b.addFieldInt8(slot, v, 0);
    }
    return b.endObject();
  };
  const vectorOf = (offs) => {
    b.startVector(4, offs.length, 4);
    for (let i = offs.length - 1; i >= 0; i--) b.addOffset(offs[i]);
    return b.endVector();
  };
  // NormalizationOptions { mean:[float]; std:[float] }
  const mean = floats([0]);
  const std = floats([255]);
  const norm = table([[0, 'off', mean], [1, 'off', std]]);
  // ProcessUnit { options_type (1 = NormalizationOptions), options }
  const unit = table([[0, 'u8', 1], [1, 'off', norm]]);
  // ImageProperties { color_space (1 = RGB) }
  const imageProps = table([[0, 'u8', 1]]);
  // Content { content_properties_type (2 = ImageProperties), content_properties }
  const content = table([[0, 'u8', 2], [1, 'off', imageProps]]);
  const inName = b.createString('image');
  const input = table([[0, 'off', inName], [3, 'off', content], [4, 'off', vectorOf([unit])]]);
  const outName = b.createString('segmentation');
  const outProps = table([[0, 'u8', 2]]); // GRAYSCALE
  const outContent = table([[0, 'u8', 2], [1, 'off', outProps]]);
  const output = table([[0, 'off', outName], [3, 'off', outContent]]);
  // SubGraphMetadata { name, description, input_tensor_metadata, output_tensor_metadata }
  const sub = table([[2, 'off', vectorOf([input])], [3, 'off', vectorOf([output])]]);
  const name = b.createString('selfie segmentation');
  const parser = b.createString('1.0.0');
  // ModelMetadata { name, …, subgraph_metadata (3), …, min_parser_version (7) }
  const root = table([[0, 'off', name], [3, 'off', vectorOf([sub])], [7, 'off', parser]]);
  b.finish(root, 'M001');
  return b.asUint8Array();
}

/** The model with its metadata added. Throws on a file that is not a TFLite model or already has metadata. */
export function withSegmentationMetadata(model) {
  const src = new DataView(model.buffer, model.byteOffset, model.byteLength);
  if (String.fromCharCode(...model.subarray(4, 8)) !== 'TFL3') throw new Error('not a TFLite model');
  const oldRoot = src.getUint32(0, true);
  const oldVt = oldRoot - src.getInt32(oldRoot, true);
  const fieldCount = (src.getUint16(oldVt, true) - 4) / 2;
  const field = (i) => (i < fieldCount ? src.getUint16(oldVt + 4 + 2 * i, true) : 0);
  if (field(6)) throw new Error('the model already has metadata');
  // absolute positions (in the old file) of what the old root points at
  const target = (i) => {
    const at = oldRoot + field(i);
    return at + src.getUint32(at, true);
  };
  const buffersAt = target(4);
  const bufferCount = src.getUint32(buffersAt, true);
  const oldBuffer = (k) => {
    const at = buffersAt + 4 + 4 * k;
    return at + src.getUint32(at, true);
  };
  const meta = segmentationMetadata();

  const out = [];
  let size = 0;
  const patches = [];
  const align = (n) => {
    while (size % n) {
      out.push(0);
      size++;
    }
  };
  const u32 = (v) => {
    const at = size;
    out.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
    size += 4;
    return at;
  };
  const u16 = (v) => {
    out.push(v & 255, (v >>> 8) & 255);
    size += 2;
  };
  const bytes = (arr) => {
    for (const x of arr) out.push(x);
    size += arr.length;
  };
  const set32 = (at, v) => {
    out[at] = v & 255;
    out[at + 1] = (v >>> 8) & 255;
    out[at + 2] = (v >>> 16) & 255;
    out[at + 3] = (v >>> 24) & 255;
  };
  /** A uoffset at `at` to be pointed at a position known later ('old:N' = the old file's byte N). */
  const ref = (at, to) => patches.push({ at, to });

  const rootRef = u32(0);
  bytes([84, 70, 76, 51]); // TFL3
  // the root's vtable: 8 fields (version … metadata, no signature_defs), table of 4 + 7×4 bytes
  const vt = size;
  u16(4 + 2 * 7);
  u16(4 + 4 * 7);
  for (let i = 0; i < 7; i++) u16(4 + 4 * i);
  align(4);
  const root = size;
  set32(rootRef, root);
  u32(root - vt); // soffset to the vtable (before the table)
  const version = field(0) ? src.getUint32(oldRoot + field(0), true) : 3;
  u32(version);
  const fOps = u32(0);
  const fSubgraphs = u32(0);
  const fDescription = u32(0);
  const fBuffers = u32(0);
  const fMetaBuffer = u32(0);
  const fMetadata = u32(0);
  // buffers: the old ones, then the metadata's
  const buffersVec = u32(bufferCount + 1);
  const bufferSlots = [];
  for (let k = 0; k <= bufferCount; k++) bufferSlots.push(u32(0));
  // metadata: [{ name: "TFLITE_METADATA", buffer: bufferCount }]
  const metadataVec = u32(1);
  const metadataSlot = u32(0);
  const mvt = size;
  u16(8);
  u16(12);
  u16(4);
  u16(8);
  const mtable = size;
  u32(mtable - mvt);
  const mName = u32(0);
  u32(bufferCount);
  const nameAt = size;
  const name = [...'TFLITE_METADATA'].map((c) => c.charCodeAt(0));
  u32(name.length);
  bytes(name);
  out.push(0);
  size++;
  align(4);
  // Buffer { data: [ubyte] }
  const bvt = size;
  u16(6);
  u16(8);
  u16(4);
  align(4);
  const btable = size;
  u32(btable - bvt);
  const bData = u32(0);
  align(16);
  // the length word sits just before 16-aligned bytes
  bytes([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const dataAt = size;
  u32(meta.length);
  bytes(meta);
  align(16);
  const base = size;
  bytes(model);

  const abs = (to) => (typeof to === 'number' ? to : base + Number(to.slice(4)));
  ref(fOps, field(1) ? `old:${target(1)}` : null);
  ref(fSubgraphs, `old:${target(2)}`);
  ref(fDescription, field(3) ? `old:${target(3)}` : null);
  ref(fBuffers, buffersVec);
  ref(fMetaBuffer, field(5) ? `old:${target(5)}` : null);
  ref(fMetadata, metadataVec);
  for (let k = 0; k < bufferCount; k++) ref(bufferSlots[k], `old:${oldBuffer(k)}`);
  ref(bufferSlots[bufferCount], btable);
  ref(metadataSlot, mtable);
  ref(mName, nameAt);
  ref(bData, dataAt);
  for (const p of patches) {
    if (p.to === null) continue;
    set32(p.at, abs(p.to) - p.at);
  }
  return Uint8Array.from(out);
}
