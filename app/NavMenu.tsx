'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';

/**
 * The top bar's secondary links: inline on a wide screen; behind a "Menu" button on a phone, where
 * they would not fit beside the brand, the bell and Record. Closes on navigation, Escape and a
 * click elsewhere.
 */
export default function NavMenu({ children }: { children: React.ReactNode }) {
  const pathname = usePathname();
  // open on the page where it was opened: a navigation closes it
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const setOpen = (next: boolean | ((was: boolean) => boolean)) => setOpenOn((on) => ((typeof next === 'function' ? next(on === pathname) : next) ? pathname : null));
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('click', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('click', onClick);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- setOpen only closes
  }, [open]);
  return (
    <>
      <button ref={button} type="button" className="nav-toggle" aria-expanded={open} aria-controls={id} data-testid="nav-toggle" onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true" className="nav-toggle-icon" />
        Menu
      </button>
      <div ref={box} id={id} className={open ? 'nav-items open' : 'nav-items'}>
        {children}
      </div>
    </>
  );
}
