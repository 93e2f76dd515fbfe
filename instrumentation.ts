/** Next.js start-up hook: open the database, run migrations and start the inline workers. */
export async function register(): Promise<void> {
  // Written out literally so Next.js leaves the Node.js-only code out of the edge bundle.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { installPeerAddressHeader } = await import('./lib/http/peer-address');
    installPeerAddressHeader();
    // the viewer's hot path (playback events, the stream API, media) skips the framework's routing
    // (the same handlers answer)
    const { installFastLane } = await import('./lib/http/fast-lane');
    const { playbackEventsLane } = await import('./lib/analytics/http');
    const { streamLane } = await import('./lib/streaming/http');
    const { mediaLane } = await import('./lib/media-origin/http');
    installFastLane([playbackEventsLane, streamLane, mediaLane]);
    const { startServerProcess } = await import('./workers/server-process');
    await startServerProcess();
    // the CDNs of WEFT_CDNS (read now, not at build time) in the pages' CSP
    const { installSiteCsp } = await import('./lib/http/site-csp');
    installSiteCsp();
  }
}
