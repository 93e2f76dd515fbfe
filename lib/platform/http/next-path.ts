/**
 * Where to go after logging in or signing up (`?next=`). A browser resolves the target against our
 * origin, so the test is the browser's own: resolve it with the WHATWG URL parser (which treats `\`
 * like `/`, drops tabs and newlines, and reads `//host`, `/\host`, `https:host`, userinfo and
 * percent-escapes as browsers do) and accept it only if it stays on our origin. The answer is the
 * path, query and fragment of that resolution, so what the browser navigates to is exactly what was
 * checked; anything else gives `fallback`.
 */
export function safeNextPath(raw: string | null | undefined, origin: string, fallback = '/'): string {
  if (typeof raw !== 'string' || raw === '' || raw.length > 2048) return fallback;
  // only same-site paths are meant here; a scheme or host, even our own, is not
  if (!raw.startsWith('/')) return fallback;
  // control characters and whitespace are stripped or rewritten by browsers in ways that change
  // where a path points; a legitimate path never has them
  if (/[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff\\]/.test(raw)) return fallback;
  let base: URL;
  let target: URL;
  try {
    base = new URL(origin);
    target = new URL(raw, base);
  } catch {
    return fallback;
  }
  if (target.origin !== base.origin || target.username || target.password) return fallback;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // the result must itself be a plain path: `//x` or `/\x` would be read as a host when used again
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return fallback;
  return path;
}
