import Link from 'next/link';

/** The settings sections as tabs: Account, Workspace, and for administrators Accounts and Jobs. */
export default function SettingsNav({ current, admin }: { current: 'account' | 'workspace' | 'accounts' | 'jobs'; admin: boolean }) {
  const tabs: Array<[typeof current, string, string]> = [
    ['account', 'Account', '/settings'],
    ['workspace', 'Workspace', '/settings/workspace'],
    ...(admin
      ? ([
          ['accounts', 'Accounts', '/settings/accounts'],
          ['jobs', 'Jobs', '/settings/jobs'],
        ] as Array<[typeof current, string, string]>)
      : []),
  ];
  return (
    <nav className="tabs" aria-label="Settings">
      {tabs.map(([id, label, href]) => (
        <Link key={id} href={href} className="tab" aria-current={id === current ? 'page' : undefined} data-testid={`settings-tab-${id}`}>
          {label}
        </Link>
      ))}
    </nav>
  );
}
