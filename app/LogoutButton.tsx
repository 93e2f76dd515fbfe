'use client';

import { useRouter } from 'next/navigation';
import { api } from '@/lib/shared/client';

export default function LogoutButton() {
  const router = useRouter();
  return (
    <button
      type="button"
      className="link-button"
      data-testid="logout"
      onClick={async () => {
        await api.call('logout').catch(() => undefined);
        router.push('/login');
        router.refresh();
      }}
    >
      Log out
    </button>
  );
}
