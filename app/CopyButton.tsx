'use client';

import { useEffect, useState } from 'react';

/** Copies `text`; says "Copied" on the button itself for two seconds (where the eye already is). */
export default function CopyButton({ text, label = 'Copy', testId, className = 'button' }: { text: string; label?: string; testId?: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <button
      type="button"
      className={className}
      data-testid={testId}
      aria-live="polite"
      onClick={() => {
        if (!navigator.clipboard) return setState('failed');
        void navigator.clipboard.writeText(text).then(
          () => setState('copied'),
          () => setState('failed'),
        );
      }}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : label}
    </button>
  );
}
