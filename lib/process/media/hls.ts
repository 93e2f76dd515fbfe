/** HLS playlist reading and writing (RFC 8216). Pure functions. */

export interface MediaSegment {
  uri: string;
  duration: number;
}

export function parseMediaPlaylist(text: string): { targetDuration: number; segments: MediaSegment[]; ended: boolean } {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  let targetDuration = 0;
  const segments: MediaSegment[] = [];
  let pending: number | null = null;
  for (const line of lines) {
    if (line.startsWith('#EXT-X-TARGETDURATION:')) targetDuration = Number(line.split(':')[1]);
    else if (line.startsWith('#EXTINF:')) pending = Number.parseFloat(line.slice(8));
    else if (line && !line.startsWith('#') && pending !== null) {
      segments.push({ uri: line, duration: pending });
      pending = null;
    }
  }
  return { targetDuration, segments, ended: lines.includes('#EXT-X-ENDLIST') };
}

export interface VariantStream {
  uri: string;
  bandwidth: number;
  averageBandwidth: number;
  width: number;
  height: number;
  codecs: string;
  frameRate: number;
}

export function writeMasterPlaylist(variants: VariantStream[]): string {
  const sorted = [...variants].sort((a, b) => b.bandwidth - a.bandwidth);
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const v of sorted) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${v.bandwidth},AVERAGE-BANDWIDTH=${v.averageBandwidth},` +
        `RESOLUTION=${v.width}x${v.height},CODECS="${v.codecs}",FRAME-RATE=${v.frameRate.toFixed(3)}`,
      v.uri,
    );
  }
  return lines.join('\n') + '\n';
}

export interface MasterEntry {
  uri: string;
  attributes: Record<string, string>;
}

export function parseMasterPlaylist(text: string): MasterEntry[] {
  const out: MasterEntry[] = [];
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.startsWith('#EXT-X-STREAM-INF:')) continue;
    const attributes: Record<string, string> = {};
    const re = /([A-Z0-9-]+)=("[^"]*"|[^,]*)/g;
    for (const m of line.slice(18).matchAll(re)) attributes[m[1] ?? ''] = (m[2] ?? '').replace(/^"|"$/g, '');
    const uri = lines[i + 1] ?? '';
    out.push({ uri, attributes });
  }
  return out;
}

/** RFC 6381 codec string for H.264 from ffprobe's profile name and level (e.g. High, 31 → avc1.64001f). */
export function avcCodecString(profile: string, level: number): string {
  const profiles: Record<string, string> = {
    'Constrained Baseline': '4240',
    Baseline: '4200',
    Main: '4d40',
    High: '6400',
  };
  const pc = profiles[profile] ?? '6400';
  return `avc1.${pc}${Math.max(0, Math.min(255, level)).toString(16).padStart(2, '0')}`;
}

export const AAC_LC_CODEC = 'mp4a.40.2';
