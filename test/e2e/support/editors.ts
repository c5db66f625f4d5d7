import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { CatalogueEntry } from '../../../schemas/query.ts';
import { hostApi } from './browser.ts';

/**
 * The QueryEditor offers the catalogue's named queries and builds a form
 * from the chosen one's params; the ConfigEditor shows the URL and keeps
 * the API key secret (a password field, or "configured" once saved).
 */
export async function verifyEditors(page: Page, catalogue: CatalogueEntry[], url: string) {
  await hostApi.renderEditors(page);
  const editor = page.locator('#query-editor');
  const picker = editor.getByRole('combobox', { name: 'Named query' });
  await picker.click();
  const options = page.getByRole('option');
  await options.first().waitFor();
  const shown = await options.allTextContents();
  const titles = catalogue.map((q) => q.title);
  // The list is virtualised: what is visible is the catalogue's head, in order.
  expect(shown.length).toBeGreaterThan(2);
  shown.forEach((text, i) => {
    expect(text).toContain(titles[i]);
  });
  // Every named query can be found by typing its title.
  for (const entry of catalogue) {
    await picker.fill(entry.title);
    await expect
      .poll(() => page.getByRole('option').allTextContents())
      .toContainEqual(expect.stringContaining(entry.title));
  }
  const breachRisk = catalogue.find((q) => q.name === 'sla.breach_risk');
  if (breachRisk === undefined) throw new Error('sla.breach_risk is not in the catalogue');
  await picker.fill(breachRisk.title);
  await page.getByRole('option', { name: breachRisk.title }).first().click();
  // The form comes from the query's params schema: limit is one of them.
  await expect.poll(() => editor.textContent()).toContain('limit');

  const fresh = page.locator('#config-editor-new');
  expect(await fresh.locator('#deskpulse-url').inputValue()).toBe(url);
  expect(await fresh.locator('#deskpulse-api-key').getAttribute('type')).toBe('password');
  const saved = page.locator('#config-editor-saved');
  expect(await saved.locator('#deskpulse-api-key').inputValue()).toBe('configured');
  expect(await saved.getByRole('button', { name: 'Reset' }).count()).toBe(1);
}
