'use client';

import { useSyncExternalStore } from 'react';

const never = () => () => undefined;

function loginHref(): string {
  const here = `${window.location.pathname}${window.location.search}`;
  return here === '/' || here.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

/** "Log in", coming back to this very page afterwards. */
export default function LoginHere({ primary = false }: { primary?: boolean }) {
  const href = useSyncExternalStore(never, loginHref, () => '/login');
  return (
    <a href={href} className={primary ? 'button button-primary' : 'button'} data-testid="error-login">
      Log in
    </a>
  );
}
