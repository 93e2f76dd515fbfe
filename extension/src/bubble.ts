/** bubble.html: the camera inside the recorded tab. Drag it anywhere; S / M / L resize it. */
import { openCamera } from '../../lib/record/browser/capture';
import { startWorkerComposite } from '../../lib/record/browser/compositor';
import type { ToBackground } from './protocol';

const video = document.querySelector('video');
const status = document.getElementById('status');
const params = new URLSearchParams(location.search);
const camera = params.get('camera');

/**
 * With background blur, the camera goes through the recorder's compositor worker (the camera as the
 * picture): the person is found and the room blurred there, from the extension's own copy of the model.
 */
function withEffect(stream: MediaStream): MediaStream {
  const track = stream.getVideoTracks()[0];
  if (params.get('background') !== 'blur' || !track) return stream;
  const w = startWorkerComposite({
    picture: track,
    camera: null,
    cameraIsPicture: true,
    fps: 30,
    layout: { fraction: 0.28, margin: 0.035, left: true, top: false, shape: 'circle' },
    effect: { background: 'blur' },
    assets: chrome.runtime.getURL('recorder/'),
    workerUrl: chrome.runtime.getURL('compositor-worker.js'),
    onError: () => undefined,
    onEffect: (r) => {
      document.body.dataset.effect = r.state;
      if (r.message) document.body.dataset.effectMessage = r.message;
    },
  });
  if (!w) return stream;
  document.body.dataset.effect = 'loading';
  addEventListener('pagehide', () => w.stop());
  return w.stream;
}

function tell(ok: boolean): void {
  void chrome.runtime.sendMessage({ to: 'background', type: 'bubble', ok } satisfies ToBackground).catch(() => undefined);
}

function post(m: Record<string, unknown>): void {
  window.parent.postMessage(m, '*');
}

openCamera(camera, 480).then(
  (stream) => {
    if (!video) return;
    video.srcObject = withEffect(stream);
    void video.play().catch(() => undefined);
    document.body.dataset.camera = 'on';
    tell(true);
  },
  (e: unknown) => {
    if (status) status.textContent = e instanceof DOMException && e.name === 'NotAllowedError' ? 'Camera not allowed' : 'No camera';
    document.body.dataset.camera = 'off';
    tell(false);
  },
);

let drag: { x: number; y: number } | null = null;
document.addEventListener('pointerdown', (e) => {
  if ((e.target as HTMLElement).closest('button')) return;
  drag = { x: e.screenX, y: e.screenY };
  document.body.setPointerCapture(e.pointerId);
});
document.addEventListener('pointermove', (e) => {
  if (!drag) return;
  post({ weftBubble: 'move', dx: e.screenX - drag.x, dy: e.screenY - drag.y });
  drag = { x: e.screenX, y: e.screenY };
});
document.addEventListener('pointerup', () => void (drag = null));
for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-size]')) {
  b.addEventListener('click', () => post({ weftBubble: 'size', size: b.dataset.size }));
}
