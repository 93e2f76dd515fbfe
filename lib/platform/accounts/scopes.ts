import { ROUTES, type RouteId } from '../../shared/api/routes';
import type { TokenScope } from '../../shared/api/enums';

/**
 * What a `recording` token (the browser extension's) may call: who am I, start and control a
 * recording, upload it over tus, and see the caller's own videos for the popup's list. Anything
 * else — sharing, deleting, webhooks, tokens — needs the web app or a full token.
 */
export const RECORDING_SCOPE_ROUTES: readonly RouteId[] = ['me', 'health', 'createRecording', 'controlRecording', 'listVideos', 'getVideo'];
const UPLOADS = '/api/v1/uploads';

function pattern(template: string): RegExp {
  return new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+')}/?$`);
}

const RECORDING_PATTERNS = RECORDING_SCOPE_ROUTES.map((id) => {
  const [method, path] = ROUTES[id];
  return { method: method.toUpperCase(), re: pattern(path) };
});

/** May a token of `scope` make this request? (`method` upper case, `path` without the query.) */
export function scopeAllows(scope: TokenScope, method: string, path: string): boolean {
  if (scope === 'full') return true;
  if (path === UPLOADS || path.startsWith(`${UPLOADS}/`)) return true;
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  return RECORDING_PATTERNS.some((r) => r.method === m && r.re.test(path));
}
