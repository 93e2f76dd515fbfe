import { baseOf } from '../browser/base-of';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { StreamInfo } from '../stream/service';
import type { EmbedParams } from '../browser/embed-params';

/**
 * The HTML of `/embed/{id}`: the player alone (public/embed/player.js, built from
 * lib/watch/browser/embed), or a message, a password form or a "processing" notice — all inside the frame,
 * none of them loading a media segment it may not play. Plain HTML and a little inline script: the
 * frame needs nothing else.
 */
export type EmbedState =
  | { kind: 'player'; videoId: string; title: string; watchUrl: string; stream: StreamInfo; params: EmbedParams; token: string | null }
  | { kind: 'message'; title: string; text: string; code?: string }
  | { kind: 'gate'; videoId: string; token: string | null }
  | { kind: 'wait'; videoId: string; token: string | null };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** JSON inside <script>: no `</script>` can end it early. */
const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

let version: string | null = null;
/** A cache key for the player bundle (its content hash). */
function playerVersion(): string {
  if (version) return version;
  try {
    version = createHash('sha256').update(fs.readFileSync(path.join(process.cwd(), 'public', 'embed', 'player.js'))).digest('hex').slice(0, 12);
  } catch {
    version = 'dev';
  }
  return version;
}

const STYLE = `
html,body{margin:0;height:100%;background:#000;color:#fff;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow:hidden}
#weft-root{position:fixed;inset:0}
.weft-holder{position:absolute;inset:0;outline:none}
.weft-video{width:100%;height:100%;object-fit:contain;background:#000;display:block}
.weft-title{position:absolute;top:0;left:0;right:0;padding:12px 70px 28px 14px;font-weight:600;font-size:clamp(13px,3.2vw,18px);background:linear-gradient(rgba(0,0,0,.65),rgba(0,0,0,0));pointer-events:none;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.started .weft-title{display:none}
.weft-brand{position:absolute;top:10px;right:12px;padding:4px 9px;border-radius:999px;background:rgba(0,0,0,.55);color:#fff;font-size:12px;font-weight:600;text-decoration:none}
.weft-brand:focus-visible,.weft-btn:focus-visible,.weft-big:focus-visible,.weft-select:focus-visible{outline:2px solid #fff}
.weft-big{position:absolute;left:50%;top:50%;transform:translate(-50%,-50%);width:72px;height:72px;border-radius:50%;border:0;background:rgba(20,22,30,.7);color:#fff;cursor:pointer;display:flex;align-items:center;justify-content:center}.weft-big svg{width:36px;height:36px}
.started:not(.paused) .weft-big{display:none}
.weft-bar{position:absolute;left:0;right:0;bottom:0;display:flex;align-items:center;gap:6px;padding:6px 8px;background:linear-gradient(rgba(0,0,0,0),rgba(0,0,0,.7));opacity:0;transition:opacity .2s}
#weft-root:hover .weft-bar,#weft-root:focus-within .weft-bar,.paused .weft-bar{opacity:1}
.weft-btn{min-width:36px;height:36px;border:0;border-radius:8px;background:transparent;color:#fff;font-size:13px;font-weight:700;cursor:pointer;display:inline-flex;align-items:center;justify-content:center}
.weft-btn.on{background:rgba(255,255,255,.2)}
.weft-time{font-variant-numeric:tabular-nums;font-size:12px;white-space:nowrap}
.weft-seek{flex:1;min-width:40px;accent-color:#6c8cff}
.weft-select{height:30px;border-radius:6px;border:1px solid rgba(255,255,255,.35);background:rgba(15,18,25,.8);color:#fff;font-size:12px}
@media (max-width:420px){.weft-select,.weft-time{display:none}}
.weft-msg{position:absolute;inset:0;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:10px;padding:16px;text-align:center}
.weft-msg strong{font-size:clamp(15px,4vw,20px)}
.weft-msg span{color:#cfd3da;max-width:40ch}
.weft-msg input{min-height:44px;padding:0 12px;border-radius:8px;border:1px solid #555;background:#111;color:#fff;font-size:15px}
.weft-msg button{min-height:44px;padding:0 20px;border-radius:999px;border:0;background:#5b5bd6;color:#fff;font-weight:600;font-size:15px;cursor:pointer}
.embed-error{color:#ffb4b4}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap}
`;

