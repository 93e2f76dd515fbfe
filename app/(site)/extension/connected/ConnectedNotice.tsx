'use client';

import { useEffect, useState } from 'react';

/** After a few seconds without the extension taking over, the code leaves the address bar and a hint is shown. */
export default function ConnectedNotice() {
  const [late, setLate] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => {
      history.replaceState(null, '', window.location.pathname);
      setLate(true);
    }, 8000);
    return () => clearTimeout(t);
  }, []);
  return (
    <p className="muted" data-testid="connect-waiting">
      {late
        ? 'The Weft extension did not pick this up. Open the extension from the toolbar and click Connect again.'
        : 'The Weft extension finishes the connection in this tab.'}
    </p>
  );
}
