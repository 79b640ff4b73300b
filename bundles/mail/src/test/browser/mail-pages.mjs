// Page steps shared by the webmail's specs (mail.spec.mjs against the mock box, mail-box.spec.mjs against a box).
import { settled } from '../../../../portal/src/test/browser/helpers.mjs';

export { settled };

/** Opens « Messagerie » from the home page (so that the shell mounts it afresh) and waits for its folders. */
export async function openMail(page, baseUrl) {
  await page.goto(`${baseUrl}/#/`);
  await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor({ timeout: 15000 });
  await page.goto(`${baseUrl}/#/module/mail`);
  await page.getByRole('heading', { level: 1, name: 'Messagerie' }).waitFor({ timeout: 20000 });
  await page.getByRole('navigation', { name: 'Dossiers de la messagerie' }).waitFor({ timeout: 20000 });
  await settled(page);
}
