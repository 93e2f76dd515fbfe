import * as oidc from 'openid-client';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { identities, oidcLogins, users } from '../db/schema';
import { WeftError } from '../errors';
import { systemClock, type Clock } from '../clock';
import { hashSecret } from './tokens';
import { createWorkspaceFor, personalWorkspaceName } from './service';

/**
 * Single sign-on with an OpenID Provider: authorization code with PKCE, state and nonce, by
 * `openid-client` (the protocol is the library's; this file keeps what is Weft's: where the login in
 * flight is kept, and which account a verified identity is).
 *
 * The login in flight: the browser holds the state in a short-lived cookie; the database holds its
 * hash with the PKCE verifier and the nonce, and hands them out once.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** As the client is registered at the provider (OpenID's default: HTTP Basic). */
  tokenAuth: 'client_secret_basic' | 'client_secret_post';
}

export const OIDC_LOGIN_TTL_MS = 10 * 60_000;
export const OIDC_STATE_COOKIE = 'weft_oidc_state';

export class OidcLogin {
  private config: Promise<oidc.Configuration> | null = null;

  constructor(private readonly settings: OidcSettings) {}

  /** The provider's metadata, discovered once (and again after a failure). */
  private provider(): Promise<oidc.Configuration> {
    if (!this.config) {
      const url = new URL(this.settings.issuer);
      const insecure = url.protocol === 'http:'; // accepted by the configuration on loopback addresses only
      this.config = oidc
        .discovery(
          url,
          this.settings.clientId,
          undefined,
          this.settings.tokenAuth === 'client_secret_post' ? oidc.ClientSecretPost(this.settings.clientSecret) : oidc.ClientSecretBasic(this.settings.clientSecret),
          insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
        )
        .catch((e: unknown) => {
          this.config = null;
          throw new WeftError('sso_failed', 'The sign-on provider could not be reached. Try again in a moment.', { cause: e });
        });
    }
    return this.config;
  }

  /** Where to send the browser, and the state for its cookie. */
  async start(db: Db, redirectUri: string, next: string, clock: Clock = systemClock): Promise<{ url: string; state: string }> {
    const config = await this.provider();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const challenge = await oidc.calculatePKCECodeChallenge(codeVerifier);
    await db.delete(oidcLogins).where(lt(oidcLogins.expiresAt, new Date(clock.now())));
    await db.insert(oidcLogins).values({ stateHash: hashSecret(state), codeVerifier, nonce, next, expiresAt: new Date(clock.now() + OIDC_LOGIN_TTL_MS) });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /**
   * The provider sent the browser back: the state must be this browser's (its cookie) and still in
   * flight (once, within 10 minutes); the code is exchanged with the PKCE verifier and the ID token's
   * nonce checked. Answers the verified identity.
   */
  async finish(db: Db, callbackUrl: URL, cookieState: string | null, clock: Clock = systemClock): Promise<{ issuer: string; subject: string; email: string; emailVerified: boolean; name: string; next: string }> {
    const failed = (message: string, cause?: unknown) => new WeftError('sso_failed', message, cause === undefined ? undefined : { cause });
    const error = callbackUrl.searchParams.get('error');
    if (error) throw failed(`The sign-on provider refused: ${callbackUrl.searchParams.get('error_description') ?? error}.`);
    const state = callbackUrl.searchParams.get('state');
    if (!state || !cookieState || state !== cookieState) throw failed('This sign-on did not start in this browser (or took too long). Start again.');
    const [login] = await db
      .delete(oidcLogins)
      .where(and(eq(oidcLogins.stateHash, hashSecret(state)), gt(oidcLogins.expiresAt, new Date(clock.now()))))
      .returning();
    if (!login) throw failed('This sign-on was used already or took too long. Start again.');
    const config = await this.provider();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: login.codeVerifier, expectedState: state, expectedNonce: login.nonce, idTokenExpected: true });
    } catch (e) {
      throw failed('The sign-on provider’s answer could not be verified. Start again.', e);
    }
    const claims = tokens.claims();
    if (!claims) throw failed('The sign-on provider sent no identity.');
    let email = typeof claims.email === 'string' ? claims.email : undefined;
    let verified = claims.email_verified === true;
    let name = typeof claims.name === 'string' ? claims.name : undefined;
    if (!email || claims.email_verified === undefined) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub).catch(() => null);
      if (info) {
        email = email ?? (typeof info.email === 'string' ? info.email : undefined);
        verified = verified || info.email_verified === true;
        name = name ?? (typeof info.name === 'string' ? info.name : undefined);
      }
    }
    if (!email) throw failed('The sign-on provider did not say your e-mail address; Weft needs it.');
    return { issuer: claims.iss, subject: claims.sub, email: email.trim().toLowerCase(), emailVerified: verified, name: name?.trim() || email.split('@')[0]!, next: login.next };
  }
}

/**
 * The account of a verified identity: the one it signed in as before (issuer + subject); else the
 * account with its address — only when the provider verified the address, or a stranger's provider
 * account could take over a Weft account; else a new account (sign-up may be closed: the instance
 * trusts its provider), which joins the workspaces whose domain rules match, or gets one of its own.
 */
export async function accountForIdentity(
  db: Db,
  id: { issuer: string; subject: string; email: string; emailVerified: boolean; name: string },
  joinDomains: (tx: DbOrTx, userId: string, email: string) => Promise<number>,
): Promise<{ userId: string; created: boolean }> {
  return db.transaction(async (tx) => {
    const [known] = await tx
      .select({ user: users })
      .from(identities)
      .innerJoin(users, eq(users.id, identities.userId))
      .where(and(eq(identities.issuer, id.issuer), eq(identities.subject, id.subject)));
    if (known) {
      if (known.user.disabledAt) throw new WeftError('account_disabled', 'This account was disabled by an administrator.');
      if (id.emailVerified) await joinDomains(tx, known.user.id, known.user.email);
      return { userId: known.user.id, created: false };
    }
    if (!id.emailVerified) throw new WeftError('sso_failed', 'Your sign-on provider has not verified your e-mail address, so Weft cannot tie it to an account.');
    const [byEmail] = await tx.select().from(users).where(eq(users.email, id.email));
    if (byEmail) {
      if (byEmail.disabledAt) throw new WeftError('account_disabled', 'This account was disabled by an administrator.');
      await tx.insert(identities).values({ issuer: id.issuer, subject: id.subject, userId: byEmail.id });
      await tx.update(users).set({ emailVerified: true }).where(eq(users.id, byEmail.id));
      await joinDomains(tx, byEmail.id, byEmail.email);
      return { userId: byEmail.id, created: false };
    }
    // the same lock as sign-up: exactly one first account becomes the instance's admin
    await tx.execute(sql`select pg_advisory_xact_lock(7473747)`);
    const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(users);
    const first = Number(n) === 0;
    const [u] = await tx
      .insert(users)
      .values({ email: id.email, name: id.name.slice(0, 100), passwordHash: null, role: first ? 'admin' : 'member', emailVerified: true })
      .returning({ id: users.id });
    await tx.insert(identities).values({ issuer: id.issuer, subject: id.subject, userId: u!.id });
    const joined = await joinDomains(tx, u!.id, id.email);
    if (joined === 0) await createWorkspaceFor(tx, u!.id, first ? 'Team' : personalWorkspaceName(id.name));
    return { userId: u!.id, created: true };
  });
}
