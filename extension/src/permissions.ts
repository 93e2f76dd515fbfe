/**
 * permissions.html: asks for the camera and microphone once, in a tab (a popup closes when
 * Chrome's prompt takes the focus). The offscreen document and the bubble use the same grant.
 */
const out = document.getElementById('message');
const button = document.getElementById('allow');

async function ask(): Promise<void> {
  try {
    const s = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    s.getTracks().forEach((t) => t.stop());
    if (out) out.textContent = 'Camera and microphone allowed. This tab closes itself; click the Weft button to record.';
    document.body.dataset.result = 'allowed';
    setTimeout(() => window.close(), 1500);
  } catch (e) {
    if (out) {
      out.textContent =
        e instanceof DOMException && e.name === 'NotAllowedError'
          ? 'Chrome did not allow them. Click the camera icon in the address bar (or Settings › Privacy › Site settings) to allow Weft, then try again.'
          : `No camera or microphone answered (${(e as Error).message}). You can still record the screen without them.`;
    }
    document.body.dataset.result = 'refused';
  }
}

button?.addEventListener('click', () => void ask());
void ask();
