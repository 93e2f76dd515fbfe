// hls.js ships types for its full build only; the light build has the same API minus features the player does not use (alternate audio, EME, subtitle playlists — captions are side-loaded WebVTT).
declare module 'hls.js/light' {
  export { default } from 'hls.js';
  export * from 'hls.js';
}
