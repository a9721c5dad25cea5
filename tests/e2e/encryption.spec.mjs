// Encrypted files (format 3): the file shows only what decryption needs, its name can be neutral,
// it opens only with the right passphrase, and a changed clear header makes it refused.
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { createHash, randomUUID, webcrypto } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, expect, expectNoAxeViolations } from "./support/fixtures.mjs";
import { createReview, storedRevisions as dump } from "./support/app.mjs";
import { revision as forgedRevision } from "./support/forge.mjs";

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

async function importFiles(page, files) {
  await page.goto("/import");
  await page.getByLabel("Choose files to import").setInputFiles(files);
}

test("an encrypted backup hides the review, has a neutral name, and opens only with the right passphrase", async ({ page, newContext }) => {
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

  const p = await (await newContext()).newPage();
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
});

test("an encrypted file whose clear header was changed is refused, even with the right passphrase", async ({ page, newContext }) => {
  test.setTimeout(90_000);
  const id = await createReview(page, TITLE);
  const { path } = await downloadEncryptedBackup(page, id, "original.pcibundle");
  const file = JSON.parse(readFileSync(path, "utf8"));
  const cases = [
    ["kind-changed.pcibundle", { ...file, kind: "workspace" }],
    ["field-added.pcibundle", { ...file, created_at: 4102444800000 }],
  ];
  for (const [name, forged] of cases) writeFileSync(join(tmp, name), JSON.stringify(forged, null, 2));

  const p = await (await newContext()).newPage();
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
});

// An independent writer, following docs/bundle-format.md ("Encryption") rather than the app's
// code: a plain format 3 bundle sealed with Node's Web Crypto, its clear header as AES-GCM
// associated data.
const sha256hex = (text) => createHash("sha256").update(text, "utf8").digest("hex");
const canonical = (v) =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(",")}]`
    : v !== null && typeof v === "object"
      ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`
      : JSON.stringify(v);

/** An encrypted response file for the review `review` ({ id, title }). */
async function sealedResponse(review, passphrase) {
  const revision = forgedRevision({
    record_id: randomUUID(),
    review_id: review.id,
    kind: "response",
    author: `resp-${randomUUID()}`,
    body: { respondent_id: randomUUID(), group: null, checklist_id: "pci-core", checklist_version: 1, answers: {} },
  });
  const content = JSON.stringify({ revisions: [revision], extra: {} });
  const inner = {
    format: "critical-friend-bundle",
    version: 3,
    kind: "response",
    review,
    created_by: { id: revision.author, org: null },
    created_at: Date.now(),
    app_version: "test",
    digest: `sha256:${sha256hex(content)}`,
    encryption: null,
    content,
  };
  const { subtle } = webcrypto;
  const salt = webcrypto.getRandomValues(new Uint8Array(16));
  const iv = webcrypto.getRandomValues(new Uint8Array(12));
  const b64 = (bytes) => Buffer.from(bytes).toString("base64");
  const clear = {
    format: "critical-friend-bundle",
    version: 3,
    kind: "response",
    encryption: { alg: "AES-256-GCM", kdf: "PBKDF2-SHA256", iterations: 600000, salt: b64(salt), iv: b64(iv) },
  };
  const base = await subtle.importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveKey"]);
  const key = await subtle.deriveKey(
    { name: "PBKDF2", salt, iterations: 600000, hash: "SHA-256" },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt"],
  );
  const aad = new TextEncoder().encode(canonical(clear));
  const sealed = await subtle.encrypt({ name: "AES-GCM", iv, additionalData: aad }, key, new TextEncoder().encode(JSON.stringify(inner)));
  return JSON.stringify({ ...clear, ciphertext: b64(new Uint8Array(sealed)) }, null, 2);
}

test("once unlocked, a file for another review is refused where only this review's files belong", async ({ page }) => {
  test.setTimeout(60_000);
  const id = await createReview(page, "Housing repairs");
  const files = [
    { name: "elsewhere.pcibundle", review: { id: "rv-elsewhere", title: "Somewhere else" } },
    { name: "here.pcibundle", review: { id, title: "Housing repairs" } },
  ];
  await page.goto(`/reviews/${id}/responses`);
  await page.getByLabel("Choose files to import").setInputFiles(
    await Promise.all(
      files.map(async ({ name, review }) => ({
        name,
        mimeType: "application/json",
        buffer: Buffer.from(await sealedResponse(review, PASSPHRASE)),
      })),
    ),
  );
  const row = (name) => page.locator(".import-item").filter({ has: page.getByRole("heading", { name, exact: true }) });
  for (const { name } of files) {
    // Before the passphrase nothing says which review it is for.
    await expect(row(name)).toHaveAttribute("data-state", "locked");
    await expect(row(name)).toContainText("An encrypted response file. Enter the passphrase to see which review it belongs to.");
    await row(name).getByLabel(/Passphrase for/).fill(PASSPHRASE);
    await row(name).getByRole("button", { name: "Unlock" }).click();
  }
  await expect(row("elsewhere.pcibundle")).toHaveAttribute("data-state", "rejected", { timeout: 20_000 });
  await expect(row("elsewhere.pcibundle").locator(".error-message")).toContainText(
    "elsewhere.pcibundle belongs to another review: Somewhere else",
  );
  // The same writer's file for this review opens: the refusal is about the review, not the file.
  await expect(row("here.pcibundle")).toHaveAttribute("data-state", "ready", { timeout: 20_000 });
  await expect(row("here.pcibundle")).toContainText("If you import it: 1 new response");
});
