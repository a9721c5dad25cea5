// Self-assessment checklist, end to end: the host chooses the checklist and exports an
// invitation; a stakeholder on a phone, by keyboard, imports it and answers all 61 statements
// and every comment, reloading mid-way with the network gone; exports the response; the host
// imports it and sees the counts, then withdraws it. axe runs on every page and state.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test, expect, expectNoAxeViolations, waitForServiceWorkerControl } from "./support/fixtures.mjs";

const FIXTURES = "tests/fixtures/checklists";
const SHOTS = "test-results/respond-screens";
mkdirSync(SHOTS, { recursive: true });

const h1 = (page) => page.getByRole("heading", { level: 1 });

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** No horizontal scrolling at the current viewport. */
async function expectNoSideScroll(page, label) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scroll, `horizontal scrolling on ${label}`).toBeLessThanOrEqual(inner);
}

/** Console errors and uncaught exceptions in a page the fixtures do not watch. */
function watch(page) {
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}

/** Answers one statement by keyboard: focus its first option, Space, then arrow down `moves` times. */
async function answerByKeyboard(page, fieldset, moves) {
  const radios = fieldset.locator('input[type="radio"]');
  await radios.first().focus();
  await page.keyboard.press("Space");
  for (let k = 0; k < moves; k++) await page.keyboard.press("ArrowDown");
  await expect(radios.nth(moves)).toBeChecked();
}

async function typeComment(page, locator, text) {
  await locator.focus();
  await page.keyboard.type(text);
}

