/** Next.js start-up hook: open the database, run migrations and start the inline workers. */
export async function register(): Promise<void> {
  // Written out literally so Next.js leaves the Node.js-only code out of the edge bundle.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { installPeerAddressHeader } = await import('./lib/http/peer-address');
    installPeerAddressHeader();
    // players' playback-event batches skip the framework's routing (the same handler answers)
    const { installFastLane } = await import('./lib/http/fast-lane');
    const { playbackEventsLane } = await import('./lib/analytics/http');
    installFastLane([playbackEventsLane]);
    const { startServerProcess } = await import('./workers/server-process');
    await startServerProcess();
    // the CDNs of WEFT_CDNS (read now, not at build time) in the pages' CSP
    const { installSiteCsp } = await import('./lib/http/site-csp');
    installSiteCsp();
  }
}
