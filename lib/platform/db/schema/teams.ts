/** Teams: workspaces, their members, invites, folders and the people a video is shared with. */
import { randomUUID } from 'node:crypto';
import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, oneOf } from './common';
import { users } from './accounts';
import {
  COMMENT_POLICIES,
  FOLDER_ACCESS,
  VISIBILITIES,
  WORKSPACE_ROLES,
  type CommentPolicy,
  type FolderAccess,
  type Visibility,
  type WorkspaceRole,
  type VideoId,
} from '../../../shared/api/enums';

export { WORKSPACE_ROLES, FOLDER_ACCESS, type WorkspaceRole, type FolderAccess } from '../../../shared/api/enums';

export const workspaces = pgTable(
  'workspaces',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    name: text('name').notNull(),
    /** The visibility a new video of this workspace starts with. */
    defaultVisibility: text('default_visibility').$type<Visibility>().notNull().default('link'),
    /** Who may comment on a new video of this workspace. */
    defaultCommentPolicy: text('default_comment_policy').$type<CommentPolicy>().notNull().default('signed_in'),
    /** Anyone with a verified address at one of these domains may join (as a member). */
    joinDomains: text('join_domains').array().notNull().default([]),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    oneOf('workspaces_default_visibility_check', t.defaultVisibility, VISIBILITIES),
    oneOf('workspaces_default_comment_policy_check', t.defaultCommentPolicy, COMMENT_POLICIES),
  ],
);

export const workspaceMembers = pgTable(
  'workspace_members',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<WorkspaceRole>().notNull().default('member'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index('workspace_members_user_idx').on(t.userId), oneOf('workspace_members_role_check', t.role, WORKSPACE_ROLES)],
);

/**
 * Invites: to a workspace with a role, or (videoId set) to one video a person was named on. The
 * link's token is derived from the id with the server's key (like share links); the table keeps its hash.
 */
export const invites = pgTable(
  'invites',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** A video invite (no FK: the video's purge removes its invites). */
    videoId: uuid('video_id').$type<VideoId>(),
    /** Stored lower-cased. */
    email: text('email').notNull(),
    role: text('role').$type<WorkspaceRole>().notNull().default('member'),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index('invites_workspace_idx').on(t.workspaceId, t.createdAt), oneOf('invites_role_check', t.role, WORKSPACE_ROLES)],
);

export const folders = pgTable(
  'folders',
  {
    id: uuid('id').primaryKey().$defaultFn(() => randomUUID()),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    access: text('access').$type<FolderAccess>().notNull().default('open'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('folders_workspace_idx').on(t.workspaceId), oneOf('folders_access_check', t.access, FOLDER_ACCESS)],
);

/** The members a `members` folder is open to. */
export const folderMembers = pgTable(
  'folder_members',
  {
    folderId: uuid('folder_id')
      .notNull()
      .references(() => folders.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.folderId, t.userId] }), index('folder_members_user_idx').on(t.userId)],
);
