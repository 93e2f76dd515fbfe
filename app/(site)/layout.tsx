import Link from 'next/link';
import { pagePrincipal } from '@/app/refuse';
import LogoutButton from '@/app/LogoutButton';
import NotificationBell from '@/app/NotificationBell';
import NavMenu from '@/app/NavMenu';
import WorkspaceSwitcher from '@/app/WorkspaceSwitcher';
import { listWorkspaces } from '@/lib/library/teams';
import { deps } from '@/lib/server/deps';

/** The site's frame: the top bar (who is signed in, the notification bell) around every page but the embed. */
export default async function SiteLayout({ children }: { children: React.ReactNode }) {
  const user = await pagePrincipal();
  const workspaces = user ? await listWorkspaces(deps().db, user.userId) : [];
  return (
    <>
      {/* the bar's links are not prefetched: each page view would cost the server a render of every
          page they name, while the page itself (a video's first frame) is still loading */}
      <header className="topbar">
        <Link href="/" prefetch={false} className="brand" aria-label="Weft home">
          <span className="brand-mark" aria-hidden="true" />
          Weft
        </Link>
        <nav>
          {user ? (
            <>
              {workspaces.length > 1 && <WorkspaceSwitcher workspaces={workspaces} currentId={user.currentWorkspaceId} />}
              <NavMenu>
                <Link href="/" prefetch={false}>
                  Library
                </Link>
                <span className="muted small nav-user" data-testid="current-user">
                  {user.name}
                </span>
                <Link href="/settings" prefetch={false}>
                  Settings
                </Link>
                <LogoutButton />
              </NavMenu>
              <NotificationBell />
              {/* a workspace's viewers watch and comment; they do not record there */}
              {(!user.currentWorkspaceId || user.workspaces[user.currentWorkspaceId] !== 'viewer') && (
                <Link href="/record" prefetch={false} className="button button-primary">
                  Record
                </Link>
              )}
            </>
          ) : (
            <>
              <Link href="/login" prefetch={false}>
                Log in
              </Link>
              <Link href="/signup" prefetch={false} className="button button-primary">
                Sign up
              </Link>
            </>
          )}
        </nav>
      </header>
      <main>{children}</main>
    </>
  );
}
