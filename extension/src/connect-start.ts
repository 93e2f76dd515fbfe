/**
 * The start of Connect, shared by the popup and the permission tab: check that a Weft answers at
 * the address, then open (or turn this tab into) its approval page. background.ts takes the answer
 * only from that tab.
 */
import type { PendingConnect } from './protocol';
import { browserName } from './settings';

export async function weftAnswers(origin: string): Promise<boolean> {
  try {
    const res = await fetch(`${origin}/api/v1/health`, { redirect: 'error', credentials: 'omit' });
    return res.ok;
  } catch {
    return false;
  }
}

/** Opens the server's approval page (in `tabId` when given, else a new tab) with a fresh state. */
export async function openApproval(origin: string, tabId?: number): Promise<void> {
  const state = crypto.randomUUID();
  const qs = new URLSearchParams({ extension: chrome.runtime.id, state, browser: browserName(navigator.userAgent) });
  const url = `${origin}/extension/connect?${qs}`;
  await chrome.storage.session.remove('connect');
  const tab = tabId !== undefined ? await chrome.tabs.update(tabId, { url }) : await chrome.tabs.create({ url });
  const pending: PendingConnect = { state, server: origin, tabId: tab?.id ?? -1, at: Date.now() };
  await chrome.storage.session.set({ connect: pending });
}
