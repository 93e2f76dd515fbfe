/**
 * The picture behind the person: a chosen file kept as a small JPEG data: URL (profiles store it), and
 * decoded back into a bitmap for the compositor. Browser only; no fetch (a page's CSP may not open
 * data: URLs to it).
 */
/** A picture file as a JPEG data: URL no larger than `max` px on its long side (what a profile keeps). */
export async function pictureDataUrl(file: Blob, max = 1280): Promise<string> {
  const bitmap = await createImageBitmap(file);
  const k = Math.min(1, max / Math.max(bitmap.width, bitmap.height));
  const canvas = new OffscreenCanvas(Math.max(1, Math.round(bitmap.width * k)), Math.max(1, Math.round(bitmap.height * k)));
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/jpeg;base64,${btoa(bin)}`;
}

/** A picture for the camera's background, from a data: URL; null when it cannot be decoded. */
export async function backgroundBitmap(dataUrl: string | null | undefined): Promise<ImageBitmap | null> {
  if (!dataUrl) return null;
  // decoded here, not fetched: the site's CSP (connect-src) does not open data: URLs to fetch
  const m = /^data:(image\/[\w+.-]+);base64,(.*)$/.exec(dataUrl);
  if (!m) return null;
  try {
    const bin = atob(m[2]!);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return await createImageBitmap(new Blob([bytes], { type: m[1] }));
  } catch {
    return null;
  }
}
