/** Browser, OS and device class from a User-Agent (ua-parser-js), for the insights' breakdowns. */
import { UAParser } from 'ua-parser-js';

export interface ClientClass {
  browser: string | null;
  os: string | null;
  device: 'desktop' | 'mobile' | 'tablet' | 'tv' | 'other';
}

export function classifyClient(userAgent: string | null): ClientClass {
  if (!userAgent) return { browser: null, os: null, device: 'other' };
  const r = new UAParser(userAgent.slice(0, 512)).getResult();
  const type = r.device.type;
  const device = type === 'mobile' || type === 'tablet' ? type : type === 'smarttv' ? 'tv' : type ? 'other' : 'desktop';
  return { browser: r.browser.name ?? null, os: r.os.name ?? null, device };
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
