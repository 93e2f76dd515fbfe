import { describe, expect, it } from 'vitest';
import { ANONYMOUS, canManage, decideView, type ShareTokenState, type Viewer } from '@/lib/videos/policy';
import type { Visibility } from '@/lib/platform/db/schema';

const owner: Viewer = { userId: 'u-owner', role: 'member', workspaces: { 'w-1': 'member' } };
const other: Viewer = { userId: 'u-other', role: 'member', workspaces: {} };
const admin: Viewer = { userId: 'u-admin', role: 'admin', workspaces: {} };

function decide(visibility: Visibility, viewer: Viewer, opts: { password?: boolean; token?: ShareTokenState; unlocked?: boolean } = {}) {
  const d = decideView(
    { ownerId: 'u-owner', workspaceId: 'w-1', visibility, hasPassword: opts.password ?? false, folderAccess: null },
    viewer,
    { shareToken: opts.token ?? 'none', passwordUnlocked: opts.unlocked ?? false },
  );
  return d.allow ? 'allow' : d.code;
}

describe('video policy', () => {
  it('lets the owner and admins manage, nobody else', () => {
    expect(canManage({ ownerId: 'u-owner' }, owner)).toBe(true);
    expect(canManage({ ownerId: 'u-owner' }, admin)).toBe(true);
    expect(canManage({ ownerId: 'u-owner' }, other)).toBe(false);
    expect(canManage({ ownerId: 'u-owner' }, ANONYMOUS)).toBe(false);
    expect(canManage({ ownerId: null }, other)).toBe(false);
    expect(canManage({ ownerId: null }, admin)).toBe(true);
  });

  it('hides private videos as if missing, unless a valid share link is used', () => {
    expect(decide('private', ANONYMOUS)).toBe('video_not_found');
    expect(decide('private', other)).toBe('video_not_found');
    expect(decide('private', owner)).toBe('allow');
    expect(decide('private', admin)).toBe('allow');
    expect(decide('private', ANONYMOUS, { token: 'valid' })).toBe('allow');
    expect(decide('private', ANONYMOUS, { token: 'expired' })).toBe('share_link_expired');
    expect(decide('private', other, { token: 'revoked' })).toBe('share_link_revoked');
    expect(decide('private', ANONYMOUS, { token: 'unknown' })).toBe('share_link_invalid');
  });

  it('opens link and public videos to anyone, a dead share link does not take that away', () => {
    for (const v of ['link', 'public'] as const) {
      expect(decide(v, ANONYMOUS)).toBe('allow');
      expect(decide(v, other, { token: 'expired' })).toBe('allow');
    }
  });

  it('asks for the password unless unlocked; owners never need it', () => {
    expect(decide('link', ANONYMOUS, { password: true })).toBe('password_required');
    expect(decide('link', ANONYMOUS, { password: true, unlocked: true })).toBe('allow');
    expect(decide('private', ANONYMOUS, { password: true, token: 'valid' })).toBe('password_required');
    expect(decide('link', owner, { password: true })).toBe('allow');
  });
});
