import { createSession, type Principal } from '../../platform/accounts/service';
import { users } from '../../platform/db/schema';
import { eq } from 'drizzle-orm';
import { log } from '../../platform/log';
import { deps } from '../deps';
import { isSecureRequest, SESSION_COOKIE, setCookie } from './auth';
import { json } from './respond';
import type { Mailer } from '../../process/notify/mail';

/** The instance's name in e-mails: "Weft" and its host. */
export function instanceName(base: string): string {
  return `Weft (${new URL(base).host})`;
}

/**
 * Sends an e-mail when SMTP is configured; answers whether it went. A failure is logged, not
 * thrown: the link is in the API's answer too, so an admin can pass it on by hand.
 */
export async function sendMail(to: string, m: { subject: string; text: string; html: string }, mailer: Mailer | undefined = deps().mailer): Promise<boolean> {
  if (!mailer) return false;
  try {
    await mailer.send({ to, ...m });
    return true;
  } catch (e) {
    log.warn('e-mail not sent', { subject: m.subject, error: e instanceof Error ? e.message : String(e) });
    return false;
  }
}

/** A JSON answer that signs this browser in as `userId` (a new session cookie). */
export async function signedInResponse(req: Request, userId: string, extra: Record<string, unknown> = {}, status = 200): Promise<Response> {
  const { db, clock } = deps();
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  const session = await createSession(db, userId, clock);
  return json({ user: { id: u!.id, email: u!.email, name: u!.name, role: u!.role }, ...extra }, status, {
    'set-cookie': setCookie(SESSION_COOKIE, session.token, { secure: isSecureRequest(req), maxAgeSeconds: Math.floor((session.expiresAt.getTime() - clock.now()) / 1000) }),
  });
}

/** The session cookie that signs a browser in (for redirects). */
export async function sessionCookieFor(req: Request, userId: string): Promise<string> {
  const { db, clock } = deps();
  const session = await createSession(db, userId, clock);
  return setCookie(SESSION_COOKIE, session.token, { secure: isSecureRequest(req), maxAgeSeconds: Math.floor((session.expiresAt.getTime() - clock.now()) / 1000) });
}

export const userJson = (p: Principal) => ({ id: p.userId, email: p.email, name: p.name, role: p.role });
