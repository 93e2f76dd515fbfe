/**
 * The HLS ladder planner: pure decisions about which renditions to make from a source.
 * "Resolution" is the short side of the frame (720 for 1280x720 and for a 720x1280 portrait video).
 */
export const STANDARD_RESOLUTIONS = [1080, 720, 480, 360] as const;

export interface Rung {
  name: string;
  width: number;
  height: number;
  /** Target average video bitrate, bits/s. */
  videoBitrate: number;
  /** Peak allowed (VBV maxrate), bits/s; ≤ 2× average. */
  maxBitrate: number;
  bufferSize: number;
  audioBitrate: number;
  fps: number;
}

export interface SourceShape {
  width: number;
  height: number;
  fps: number | null;
}

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/** The output frame rate: the source's, capped at 30; unknown or absurd rates (WebM claims 1000) → 30. */
export function targetFps(fps: number | null): number {
  if (!fps || !Number.isFinite(fps) || fps <= 0 || fps > 120) return 30;
  return Math.min(30, Math.round(fps * 100) / 100);
}

/**
 * Average video bitrate for a frame size and rate, from a bits-per-pixel curve anchored on
 * PeerTube's table (≈ 3.3 Mb/s at 1080p30, 1.9 at 720p, 1.0 at 480p, 0.6 at 360p); the exponent
 * below 1 gives small frames more bits per pixel, as codecs need.
 */
export function videoBitrate(width: number, height: number, fps: number): number {
  const pixels = width * height;
  const ref = 1920 * 1080;
  const base = 3_300_000 * (pixels / ref) ** 0.75;
  const fpsFactor = fps <= 30 ? 1 : 1 + 0.5 * ((fps - 30) / 30);
  return Math.round((base * fpsFactor) / 1000) * 1000;
}

export function planLadder(src: SourceShape): Rung[] {
  const short = Math.min(src.width, src.height);
  const portrait = src.height > src.width;
  const fps = targetFps(src.fps);
  const sizes: number[] = STANDARD_RESOLUTIONS.filter((r) => r <= short);
  // The source's own size is a rung when it lies between standard ones (or below the smallest).
  if (!sizes.includes(short) && short < STANDARD_RESOLUTIONS[0]) sizes.push(short);
  sizes.sort((a, b) => b - a);
  if (sizes.length === 0) sizes.push(short);

  return sizes.map((res) => {
    const scale = res / short;
    const width = portrait ? even(res) : even(src.width * scale);
    const height = portrait ? even(src.height * scale) : even(res);
    const vb = videoBitrate(width, height, fps);
    return {
      name: `${res}p`,
      width,
      height,
      videoBitrate: vb,
      maxBitrate: Math.round(vb * 1.5),
      bufferSize: vb * 2,
      audioBitrate: res >= 720 ? 128_000 : 96_000,
      fps,
    };
  });
}
