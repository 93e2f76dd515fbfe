/** "Continue with <provider>": starts single sign-on (a plain link: it works before any script runs). */
export default function SsoButton({ name, next }: { name: string; next: string }) {
  return (
    <a href={`/api/v1/auth/oidc/start?next=${encodeURIComponent(next)}`} className="button button-large sso-button" data-testid="sso-login">
      Continue with {name}
    </a>
  );
}