test("stakeholder answers on a phone by keyboard, offline mid-way; host counts the response", async ({
  page,
  newContext,
  baseURL,
}, testInfo) => {
  test.setTimeout(300_000);

  // ---- Host: create a review and choose its checklist.
  await page.goto("/reviews/new");
  await page.getByLabel("Review name").fill("Housing voids 2026");
  await page.getByRole("button", { name: "Create review" }).click();
  await page.waitForURL(/\/reviews\/[^/]+$/);
  const reviewId = new URL(page.url()).pathname.split("/").pop();

  await page.goto(`/reviews/${reviewId}/checklist`);
  await expect(h1(page)).toHaveText("Self-assessment checklist");
  await expect(page.locator("#checklist-summary")).toContainText("61 statements in 6 sections");
  await expect(page.locator("#checklist-summary")).toContainText("Wording written for this app, following the PSIF areas");
  await expectNoAxeViolations(page, "checklist settings");
  await shot(page, "host-checklist-desktop");

  // A malformed CSV: errors naming lines, in an error summary.
  await page.getByLabel("Choose a checklist file").setInputFiles(join(FIXTURES, "malformed-several.csv"));
  const fileErrors = page.locator(".error-summary");
  await expect(fileErrors).toBeVisible();
  await expect(fileErrors).toContainText("Line 3 of malformed-several.csv");
  await expect(fileErrors).toBeFocused();
  await expectNoAxeViolations(page, "checklist settings with file errors");
  await shot(page, "host-checklist-errors-desktop");

  // A good CSV replaces it (no responses yet), then back to the standard.
  await page.getByLabel("Choose a checklist file").setInputFiles(join(FIXTURES, "bespoke.csv"));
  await expect(page.locator("#checklist-pending")).toContainText("from bespoke.csv");
  await expect(fileErrors).toHaveCount(0);
  await page.getByRole("button", { name: "Use this checklist" }).click();
  await expect(page.locator("#checklist-summary")).toContainText("bespoke");
  await expectNoAxeViolations(page, "checklist settings after import");
  await page.getByRole("button", { name: "Go back to the PSIF standard checklist" }).click();
  await expect(page.locator("#checklist-summary")).toContainText("61 statements in 6 sections");

  // Settings: closing date, an extra group, names stay anonymous by default.
  await page.getByLabel("Date the checklist closes").fill("2030-03-20");
  await page.getByLabel("Add a group").fill("Tenants");
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.locator("#group-list")).toContainText("Tenants");
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.locator(".error-summary")).toContainText("Enter the name of the group");
  await expectNoAxeViolations(page, "checklist settings with a group error");
  await expect(page.getByLabel("No, keep every response anonymous")).toBeChecked();

  await page.setViewportSize({ width: 320, height: 800 });
  await expectNoSideScroll(page, "checklist settings at 320px");
  await shot(page, "host-checklist-320");
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.goto(`/reviews/${reviewId}/checklist/preview`);
  await expect(h1(page)).toHaveText("Preview the checklist");
  await expect(page.locator(".statement-list li")).toHaveCount(61);
  await expectNoAxeViolations(page, "checklist preview");
  await shot(page, "host-preview-desktop");

  // ---- Host: download the invitation.
  await page.goto(`/reviews/${reviewId}/invite`);
  await expect(h1(page)).toHaveText("Invite people to respond");
  await expect(page.locator("#invitation-summary")).toContainText("20 March 2030");
  await expect(page.locator("#invite-email")).toHaveValue(/\/respond/);
  await expectNoAxeViolations(page, "invite");
  const [invDownload] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download invitation file" }).click(),
  ]);
  const invitationPath = testInfo.outputPath("invitation.pcibundle");
  await invDownload.saveAs(invitationPath);
  expect(invDownload.suggestedFilename()).toMatch(/invitation.*\.pcibundle$/);
  await expect(page.getByText("File ready")).toBeVisible();
  await expectNoAxeViolations(page, "invite after download");
  await shot(page, "host-invite-desktop");

  // ---- Stakeholder: a new browser on a small phone.
  const phone = await newContext({
    baseURL,
    viewport: { width: 320, height: 740 },
    locale: "en-GB",
    timezoneId: "Europe/London",
    serviceWorkers: "allow",
    isMobile: true,
    hasTouch: true,
  });
  const p = await phone.newPage();
  const phoneErrors = watch(p);

  await p.goto("/respond");
  await expect(h1(p)).toHaveText("Answer a self-assessment");
  await waitForServiceWorkerControl(p);
  await expectNoAxeViolations(p, "respond: invitations (empty)");
  await p.getByLabel("Choose files to import").setInputFiles(invitationPath);
  await expect(p.getByRole("button", { name: "Import 1 file" })).toBeVisible();
  await expectNoAxeViolations(p, "respond: invitation ready to import");
  await p.getByRole("button", { name: "Import 1 file" }).click();
  await p.waitForURL(new RegExp(`/respond/${reviewId}$`));

  // Start page.
  await expect(p.locator("#anonymity")).toContainText("Your response is anonymous and non-attributable");
  await expect(p.locator("#invitation-details")).toContainText("About 20 to 30 minutes");
  await expectNoAxeViolations(p, "respond: start");
  await expectNoSideScroll(p, "respond: start");
  await shot(p, "phone-start");
  // Group by keyboard: focus the first option, arrow to "Tenants" (the 6th, after the 5 defaults).
  await p.getByLabel("Front-line staff").focus();
  await p.keyboard.press("Space");
  for (let k = 0; k < 5; k++) await p.keyboard.press("ArrowDown");
  await expect(p.getByLabel("Tenants")).toBeChecked();
  await expect(p.locator(".saved-status").first()).toHaveText("Saved");
  await p.locator("#start-now, #continue").first().focus();
  await p.keyboard.press("Enter");
  await p.waitForURL(/\/sections$/);
  await expectNoAxeViolations(p, "respond: sections");
  await expectNoSideScroll(p, "respond: sections");
  await shot(p, "phone-sections");
  await p.locator(".task-list__item a").first().focus();
  await p.keyboard.press("Enter");
  await p.waitForURL(/\/section\/sp$/);
  // Arriving on a section puts focus on its heading; wait for that before moving on.
  await expect(p.locator("#section-heading")).toBeFocused();

  // Error summary on an unanswered section.
  await p.locator("#save-continue").focus();
  await p.keyboard.press("Enter");
  const summary = p.locator(".error-summary");
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(summary.locator("li")).toHaveCount(11 + 2);
  await expectNoAxeViolations(p, "respond: section with error summary");
  await expectNoSideScroll(p, "respond: section with error summary");
  await shot(p, "phone-section-errors");
  // The first error link takes focus to the first option of its question.
  await summary.locator("a").first().focus();
  await p.keyboard.press("Enter");
  await expect(p.locator("#q-sp-1-1-0")).toBeFocused();

  let answeredSoFar = 0;
  for (let s = 0; s < 6; s++) {
    const fieldsets = p.locator("fieldset[id^='q-']");
    const n = await fieldsets.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      await answerByKeyboard(p, fieldsets.nth(i), (i + s) % 5);
      answeredSoFar++;
      if (s === 0 && i === 0) {
        // Clear and answer again, by keyboard: Delete on the chosen answer clears it, so
        // "Clear answer" (for pointers) is shown but is not a Tab stop after every statement.
        const clear = p.getByRole("button", { name: /^Clear answer/ }).first();
        await expect(clear).toBeVisible();
        await expect(clear).toHaveAttribute("tabindex", "-1");
        await p.keyboard.press("Delete");
        await expect(fieldsets.nth(0).locator("input:checked")).toHaveCount(0);
        await expect(p.getByRole("button", { name: /^Clear answer/ })).toHaveCount(0);
        await answerByKeyboard(p, fieldsets.nth(0), 0);
      }
      if (s === 3 && i === Math.floor(n / 2)) {
        // Mid-way: network gone, reload; everything answered is still there.
        await expect(p.locator(".saved-status").first()).toHaveText("Saved");
        await phone.setOffline(true);
        await p.reload();
        await expect(h1(p)).toBeVisible();
        const checked = p.locator("fieldset[id^='q-'] input:checked");
        await expect(checked).toHaveCount(i + 1);
        await p.goto(`/respond/${reviewId}/sections`);
        await expect(p.locator("#progress-summary")).toContainText(`You have completed 3 of 6 sections. ${answeredSoFar} of 61 answered.`);
        // Reopening offers to continue where they left off.
        await p.goto(`/respond/${reviewId}`);
        await expect(p.locator("#continue")).toHaveText("Continue where you left off");
        await p.locator("#continue").click();
        await p.waitForURL(/\/section\/ps$/);
        await expect(p.locator("#section-heading")).toBeFocused();
        await expect(p.locator("fieldset[id^='q-'] input:checked")).toHaveCount(i + 1);
      }
    }
    await typeComment(p, p.locator("textarea[id^='strengths-']"), `Strength ${s + 1}: clear plans.`);
    await typeComment(p, p.locator("textarea[id^='improve-']"), `Improve ${s + 1}: involve tenants.`);
    await expect(p.locator(".saved-status").first()).toHaveText("Saved");
    if (s === 1) {
      await expectNoAxeViolations(p, "respond: section fully answered");
      await shot(p, "phone-section-answered");
    }
    await p.locator("#save-continue").focus();
    await p.keyboard.press("Enter");
    await expect(p.locator(".error-summary")).toHaveCount(0);
    if (s < 5) await expect(p.locator("#section-heading")).toBeFocused();
  }

  // Check answers.
  await p.waitForURL(/\/check$/);
  await expect(p.locator("#check-progress")).toHaveText("61 of 61 answered.");
  await expect(p.getByText("Not answered")).toHaveCount(0);
  await expectNoAxeViolations(p, "respond: check answers");
  await expectNoSideScroll(p, "respond: check answers");
  await shot(p, "phone-check");
  // A Change link goes back to that very question.
  await p.locator(".summary-list a", { hasText: "Change" }).nth(1).click();
  await p.waitForURL(/\/section\/sp#q-sp-1-1$/);
  await expect(p.locator("#q-sp-1-1-0")).toBeFocused();
  await p.goto(`/respond/${reviewId}/check`);
  await p.locator("#to-send").click();
  await p.waitForURL(/\/send$/);
  await expect(h1(p)).toHaveText("Send your response");
  await expect(p.getByLabel("No", { exact: true })).toBeChecked();
  // The advice agrees with the choice made for them: a passphrase would have to reach the
  // collector another way, which would say who sent the file.
  await expect(p.locator("#response-encrypt-hint")).toContainText("Not usually needed");
  await expect(p.locator("#response-encrypt-hint")).not.toContainText("Recommended");
  await expectNoAxeViolations(p, "respond: send");
  const [respDownload] = await Promise.all([
    p.waitForEvent("download"),
    p.getByRole("button", { name: "Download your response" }).click(),
  ]);
  const responsePath = testInfo.outputPath("response.pcibundle");
  await respDownload.saveAs(responsePath);
  expect(respDownload.suggestedFilename()).toMatch(/response.*\.pcibundle$/);
  const mailto = await p.getByRole("link", { name: "Email" }).getAttribute("href");
  expect(decodeURIComponent(mailto)).toContain("Self-assessment checklist response – Housing voids 2026");
  await expectNoAxeViolations(p, "respond: sent");
  await expectNoSideScroll(p, "respond: send");
  await shot(p, "phone-send");

  // Reopening the start page now offers the check page; the invitation list shows progress.
  await p.goto(`/respond/${reviewId}`);
  await expect(p.locator("#continue")).toHaveText("Check your answers");
  await p.goto("/respond");
  await expect(p.locator("#invitation-list")).toContainText("Every section completed");
  await expectNoAxeViolations(p, "respond: invitations (one)");
  await shot(p, "phone-invitations");

  // Desktop look at the section page.
  await p.setViewportSize({ width: 1280, height: 900 });
  await p.goto(`/respond/${reviewId}/section/st`);
  await expect(p.locator("fieldset[id^='q-'] input:checked").first()).toBeVisible();
  await shot(p, "desktop-section");
  expect(phoneErrors, "stakeholder console errors").toEqual([]);
  await phone.close();

  // ---- Host: import the response and see the counts.
  await page.goto(`/reviews/${reviewId}/responses`);
  await expect(page.locator("#response-counts")).toHaveText("0 received, 0 completed, 0 partial, 0 withdrawn");
  await expectNoAxeViolations(page, "responses (none)");
  await page.getByLabel("Choose files to import").setInputFiles(responsePath);
  await page.getByRole("button", { name: "Import 1 file" }).click();
  await expect(page.locator("#response-counts")).toContainText("1 received, 1 completed");
  await expect(page.locator("#group-counts")).toContainText("Tenants");
  // One tenant is a group of one: never shown on its own.
  await expect(page.locator("#group-counts")).toContainText("fewer than 5 – not shown");
  await expect(page.locator("#response-list")).toContainText("Not shown (fewer than 5 people in this group)");
  await expect(page.locator("#response-list")).toContainText("61 of 61 answered");
  await expectNoAxeViolations(page, "responses (one)");
  await shot(page, "host-responses-desktop");

  // The host's list and the file's name call the response by the same short id.
  const fileId = respDownload.suggestedFilename().match(/ – response – ([0-9a-f]{8})\.pcibundle$/)?.[1];
  expect(fileId, respDownload.suggestedFilename()).toBeTruthy();
  await expect(page.locator("#response-list")).toContainText(fileId);
  await page.locator("#response-list a").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Response ${fileId}`);
  await expect(page.locator("#response-status")).toHaveText("Completed");
  await expect(page.getByText("Strength 1: clear plans.")).toBeVisible();
  await expectNoAxeViolations(page, "one response");
  await page.getByRole("button", { name: "Withdraw this response" }).click();
  await expect(page.locator(".error-summary")).toContainText("Enter why you are withdrawing this response");
  await expectNoAxeViolations(page, "one response with withdraw error");
  await page.getByLabel("Why are you withdrawing it?").fill("Sent to the wrong review");
  await page.getByRole("button", { name: "Withdraw this response" }).click();
  await expect(page.locator("#response-status")).toHaveText("Withdrawn");
  await expect(page.getByText("Reason: Sent to the wrong review")).toBeVisible();
  await shot(page, "host-response-withdrawn-desktop");
  await page.goto(`/reviews/${reviewId}/responses`);
  await expect(page.locator("#response-counts")).toHaveText("1 received, 0 completed, 0 partial, 1 withdrawn");
  // A withdrawal made by mistake can be undone, and done again.
  await page.locator("#response-list a").first().click();
  await page.getByRole("button", { name: "Reinstate this response" }).click();
  await expect(page.locator("#response-status")).toHaveText("Completed");
  await expectNoAxeViolations(page, "one response reinstated");
  await page.getByRole("link", { name: "Back to responses" }).click();
  await expect(page.locator("#response-counts")).toHaveText("1 received, 1 completed, 0 partial, 0 withdrawn");
  await page.locator("#response-list a").first().click();
  await page.getByLabel("Why are you withdrawing it?").fill("Sent to the wrong review");
  await page.getByRole("button", { name: "Withdraw this response" }).click();
  await expect(page.locator("#response-status")).toHaveText("Withdrawn");
  await page.getByRole("link", { name: "Back to responses" }).click();
  await expect(page.locator("#response-counts")).toHaveText("1 received, 0 completed, 0 partial, 1 withdrawn");

  // Responses exist now: a new checklist becomes the next version (the PSIF standard wording
  // is version 2, so 3).
  await page.goto(`/reviews/${reviewId}/checklist`);
  await expect(page.locator("#versioning-note")).toContainText("becomes version 3");
  await page.getByLabel("Choose a checklist file").setInputFiles(join(FIXTURES, "corporate.csv"));
  await expect(page.locator("#checklist-pending")).toContainText("version 3");
  await page.getByRole("button", { name: "Use this checklist" }).click();
  await expect(page.locator("#checklist-summary .summary-list__row").nth(1).locator("dd")).toHaveText("3");
  await page.goto(`/reviews/${reviewId}/responses`);
  await expect(page.locator("#response-list")).toContainText("Withdrawn");
  await expectNoAxeViolations(page, "responses after a new checklist version");
});
