/**
 * The player's CSS (watch page and embed alike), scoped under `.weft-player`. The server's markup
 * puts it in the page with the <video>, so the frame is laid out before any script runs.
 */
export const PLAYER_CSS = `
.weft-player{position:relative;width:100%;height:100%;background:#000;color:#fff;overflow:hidden;outline:none;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;-webkit-tap-highlight-color:transparent}
.weft-player:focus-visible{box-shadow:inset 0 0 0 3px #9db3ff}
.weft-player .weft-video{position:absolute;inset:0;width:100%;height:100%;object-fit:contain;background:#000;display:block}
.weft-player .weft-video::cue{background:rgba(0,0,0,.82);color:#fff;font-size:clamp(15px,2.6vw,26px);line-height:1.35;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.weft-player .weft-big{position:absolute;left:50%;top:50%;transform:translate(-50%,-50%);width:72px;height:72px;border-radius:50%;border:0;background:rgba(20,22,30,.72);color:#fff;cursor:pointer;display:flex;align-items:center;justify-content:center;z-index:2}
.weft-player .weft-big svg{width:36px;height:36px}
.weft-player.started:not(.paused) .weft-big{display:none}
.weft-player .weft-bar{position:absolute;left:0;right:0;bottom:0;display:flex;align-items:center;gap:4px;padding:18px 8px 6px;background:linear-gradient(rgba(0,0,0,0),rgba(0,0,0,.75));opacity:0;transition:opacity .2s;z-index:3}
.weft-player:hover .weft-bar,.weft-player:focus-within .weft-bar,.weft-player.paused .weft-bar{opacity:1}
.weft-player .weft-btn{min-width:36px;height:36px;border:0;border-radius:8px;background:transparent;color:#fff;font-size:13px;font-weight:700;cursor:pointer;display:inline-flex;align-items:center;justify-content:center;padding:0 6px}
.weft-player .weft-btn:hover{background:rgba(255,255,255,.14)}
.weft-player .weft-btn.on{background:rgba(255,255,255,.24);box-shadow:inset 0 -2px 0 #fff}
.weft-player .weft-btn[hidden],.weft-player .weft-select[hidden],.weft-player [hidden]{display:none}
.weft-player .weft-btn:focus-visible,.weft-player .weft-big:focus-visible,.weft-player .weft-select:focus-visible,.weft-player .weft-seek:focus-visible{outline:3px solid #fff;outline-offset:1px;box-shadow:0 0 0 5px rgba(0,0,0,.7)}
.weft-player .weft-time{font-variant-numeric:tabular-nums;font-size:12px;white-space:nowrap;padding:0 4px}
.weft-player .weft-seekwrap{position:relative;flex:1;min-width:40px;display:flex;align-items:center;height:36px}
.weft-player .weft-seek{width:100%;margin:0;accent-color:#8ea6ff;cursor:pointer;height:20px}
.weft-player .weft-marks{position:absolute;left:8px;right:8px;top:50%;height:0;pointer-events:none}
.weft-player .chapter-mark{position:absolute;top:-4px;width:3px;height:8px;margin-left:-1px;background:rgba(0,0,0,.7);pointer-events:none}
.weft-player .timeline-mark{position:absolute;top:-9px;width:6px;height:6px;margin-left:-3px;border-radius:50%;background:#ffd166;pointer-events:none}
.weft-player .timeline-mark.reaction{background:#ff8fab;width:4px;height:4px;margin-left:-2px;top:-8px}
.weft-player .weft-select{height:30px;border-radius:6px;border:1px solid rgba(255,255,255,.4);background:rgba(15,18,25,.85);color:#fff;font-size:12px;padding:0 4px}
.weft-player .weft-live{font-size:11px;font-weight:700;letter-spacing:.04em;text-transform:uppercase;background:#d93f3f;border-radius:4px;padding:2px 6px}
.weft-player .scrub-preview{position:absolute;bottom:34px;transform:translateX(-50%);display:flex;flex-direction:column;align-items:center;gap:4px;pointer-events:none;z-index:4}
.weft-player .scrub-preview-image{border-radius:6px;border:2px solid rgba(255,255,255,.9);box-shadow:0 4px 14px rgba(0,0,0,.35);background-repeat:no-repeat;background-color:#000}
.weft-player .scrub-preview span{font-size:12px;font-variant-numeric:tabular-nums;color:#fff;background:rgba(0,0,0,.75);padding:1px 6px;border-radius:4px}
.weft-player .weft-error{position:absolute;left:12px;right:12px;top:12px;padding:10px 12px;border-radius:8px;background:rgba(120,20,20,.9);color:#fff;z-index:5}
.weft-player .sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap}
@media (max-width:480px){.weft-player .weft-select,.weft-player .weft-time{display:none}}
`;
