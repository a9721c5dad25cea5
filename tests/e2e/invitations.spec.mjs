// One browser can hold several invitations (one person in several reviews); their answers never mix.
import { test, expect, expectNoAxeViolations } from "./support/fixtures.mjs";
import { createReview, downloadInvitation } from "./support/app.mjs";

test("two invitations imported together stay apart", async ({ page, newContext, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  const roads = await createReview(page, "Roads");
  const care = await createReview(page, "Care at home");
  const roadsFile = testInfo.outputPath("roads.pcibundle");
  const careFile = testInfo.outputPath("care.pcibundle");
  await downloadInvitation(page, roads, roadsFile);
  await downloadInvitation(page, care, careFile);

  const ctx = await newContext({ baseURL });
  const p = await ctx.newPage();
  await p.goto("/import");
  await p.getByLabel("Choose files to import").setInputFiles([roadsFile, careFile]);
  await expect(p.locator(".import-item[data-state='ready']")).toHaveCount(2);
  await p.getByRole("button", { name: "Import 2 files" }).click();
  await expect(p.locator(".import-item[data-state='imported']")).toHaveCount(2);

  await p.goto("/respond");
  await expect(p.getByRole("link", { name: /Roads/ })).toBeVisible();
  await expect(p.getByRole("link", { name: /Care at home/ })).toBeVisible();
  await expectNoAxeViolations(p, "two invitations");

  // Answer one statement in Roads only.
  await p.goto(`/respond/${roads}/section/sp`);
  await p.locator("fieldset[id^='q-']").first().locator("input[type=radio]").first().check();
  await expect(p.locator(".saved-status").first()).toHaveText("Saved");
  await p.goto(`/respond/${roads}/sections`);
  await expect(p.locator("main")).toContainText("1 of 61");
  await p.goto(`/respond/${care}/sections`);
  await expect(p.locator("main")).toContainText("0 of 61");
  await p.reload();
  await expect(p.locator("main")).toContainText("0 of 61");
  await ctx.close();
});

test("an invitation opened with the installed app arrives on the import page, ready to check", async ({
  page,
  newContext,
  baseURL,
}, testInfo) => {
  const roads = await createReview(page, "Roads");
  const file = testInfo.outputPath("roads.pcibundle");
  await downloadInvitation(page, roads, file);
  const text = (await import("node:fs")).readFileSync(file, "utf8");

  // The browser hands an installed app's launch files to `launchQueue`; stand in for the OS.
  const ctx = await newContext({ baseURL });
  await ctx.addInitScript(() => {
    Object.defineProperty(window, "launchQueue", {
      configurable: true,
      value: { setConsumer: (consumer) => (window.__launch = consumer) },
    });
  });
  const p = await ctx.newPage();
  await p.goto("/respond");
  await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
  await expect.poll(() => p.evaluate(() => typeof window.__launch)).toBe("function");
  await p.evaluate(
    ([name, body]) =>
      window.__launch({
        files: [{ kind: "file", name, getFile: async () => new File([body], name, { type: "" }) }],
      }),
    ["Roads – invitation.pcibundle", text],
  );
  await expect(p).toHaveURL(/\/import$/);
  await expect(p.getByText("open a .pcibundle file straight from your email")).toBeVisible();
  const item = p.locator(".import-item[data-state='ready']");
  await expect(item).toContainText("Roads – invitation.pcibundle");
  await expect(item).toContainText("An invitation for “Roads”.");
  await expectNoAxeViolations(p, "opened with the app");
  // Nothing is stored until the person confirms.
  await p.getByRole("button", { name: "Import 1 file" }).click();
  await expect(p).toHaveURL(new RegExp(`/respond/${roads}$`));
  await ctx.close();
});

test("the host copies the invitation email text with one button", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const id = await createReview(page, "Roads");
  await page.goto(`/reviews/${id}/invite`);
  await page.getByRole("button", { name: "Copy the email text" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Copied the email text." })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await page.getByLabel("Email text").inputValue());
  expect(copied).toContain("Hello,");
  await page.getByRole("button", { name: "Copy the subject" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.getByLabel("Subject").inputValue());
  await expectNoAxeViolations(page, "invite page after copying");
});

test("on a phone, Share… hands the invitation file itself to the share sheet", async ({ newContext, baseURL }) => {
  const ctx = await newContext({ baseURL, viewport: { width: 375, height: 740 }, hasTouch: true });
  // Headless Chromium has no share sheet: stand in for the phone's, keeping what it is given.
  await ctx.addInitScript(() => {
    window.__shared = [];
    Object.defineProperty(navigator, "canShare", { configurable: true, value: (d) => Array.isArray(d?.files) });
    Object.defineProperty(navigator, "share", {
      configurable: true,
      value: async (d) => {
        const files = await Promise.all(d.files.map(async (f) => ({ name: f.name, type: f.type, text: await f.text() })));
        window.__shared.push({ title: d.title, text: d.text, files });
        if (window.__shared.length > 1) throw new DOMException("Share canceled", "AbortError");
      },
    });
  });
  const page = await ctx.newPage();
  const id = await createReview(page, "Roads");
  await page.goto(`/reviews/${id}/invite`);
  await page.getByLabel("No", { exact: true }).check();
  await page.getByRole("button", { name: "Download invitation file" }).click();
  await page.getByRole("button", { name: "Share…" }).click();
  await expect.poll(() => page.evaluate(() => window.__shared.length)).toBe(1);
  const [shared] = await page.evaluate(() => window.__shared);
  expect(shared.files).toHaveLength(1);
  expect(shared.files[0].name).toMatch(/invitation.*\.pcibundle$/);
  expect(shared.files[0].type).toBe("application/vnd.critical-friend.bundle+json");
  expect(JSON.parse(shared.files[0].text)).toMatchObject({ format: "critical-friend-bundle", kind: "invitation" });
  expect(shared.title).toBe(await page.getByLabel("Subject").inputValue());
  // Closing the share sheet is not an error.
  await page.getByRole("button", { name: "Share…" }).click();
  await expect.poll(() => page.evaluate(() => window.__shared.length)).toBe(2);
  await expect(page.locator(".export-panel [role=alert]")).toHaveCount(0);
  await expectNoAxeViolations(page, "invite page on a phone after sharing");
  await ctx.close();
});
