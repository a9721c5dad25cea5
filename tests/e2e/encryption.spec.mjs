// Encrypted files (format 3): the file shows only what decryption needs, its name can be neutral,
// it opens only with the right passphrase, and a changed clear header makes it refused.
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, expect, expectNoAxeViolations } from "./support/fixtures.mjs";
import { createReview, storedRevisions as dump } from "./support/app.mjs";

const tmp = mkdtempSync(join(tmpdir(), "cf-encryption-"));
const TITLE = "Adult social care – Perth";
const PASSPHRASE = "correct horse battery";
const REFUSED = "has been changed since it was made, or the passphrase is wrong";

/** Downloads the review's backup with a passphrase; returns the download and its saved path. */
async function downloadEncryptedBackup(page, id, saveAs, { neutral = true } = {}) {
  await page.goto(`/reviews/${id}/export`);
  const panel = page.locator(".export-panel").first();
  await panel.getByLabel("Yes, protect it with a passphrase").check();
  await panel.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
  await panel.getByLabel("Confirm the passphrase").fill(PASSPHRASE);
  const choice = panel.getByLabel(/Use a file name that does not show the review/);
  // Neutral is the default for an encrypted file; the person may choose otherwise.
  await expect(choice).toBeChecked();
  if (!neutral) await choice.uncheck();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    panel.getByRole("button", { name: "Download backup" }).click(),
  ]);
  const path = join(tmp, saveAs);
  await download.saveAs(path);
  await expect(panel.getByText("File ready")).toBeVisible();
  return { name: download.suggestedFilename(), path };
}

/** A fresh browser whose console errors and off-origin requests fail the test. */
async function freshBrowser(browser, baseURL) {
  const ctx = await browser.newContext();
  const problems = [];
  ctx.on("request", (r) => {
    const url = new URL(r.url());
    if (!["data:", "blob:", "about:"].includes(url.protocol) && url.origin !== new URL(baseURL).origin) {
      problems.push(`off-origin: ${r.url()}`);
    }
  });
  const page = await ctx.newPage();
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  return {
    page,
    close: async () => {
      await ctx.close();
      expect(problems, "console errors or off-origin requests in the second browser").toEqual([]);
    },
  };
}

async function importFiles(page, files) {
  await page.goto("/import");
  await page.getByLabel("Choose files to import").setInputFiles(files);
}

test("an encrypted backup hides the review, has a neutral name, and opens only with the right passphrase", async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const id = await createReview(page, TITLE);
  const { name, path } = await downloadEncryptedBackup(page, id, "secret.pcibundle");
  expect(name).toMatch(/^critical-friend-[0-9a-f]{4}\.pcibundle$/);
  await expectNoAxeViolations(page, "export page with a passphrase");

  // Only what decryption needs is in clear.
  const text = readFileSync(path, "utf8");
  const file = JSON.parse(text);
  expect(Object.keys(file).sort()).toEqual(["ciphertext", "encryption", "format", "kind", "version"]);
  expect(file.version).toBe(3);
  expect(file.kind).toBe("backup");
  expect(file.encryption.iterations).toBeGreaterThanOrEqual(600000);
  expect(file.review).toBeUndefined();
  expect(file.created_by).toBeUndefined();
  for (const secret of [id, "Adult social care", "Perth"]) expect(text).not.toContain(secret);

  // The friendly name is still there for those who want it.
  const friendly = await downloadEncryptedBackup(page, id, "friendly.pcibundle", { neutral: false });
  expect(friendly.name).toMatch(/ – backup – [0-9a-f]{4}\.pcibundle$/);

  const other = await freshBrowser(browser, baseURL);
  const p = other.page;
  await importFiles(p, [path]);
  const item = p.locator(".import-item").first();
  await expect(item).toHaveAttribute("data-state", "locked");
  await expect(item).toContainText("An encrypted backup file. Enter the passphrase to see which review it belongs to.");
  await expect(item).not.toContainText("Adult social care");
  await expectNoAxeViolations(p, "locked file");

  await item.getByLabel(/Passphrase for/).fill("wrong guess");
  await item.getByRole("button", { name: "Unlock" }).click();
  await expect(item.locator(".error-message")).toContainText(REFUSED, { timeout: 20_000 });
  await expect(item.locator(".error-message")).toContainText("secret.pcibundle");
  expect(await dump(p)).toEqual([]);

  await item.getByLabel(/Passphrase for/).fill(PASSPHRASE);
  await item.getByRole("button", { name: "Unlock" }).click();
  await expect(item).toHaveAttribute("data-state", "ready", { timeout: 20_000 });
  await expect(item).toContainText(`A backup for “${TITLE}”.`);
  await expect(item).toContainText("If you import it: 1 new review");
  await p.getByRole("button", { name: "Import 1 file" }).click();
  await expect(item).toContainText("Imported");
  expect(await dump(p)).toEqual(await dump(page));
  await other.close();
});

test("an encrypted file whose clear header was changed is refused, even with the right passphrase", async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const id = await createReview(page, TITLE);
  const { path } = await downloadEncryptedBackup(page, id, "original.pcibundle");
  const file = JSON.parse(readFileSync(path, "utf8"));
  const cases = [
    ["kind-changed.pcibundle", { ...file, kind: "workspace" }],
    ["field-added.pcibundle", { ...file, created_at: 4102444800000 }],
  ];
  for (const [name, forged] of cases) writeFileSync(join(tmp, name), JSON.stringify(forged, null, 2));

  const other = await freshBrowser(browser, baseURL);
  const p = other.page;
  for (const [name] of cases) {
    await importFiles(p, [join(tmp, name)]);
    const item = p.locator(".import-item").filter({ has: p.getByRole("heading", { name, exact: true }) });
    await expect(item).toHaveAttribute("data-state", "locked");
    await item.getByLabel(/Passphrase for/).fill(PASSPHRASE);
    await item.getByRole("button", { name: "Unlock" }).click();
    const message = item.locator(".error-message");
    await expect(message).toContainText(REFUSED, { timeout: 20_000 });
    await expect(message).toContainText(name);
    await expect(item).toHaveAttribute("data-state", "locked");
    await expect(p.getByRole("button", { name: /^Import \d+ file/ })).toHaveCount(0);
  }
  expect(await dump(p)).toEqual([]);

  // The untouched file still opens there, so it was the change that was refused.
  await importFiles(p, [path]);
  const item = p.locator(".import-item").first();
  await item.getByLabel(/Passphrase for/).fill(PASSPHRASE);
  await item.getByRole("button", { name: "Unlock" }).click();
  await expect(item).toContainText("If you import it: 1 new review", { timeout: 20_000 });
  await other.close();
});
