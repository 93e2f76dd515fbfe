/** Accounts: users, browser sessions, API tokens, throttles and instance settings. */
import { randomUUID } from 'node:crypto';
import { bigserial, boolean, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf } from './common';

export { USER_ROLES, type UserRole } from '../../../shared/api/enums';
import { TOKEN_SCOPES, USER_ROLES, type TokenScope, type UserRole } from '../../../shared/api/enums';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    /** Stored lower-cased. */
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    /** scrypt; null for an account that only signs in with single sign-on. */
    passwordHash: text('password_hash'),
    /** Instance role: `admin` runs the instance (jobs, accounts); workspace roles are in workspace_members. */
    role: text('role').$type<UserRole>().notNull().default('member'),
    /** The address was proven: by the identity provider's verified claim, or by an invite sent to it. */
    emailVerified: boolean('email_verified').notNull().default(false),
    /** A disabled account's sessions and tokens stop working and it cannot log in. */
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' }),
    /** The workspace the person works in now (the header's switcher); new recordings go there. */
    currentWorkspaceId: uuid('current_workspace_id'),
    createdAt: createdAt(),
  },
  (t) => [oneOf('users_role_check', t.role, USER_ROLES)],
);

/** Browser sessions: the cookie holds a random secret, the table its SHA-256. */
export const authSessions = pgTable(
  'auth_sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);

/** API tokens for the extension and scripts (Authorization: Bearer); shown once, stored hashed. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters, to recognise a token in a list. */
    prefix: text('prefix').notNull(),
    /** `recording`: only what the browser extension needs (see lib/platform/accounts/scopes.ts). */
    scope: text('scope').$type<TokenScope>().notNull().default('full'),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId), oneOf('api_tokens_scope_check', t.scope, TOKEN_SCOPES)],
);

/** Failed attempts (logins, video passwords) for throttling, shared by every process. */
export const throttleEvents = pgTable(
  'throttle_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('throttle_events_key_at_idx').on(t.key, t.at)],
);

/** Instance-wide settings, e.g. the generated media signing key when none is configured. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

/**
 * The browser extension's connect grants: approving on /extension/connect makes a one-time code
 * (stored hashed, bound to the extension's state, short-lived); the extension trades it for a
 * recording token. A code nobody trades mints no token.
 */
export const extensionGrants = pgTable('extension_grants', {
  codeHash: text('code_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  state: text('state').notNull(),
  tokenName: text('token_name').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
  createdAt: createdAt(),
});

/** Single-use password reset links (the e-mail carries the secret, the table its SHA-256). */
export const passwordResets = pgTable(
  'password_resets',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);

/** An account's identities at OpenID Providers (issuer + subject, never the e-mail, names a person there). */
export const identities = pgTable(
  'identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), index('identities_user_idx').on(t.userId)],
);

/** A single sign-on in flight: the browser's state cookie names it (hashed); PKCE verifier and nonce stay here. */
export const oidcLogins = pgTable('oidc_logins', {
  stateHash: text('state_hash').primaryKey(),
  codeVerifier: text('code_verifier').notNull(),
  nonce: text('nonce').notNull(),
  next: text('next').notNull().default('/'),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  createdAt: createdAt(),
});
