/** bubble.html: the camera inside the recorded tab. Drag it anywhere; S / M / L resize it. */
import { openCamera } from '../../lib/record/browser/capture';
import type { ToBackground } from './protocol';

const video = document.querySelector('video');
const status = document.getElementById('status');
const camera = new URLSearchParams(location.search).get('camera');

function tell(ok: boolean): void {
  void chrome.runtime.sendMessage({ to: 'background', type: 'bubble', ok } satisfies ToBackground).catch(() => undefined);
}

function post(m: Record<string, unknown>): void {
  window.parent.postMessage(m, '*');
}

openCamera(camera, 480).then(
  (stream) => {
    if (!video) return;
    video.srcObject = stream;
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
