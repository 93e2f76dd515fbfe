/** A storyboard (WebVTT thumbnails track) as the player reads it: browser and server. */
export interface ThumbnailCue {
  start: number;
  end: number;
  url: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Pure: reads a WebVTT thumbnails track; `resolve` turns the cue's image name into a URL. */
export function parseStoryboardVtt(text: string, resolve: (name: string) => string = (n) => n): ThumbnailCue[] {
  const cues: ThumbnailCue[] = [];
  const time = (t: string) => {
    const parts = t.trim().split(':').map(Number);
    return parts.reduce((acc, p) => acc * 60 + p, 0);
  };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^([\d:.]+)\s+-->\s+([\d:.]+)/.exec(lines[i] ?? '');
    const target = lines[i + 1]?.trim();
    if (!m || !target) continue;
    const hash = /^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(target);
    if (!hash) continue;
    cues.push({
      start: time(m[1] ?? '0'),
      end: time(m[2] ?? '0'),
      url: resolve(hash[1] ?? ''),
      x: Number(hash[2]),
      y: Number(hash[3]),
      w: Number(hash[4]),
      h: Number(hash[5]),
    });
  }
  return cues;
}

