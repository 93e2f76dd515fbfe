/**
 * The camera bubble on the recorded tab: a content script puts the extension's own page
 * (bubble.html, web-accessible) in a frame over the page, so a tab recording shows the camera. The
 * frame moves and resizes itself through messages from bubble.html (pointer drags and size buttons
 * there), so the page's own scripts never see the camera.
 */

const HOST_ID = 'weft-camera-bubble';

/** Runs in the tab (serialised by chrome.scripting: no closures over this module). */
function mountBubble(src: string, hostId: string): boolean {
  document.getElementById(hostId)?.remove();
  const host = document.createElement('div');
  host.id = hostId;
  const sizes: Record<string, number> = { small: 140, medium: 200, large: 280 };
  let size = sizes.medium ?? 200;
  let x = 24;
  let y = window.innerHeight - size - 24;
  const place = () => {
    x = Math.max(0, Math.min(window.innerWidth - size, x));
    y = Math.max(0, Math.min(window.innerHeight - size, y));
    host.style.cssText = `all:initial;position:fixed;left:${x}px;top:${y}px;width:${size}px;height:${size}px;z-index:2147483647;`;
  };
  place();
  const shadow = host.attachShadow({ mode: 'closed' });
  const frame = document.createElement('iframe');
  frame.src = src;
  frame.allow = 'camera; microphone';
  frame.title = 'Your camera (Weft)';
  frame.setAttribute('style', 'all:initial;display:block;width:100%;height:100%;border:0;border-radius:50%;overflow:hidden;color-scheme:normal;background:transparent;');
  shadow.append(frame);
  window.addEventListener('message', (e: MessageEvent) => {
    if (e.source !== frame.contentWindow) return;
    const d = e.data as { weftBubble?: 'move' | 'size'; dx?: number; dy?: number; size?: string };
    if (d.weftBubble === 'move') {
      x += d.dx ?? 0;
      y += d.dy ?? 0;
    } else if (d.weftBubble === 'size' && d.size && sizes[d.size]) {
      const next = sizes[d.size] ?? size;
      x += (size - next) / 2;
      y += (size - next) / 2;
      size = next;
    }
    place();
  });
  window.addEventListener('resize', place);
  document.documentElement.append(host);
  return true;
}

function unmountBubble(hostId: string): boolean {
  document.getElementById(hostId)?.remove();
  return true;
}

/** Shows the bubble on `tabId`; false where Chrome allows no script (its own pages). */
export async function showBubble(tabId: number, cameraId: string | null, background: 'off' | 'blur' | 'image' = 'off'): Promise<boolean> {
  const url = new URL(chrome.runtime.getURL('bubble.html'));
  if (cameraId) url.searchParams.set('camera', cameraId);
  if (background !== 'off') url.searchParams.set('background', background);
  try {
    const [r] = await chrome.scripting.executeScript({ target: { tabId }, func: mountBubble, args: [url.href, HOST_ID] });
    return r?.result === true;
  } catch {
    return false;
  }
}

export async function hideBubble(tabId: number): Promise<void> {
  await chrome.scripting.executeScript({ target: { tabId }, func: unmountBubble, args: [HOST_ID] }).catch(() => undefined);
}

const INK_ID = 'weft-ink-overlay';

/** Drawing and click rings on the recorded tab (extension/src/ink-overlay.ts). */
export async function showInk(tabId: number): Promise<boolean> {
  try {
    await chrome.scripting.executeScript({ target: { tabId }, files: ['ink-overlay.js'] });
    return true;
  } catch {
    return false;
  }
}

function signalInk(hostId: string, event: string): boolean {
  const host = document.getElementById(hostId);
  host?.dispatchEvent(new CustomEvent(event));
  return !!host;
}

/** Turns drawing mode on the tab on or off (the popup's button). */
export async function toggleInk(tabId: number): Promise<boolean> {
  const [r] = await chrome.scripting.executeScript({ target: { tabId }, func: signalInk, args: [INK_ID, 'weft-ink-toggle'] }).catch(() => [] as chrome.scripting.InjectionResult<boolean>[]);
  return r?.result === true;
}

export async function hideInk(tabId: number): Promise<void> {
  await chrome.scripting.executeScript({ target: { tabId }, func: signalInk, args: [INK_ID, 'weft-ink-remove'] }).catch(() => undefined);
}
