import { expect, test } from '@playwright/test';
import { signUp, uploadTestVideo } from './helpers';

/**
 * The team layer as people use it, in Chromium: an admin invites a colleague from Settings →
 * Workspace, the colleague makes an account from the link and lands in the workspace; a video
 * made visible to the workspace is on the colleague's workspace shelf and plays; filed in a
 * members-only folder it disappears for them; shared by name it is on their *Shared with me*.
 */
test('invite a colleague, share with the workspace, a members-only folder, and by name', async ({ browser, baseURL }) => {
  const ownerCtx = await browser.newContext();
  const owner = await ownerCtx.newPage();
  await signUp(owner, 'Olga');
  const videoId = await uploadTestVideo(owner, baseURL!, { seconds: 3, title: 'Design review' });

  // Settings → Workspace: invite (no SMTP on this server: the link is shown to copy)
  await owner.goto('/settings/workspace');
  await expect(owner.getByTestId('member-row')).toHaveCount(1);
  const email = `pia-${Date.now()}@example.com`;
  await owner.getByTestId('invite-email').fill(email);
  await owner.getByTestId('invite-role').selectOption('member');
  await owner.getByTestId('invite-submit').click();
  await expect(owner.getByTestId('invite-message')).toHaveText('Invite made: copy its link below.');
  const link = await owner.getByTestId('invite-link').locator('input').inputValue();
  await expect(owner.getByTestId('invite-row')).toHaveCount(1);

  // the colleague opens the link in another browser and makes an account
  const colleagueCtx = await browser.newContext();
  const pia = await colleagueCtx.newPage();
  await pia.goto(link);
  await expect(pia.getByTestId('invite-what')).toContainText(`This invite for ${email} is to join Olga’s workspace as a member.`);
  await pia.getByTestId('invite-name').fill('Pia');
  await pia.getByTestId('invite-password').fill('correct horse battery');
  await pia.getByTestId('invite-create').click();
  await pia.waitForURL((u) => u.pathname === '/');
  await expect(pia.getByTestId('current-user')).toHaveText('Pia');
  // the link works once
  const strangerCtx = await browser.newContext();
  const again = await strangerCtx.newPage();
  await again.goto(link);
  await expect(again.getByTestId('invite-error')).toContainText('used already');
  await strangerCtx.close();

  // "People in the workspace": on Pia's workspace shelf, and it plays
  await owner.goto(`/v/${videoId}`);
  await owner.getByTestId('visibility').selectOption('private');
  await expect.poll(async () => ((await (await owner.request.get(`/api/v1/videos/${videoId}`)).json()) as { visibility: string }).visibility).toBe('private');
  expect((await pia.goto(`/v/${videoId}`))?.status()).toBe(404);
  await owner.getByTestId('visibility').selectOption('workspace');
  await expect.poll(async () => ((await (await owner.request.get(`/api/v1/videos/${videoId}`)).json()) as { visibility: string }).visibility).toBe('workspace');
  await pia.goto('/?shelf=workspace');
  await expect(pia.getByTestId('library-card')).toHaveCount(1);
  await expect(pia.getByTestId('library-card')).toContainText('Design review');
  await pia.goto(`/v/${videoId}`);
  await expect(pia.locator('video')).toBeVisible();

  // a members-only folder Pia is not on takes it away from her
  await owner.goto('/');
  await owner.getByTestId('folder-new').click();
  await owner.getByTestId('folder-name').fill('Leadership');
  await owner.getByTestId('folder-access').selectOption('members');
  await owner.getByTestId('folder-create').click();
  await owner.waitForURL(/shelf=folder/);
  await expect(owner.getByTestId('library-empty')).toBeVisible();
  await owner.goto(`/v/${videoId}`);
  await owner.getByTestId('video-folder').selectOption({ label: 'Leadership (members only)' });
  await expect(owner.getByTestId('folder-message')).toHaveText('Filed in Leadership.');
  await pia.goto('/?shelf=workspace');
  await expect(pia.getByTestId('library-empty')).toBeVisible();
  await expect(pia.getByTestId('shelf-folder')).toHaveCount(0);

  // shared with her by name, it is back, on "Shared with me"
  await owner.getByTestId('people-email').fill(email);
  await owner.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(owner.getByTestId('people-message')).toHaveText('Shared with Pia.');
  await pia.goto('/?shelf=shared');
  await expect(pia.getByTestId('library-card')).toContainText('Design review');
  await pia.goto(`/v/${videoId}`);
  await expect(pia.locator('video')).toBeVisible();

  await ownerCtx.close();
  await colleagueCtx.close();
});
