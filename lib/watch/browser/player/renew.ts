/**
 * Signed media URLs end when the video's access changes (a link revoked, visibility or password
 * changed). A player whose viewer may still watch — the owner, someone with the link of a public
 * video — then gets a 403 on its next request: it asks the stream API for fresh URLs once and
 * carries on with the new signature on every later request, from the buffer, without a stall.
 * Part of the player (watch page and embed). Browser code.
 */
const SIGNATURE_KEYS = ['exp', 'ep', 'sc', 'sig'] as const;

export class SignatureRenewer {
  private signature: URLSearchParams | null = null;
  private pending: Promise<boolean> | null = null;
  private lastAt = 0;

  /** `renewUrl`: the stream API for this video and viewer (with `renew=1`, and the share token if any). */
  constructor(private readonly renewUrl: string) {}

  /** The media URL with the newest signature (unchanged until a renewal happened). */
  apply(url: string): string {
    if (!this.signature || !url.includes('/media/')) return url;
    try {
      const u = new URL(url, window.location.href);
      if (!u.searchParams.has('sig')) return url;
      for (const k of SIGNATURE_KEYS) u.searchParams.set(k, this.signature.get(k) ?? '');
      return u.toString();
    } catch {
      return url;
    }
  }

  /** Asks for fresh URLs (one request at a time, at most one every 2 s); false when the viewer may no longer watch. */
  renew(): Promise<boolean> {
    if (this.pending) return this.pending;
    if (Date.now() - this.lastAt < 2000) return Promise.resolve(this.signature !== null);
    this.pending = (async () => {
      try {
        const res = await fetch(this.renewUrl, { credentials: 'same-origin', cache: 'no-store' });
        if (!res.ok) return false;
        const stream = (await res.json()) as { master?: string };
        if (!stream.master) return false;
        this.signature = new URL(stream.master, window.location.href).searchParams;
        return true;
      } catch {
        return false;
      } finally {
        this.lastAt = Date.now();
        this.pending = null;
      }
    })();
    return this.pending;
  }
}
