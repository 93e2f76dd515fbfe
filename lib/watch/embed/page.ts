import { esc, playerMarkup, scriptJson, type PagePlayer } from '../player/page-player';

/**
 * The HTML of `/embed/{id}`: the player alone (lib/watch/player, the one the watch page has, with
 * the embed's title bar and player.js API), or a message, a password form or a "processing" notice
 * — all inside the frame, none of them loading a media segment it may not play. Plain HTML and a
 * little inline script: the frame needs nothing else.
 */
export type EmbedState =
  | { kind: 'player'; title: string; watchUrl: string; player: PagePlayer }
  | { kind: 'message'; title: string; text: string; code?: string }
  | { kind: 'gate'; videoId: string; token: string | null }
  | { kind: 'wait'; videoId: string; token: string | null };

const json = scriptJson;

const STYLE = `
html,body{margin:0;height:100%;background:#000;color:#fff;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow:hidden}
#weft-root{position:fixed;inset:0}
.weft-title{position:absolute;top:0;left:0;right:0;padding:12px 70px 28px 14px;font-weight:600;font-size:clamp(13px,3.2vw,18px);background:linear-gradient(rgba(0,0,0,.65),rgba(0,0,0,0));pointer-events:none;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;z-index:2}
.started .weft-title{display:none}
.weft-brand{position:absolute;top:10px;right:12px;padding:4px 9px;border-radius:999px;background:rgba(0,0,0,.55);color:#fff;font-size:12px;font-weight:600;text-decoration:none;z-index:4}
.weft-brand:focus-visible{outline:3px solid #fff}
.weft-msg{position:absolute;inset:0;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:10px;padding:16px;text-align:center}
.weft-msg strong{font-size:clamp(15px,4vw,20px)}
.weft-msg span{color:#cfd3da;max-width:40ch}
.weft-msg input{min-height:44px;padding:0 12px;border-radius:8px;border:1px solid #555;background:#111;color:#fff;font-size:15px}
.weft-msg button{min-height:44px;padding:0 20px;border-radius:999px;border:0;background:#5b5bd6;color:#fff;font-weight:600;font-size:15px;cursor:pointer}
.embed-error{color:#ffb4b4}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap}
`;

function doc(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow"><title>${esc(title)}</title>${head}<style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** The first segment and the player's script start loading with the head, before any script runs. */
function preloads(p: PagePlayer): string {
  return (p.preload ? `<link rel="preload" as="fetch" crossorigin="anonymous" fetchpriority="high" href="${esc(p.preload)}">` : '') + `<link rel="preload" as="script" fetchpriority="high" href="${esc(p.script)}">`;
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
<script>setInterval(function(){fetch(${json(`/api/v1/videos/${state.videoId}${tokenQuery(state.token)}`)}).then(function(r){return r.json()}).then(function(v){if(v.live||v.status==='playable'||v.status==='ready'||v.status==='failed')location.reload()}).catch(function(){})},1000)</script>`,
      );
    case 'gate':
      return doc(
        'Weft',
        `<form class="weft-msg" data-testid="embed-gate" id="gate"><strong>This video is protected</strong><label><span class="sr-only">Password</span><input name="password" type="password" required placeholder="Password" autocomplete="off" data-testid="embed-password"></label><button type="submit">Watch</button><span class="embed-error" role="alert" hidden></span></form>
<script>(function(){var f=document.getElementById('gate'),err=f.querySelector('.embed-error');f.addEventListener('submit',function(e){e.preventDefault();var b={password:f.password.value};var t=${json(state.token)};if(t)b.token=t;fetch(${json(`/api/v1/videos/${state.videoId}/unlock`)},{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify(b)}).then(function(r){if(r.ok){location.reload();return}return r.json().then(function(d){err.hidden=false;err.textContent=(d&&d.error&&d.error.message)||'That did not work.'})}).catch(function(){err.hidden=false;err.textContent='Could not reach the server.'})})})();</script>`,
      );
    case 'player':
      return doc(
        state.title,
        `<div id="weft-root">${playerMarkup({ settings: state.player.settings, script: state.player.script }, { title: state.title })}<div class="weft-title" data-testid="embed-title">${esc(state.title)}</div><a class="weft-brand" href="${esc(state.watchUrl)}" target="_blank" rel="noopener" data-testid="embed-link" aria-label="Watch “${esc(state.title)}” on Weft">Weft</a></div>`,
        preloads(state.player),
      );
  }
}
