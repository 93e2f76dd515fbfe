/**
 * Connecting the browser extension: the signed-in person approves on /extension/connect, the
 * server makes an API token scoped to recording, and the page hands it to the extension by sending
 * the browser to the extension's own page with the token in the fragment (never sent to a server).
 * Only extensions this server knows may be handed a token.
 */
import { z } from 'zod';
import { config } from '../config';

/** The id Chrome gives the extension built from this repository (fixed by the manifest's `key`). */
export const WEFT_EXTENSION_ID = 'ohpdobcmiamfbnhpapngdmlhnigibjim';

export function allowedExtensionIds(): string[] {
  const ids = (config().WEFT_EXTENSION_IDS ?? '').split(/[\s,]+/).filter(Boolean);
  return ids.length > 0 ? ids : [WEFT_EXTENSION_ID];
}

export const connectQuery = z.object({
  extension: z.string().regex(/^[a-p]{32}$/, 'is not a Chrome extension id'),
  /** The extension's nonce, returned untouched: it only accepts a token for a Connect it started. */
  state: z.string().regex(/^[\w-]{16,128}$/, 'is not a connect state'),
  /** Names the token ("Chrome on Linux"). */
  browser: z
    .string()
    .trim()
    .max(60)
    .transform((s) => s.replace(/[^\p{L}\p{N} ._()-]/gu, '').trim() || 'a browser')
    .default('a browser'),
});
export type ConnectRequest = z.infer<typeof connectQuery>;

export type ConnectCheck = { ok: true; request: ConnectRequest } | { ok: false; message: string };

export function checkConnect(query: Record<string, string | string[] | undefined>): ConnectCheck {
  const flat = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const r = connectQuery.safeParse(flat);
  if (!r.success) return { ok: false, message: 'This connect link is broken. Click Connect in the Weft extension again.' };
  if (!allowedExtensionIds().includes(r.data.extension)) {
    return { ok: false, message: 'This server does not know that extension. Its administrator can allow it with WEFT_EXTENSION_IDS.' };
  }
  return { ok: true, request: r.data };
}

export const tokenNameFor = (browser: string) => `Weft extension — ${browser}`;

/** Where the browser goes after the person answered: the extension's page, the answer in the fragment. */
export function extensionReturnUrl(extensionId: string, fragment: Record<string, string>): string {
  return `chrome-extension://${extensionId}/connected.html#${new URLSearchParams(fragment).toString()}`;
}
