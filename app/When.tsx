'use client';

import { useSyncExternalStore } from 'react';
import { formatDateTime } from '@/lib/shared/format';

const never = () => () => undefined;

/**
 * A date and time in the viewer's locale and time zone. The server cannot know them: it renders
 * English in UTC, and the browser renders the viewer's own once hydrated.
 */
export default function When({ iso, prefix = '' }: { iso: string; prefix?: string }) {
  const inBrowser = useSyncExternalStore(never, () => true, () => false);
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {prefix}
      {inBrowser ? formatDateTime(iso) : formatDateTime(iso, 'en', 'UTC')}
    </time>
  );
}
