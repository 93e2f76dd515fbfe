/** bubble.html: the camera inside the recorded tab. Drag it anywhere; S / M / L resize it. */
import { openCamera } from '../../lib/record/browser/capture';
import { startCameraEffect, type CameraBackground, type CameraEffect, type WorkerComposite } from '../../lib/record/browser/compositor';
import { backgroundBitmap } from '../../lib/record/browser/picture';
import { isMessage, type ToBackground } from './protocol';
import { loadSettings } from './settings';

const video = document.querySelector('video');
const status = document.getElementById('status');
const params = new URLSearchParams(location.search);
const camera = params.get('camera');

/**
 * The camera's background: off, blur, or a picture behind the person. With an effect the camera goes
 * through the recorder's compositor worker (the camera as the picture), where the person is found and
 * the room blurred or replaced, from the extension's own copy of the model. The popup can change it
 * in the middle of a recording (a `camera` message): the worker is started the first time an effect
 * is asked for and then kept, switched in place.
 */
class CameraEffects {
  private worker: WorkerComposite | null = null;
  private camera: MediaStream | null = null;

  constructor(private readonly video: HTMLVideoElement) {
    addEventListener('pagehide', () => this.worker?.stop());
  }

  async show(camera: MediaStream, background: CameraBackground, image: string | null): Promise<void> {
    this.camera = camera;
    await this.apply(background, image);
    if (!this.video.srcObject) this.video.srcObject = camera;
    void this.video.play().catch(() => undefined);
  }

  async apply(background: CameraBackground, image: string | null): Promise<void> {
    const track = this.camera?.getVideoTracks()[0];
    if (!track) return;
    const bitmap = background === 'image' ? await backgroundBitmap(image) : null;
    // a picture that is not there yet is no effect
    const effect: CameraEffect = background === 'image' && !bitmap ? { background: 'off' } : { background, ...(bitmap ? { image: bitmap } : {}) };
    if (this.worker) return this.worker.setEffect(effect);
    if (effect.background === 'off') {
      delete document.body.dataset.effect;
      return;
    }
    this.worker = startCameraEffect(track, effect, {
      assets: chrome.runtime.getURL('recorder/'),
      workerUrl: chrome.runtime.getURL('compositor-worker.js'),
      onEffect: (r) => {
        document.body.dataset.effect = r.state;
        document.body.dataset.background = r.background;
        if (r.message) document.body.dataset.effectMessage = r.message;
      },
    });
    if (!this.worker) return;
    document.body.dataset.effect = 'loading';
    this.video.srcObject = this.worker.stream;
  }
}

function tell(ok: boolean): void {
  void chrome.runtime.sendMessage({ to: 'background', type: 'bubble', ok } satisfies ToBackground).catch(() => undefined);
}

function post(m: Record<string, unknown>): void {
  window.parent.postMessage(m, '*');
}

const effects = video ? new CameraEffects(video) : null;
chrome.runtime.onMessage.addListener((m: unknown) => {
  if (isMessage(m) && m.to === 'camera' && m.type === 'effect') void effects?.apply(m.background, m.image);
  return false;
});

openCamera(camera, 480).then(
  async (stream) => {
    // the profile's background (its picture is kept in the extension's storage, not in this frame's URL)
    const s = await loadSettings().catch(() => null);
    const background = params.get('background') === 'blur' || params.get('background') === 'image' ? (params.get('background') as CameraBackground) : 'off';
    await effects?.show(stream, background, s?.backgroundImage ?? null);
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
