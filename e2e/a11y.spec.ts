import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signUp, uploadTestVideo } from './helpers';

/**
 * Accessibility, checked by axe (`@axe-core/playwright`) against WCAG 2.1 A and AA rules: no
 * serious or critical violation on the watch page, the embed, the library, the recorder, the
 * settings and the pages before signing in.
 */
async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

test('axe finds no serious or critical violation on the watch page, the embed, the library, the recorder, settings and the log-in pages', async ({ page, baseURL, browser }) => {
  await signUp(page, 'Axel');
  const videoId = await uploadTestVideo(page, baseURL!, { seconds: 3, title: 'Accessible walkthrough' });
  for (const path of [`/v/${videoId}`, `/embed/${videoId}`, '/', '/record', '/settings', '/settings/workspace']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle').catch(() => undefined);
    expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
  }
  // and the pages before signing in
  const anon = await browser.newContext();
  const a = await anon.newPage();
  for (const path of ['/login', '/signup', '/reset-password']) {
    await a.goto(path);
    expect({ path, violations: await seriousViolations(a) }).toEqual({ path, violations: [] });
  }
  await anon.close();
});
