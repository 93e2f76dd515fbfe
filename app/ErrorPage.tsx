import Link from 'next/link';
import { REFUSALS, type RefusalCode } from '@/lib/platform/http/refusals';
import LoginHere from './LoginHere';

/**
 * The one error page: what the refusal is (by its code), and the way on — log in when that would
 * help, else back to Weft. `data-code` names the refusal for tests and support.
 */
export default function ErrorPage({ code, signedIn }: { code: RefusalCode; signedIn: boolean }) {
  const r = REFUSALS[code];
  // signed out, a private video and a missing one look the same: logging in may be the answer
  const offerLogin = !signedIn && (code === 'signed_out' || code === 'video_not_found' || code === 'not_allowed');
  return (
    <div className="panel empty error-page" data-testid="error-page" data-code={code} role="status">
      <p className="error-status">{r.status === 500 ? 'Error' : r.status}</p>
      <h1>{r.title}</h1>
      <p>{r.text}</p>
      <div className="row error-actions">
        {offerLogin && <LoginHere primary />}
        <Link href="/" className={offerLogin ? 'button' : 'button button-primary'}>
          {signedIn ? 'Back to the library' : 'Go to Weft'}
        </Link>
      </div>
    </div>
  );
}
