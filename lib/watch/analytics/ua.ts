/** Browser, OS and device class from a User-Agent (ua-parser-js), for the insights' breakdowns. */
import { UAParser } from 'ua-parser-js';

export interface ClientClass {
  browser: string | null;
  os: string | null;
  device: 'desktop' | 'mobile' | 'tablet' | 'tv' | 'other';
}

/** Parsed User-Agents: a few browsers send nearly all of the traffic, and parsing is the dear part. */
const seen = new Map<string, ClientClass>();
const SEEN_MAX = 2000;

export function classifyClient(userAgent: string | null): ClientClass {
  if (!userAgent) return { browser: null, os: null, device: 'other' };
  const ua = userAgent.slice(0, 512);
  const hit = seen.get(ua);
  if (hit) return hit;
  const r = new UAParser(ua).getResult();
  const type = r.device.type;
  const device = type === 'mobile' || type === 'tablet' ? type : type === 'smarttv' ? 'tv' : type ? 'other' : 'desktop';
  const out: ClientClass = { browser: r.browser.name ?? null, os: r.os.name ?? null, device };
  if (seen.size >= SEEN_MAX) seen.clear();
  seen.set(ua, out);
  return out;
}

/** The host of a Referer (the site an embed is on, or where a link was clicked), lower case; null when none. */
export function referrerHost(referrer: string | null | undefined): string | null {
  if (!referrer) return null;
  try {
    const u = new URL(referrer);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname.toLowerCase().slice(0, 253) : null;
  } catch {
    return null;
  }
}
