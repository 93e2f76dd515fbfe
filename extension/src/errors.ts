/** Errors as the popup says them: what happened, and the next step. */
import { ApiError } from '../../lib/shared/client';
import type { Fix } from './protocol';

export function describeError(e: unknown, server: string): { message: string; fix: Fix | null } {
  const host = server ? new URL(server).host : 'the server';
  if (e instanceof ApiError) {
    if (e.status === 401) return { message: `${host} no longer accepts this browser (its token was revoked or the account is gone). Connect again.`, fix: 'connect' };
    if (e.code === 'insufficient_scope') return { message: e.message, fix: 'connect' };
    if (e.status === 429) return { message: `${host} asks to slow down: ${e.message}`, fix: 'retry' };
    if (e.status >= 500) return { message: `${host} had a problem (${e.message}). Try again in a moment.`, fix: 'retry' };
    return { message: e.message, fix: 'retry' };
  }
  if (e instanceof DOMException && (e.name === 'NotAllowedError' || e.name === 'SecurityError')) {
    return { message: 'Chrome did not allow Weft to use the camera, microphone or screen. Allow them, then start again.', fix: 'permissions' };
  }
  if (e instanceof DOMException && e.name === 'QuotaExceededError') {
    return { message: 'This computer is out of storage for the recording’s safety copy. Free some disk space, then start again.', fix: 'retry' };
  }
  if (e instanceof TypeError) {
    return { message: `Cannot reach ${host}. Check that it is running and that the address is right, then try again.`, fix: 'retry' };
  }
  return { message: e instanceof Error ? e.message : String(e), fix: 'retry' };
}