function doc(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

const tokenQuery = (token: string | null) => (token ? `?token=${encodeURIComponent(token)}` : '');

export function renderEmbed(state: EmbedState): string {
  switch (state.kind) {
    case 'message':
      return doc('Weft', `<div class="weft-msg" data-testid="embed-message"${state.code ? ` data-code="${esc(state.code)}"` : ''} role="status"><strong>${esc(state.title)}</strong><span>${esc(state.text)}</span></div>`);
    case 'wait':
      return doc(
        'Weft',
        `<div class="weft-msg" data-testid="embed-message" role="status"><strong>Almost there</strong><span>This video is being processed and plays in a moment.</span></div>
<script>setInterval(function(){fetch(${json(`/api/v1/videos/${state.videoId}${tokenQuery(state.token)}`)}).then(function(r){return r.json()}).then(function(v){if(v.status==='playable'||v.status==='ready'||v.status==='failed')location.reload()}).catch(function(){})},3000)</script>`,
      );
    case 'gate':
      return doc(
        'Weft',
        `<form class="weft-msg" data-testid="embed-gate" id="gate"><strong>This video is protected</strong><label><span class="sr-only">Password</span><input name="password" type="password" required placeholder="Password" autocomplete="off" data-testid="embed-password"></label><button type="submit">Watch</button><span class="embed-error" role="alert" hidden></span></form>
<script>(function(){var f=document.getElementById('gate'),err=f.querySelector('.embed-error');f.addEventListener('submit',function(e){e.preventDefault();var b={password:f.password.value};var t=${json(state.token)};if(t)b.token=t;fetch(${json(`/api/v1/videos/${state.videoId}/unlock`)},{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify(b)}).then(function(r){if(r.ok){location.reload();return}return r.json().then(function(d){err.hidden=false;err.textContent=(d&&d.error&&d.error.message)||'That did not work.'})}).catch(function(){err.hidden=false;err.textContent='Could not reach the server.'})})})();</script>`,
      );
    case 'player': {
      const captions = state.stream.captions.map((c) => ({ ...c, url: `${c.url}${state.token ? `&token=${encodeURIComponent(state.token)}` : ''}` }));
      const analytics = state.stream.playback
        ? { endpoint: `/api/v1/videos/${state.videoId}/playback-events${tokenQuery(state.token)}`, playback: { token: state.stream.playback.token, nextSeq: state.stream.playback.nextSeq } }
        : null;
      const bases = [state.stream.master, ...(state.stream.fallbacks ?? [])].map(baseOf);
      const renewUrl = `/api/v1/streams/${state.videoId}?surface=embed&renew=1${state.token ? `&token=${encodeURIComponent(state.token)}` : ''}`;
      const settings = { videoId: state.videoId, master: state.stream.master, poster: state.stream.poster, captions, params: state.params, analytics, bases, renewUrl };
      return doc(
        state.title,
        `<div id="weft-root" class="paused"><div class="weft-holder" data-testid="player" tabindex="0"><video class="weft-video" playsinline preload="auto" aria-label="Video"${state.stream.poster ? ` poster="${esc(state.stream.poster)}"` : ''}></video></div><div class="weft-title" data-testid="embed-title">${esc(state.title)}</div><a class="weft-brand" href="${esc(state.watchUrl)}" target="_blank" rel="noopener" data-testid="embed-link" aria-label="Watch “${esc(state.title)}” on Weft">Weft</a></div>
<script type="application/json" id="weft-embed">${json(settings)}</script>
<script src="/embed/player.js?v=${playerVersion()}"></script>`,
      );
    }
  }
}
