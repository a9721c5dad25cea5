// Anonymity by construction: a response file shares nothing with anything else its browser
// writes, carries only the last answers, goes to a neutral collector when the host names one,
// and the host never takes a stakeholder's response for their own or sees a small group.
import { readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { test, expect, expectNoAxeViolations } from "./support/fixtures.mjs";
import { createReview, storedRevisions } from "./support/app.mjs";

const SHOTS = "test-results/anonymity-screens";
mkdirSync(SHOTS, { recursive: true });
const h1 = (page) => page.getByRole("heading", { level: 1 });
const COLLECTOR = "Kim Lee";
const COLLECTOR_EMAIL = "kim.lee@improvementservice.org.uk";

/** The envelope and its content, both parsed. */
function readBundle(path) {
  const file = JSON.parse(readFileSync(path, "utf8"));
  return { file, content: JSON.parse(file.content) };
}

/** Every string value of length 8 or more in a file (envelope and content). */
function strings(path) {
  const { file, content } = readBundle(path);
  const out = new Set();
  const walk = (v) => {
    if (typeof v === "string") {
      if (v.length >= 8) out.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk({ ...file, content: null });
  walk(content);
  return out;
}

async function download(page, button, path, scope = page) {
  const [d] = await Promise.all([page.waitForEvent("download"), scope.getByRole("button", { name: button }).click()]);
  await d.saveAs(path);
  return path;
}

/** Imports files on the page's import panel (already open) and waits until they are in. */
async function importHere(page, files) {
  await page.getByLabel("Choose files to import").setInputFiles(files);
  await page.getByRole("button", { name: new RegExp(`^Import ${files.length} files?$`) }).click();
  await expect(page.locator(".import-item[data-state='imported']")).toHaveCount(files.length);
}

/** Answers the first statement of the first section with option `n` (0 = first). */
async function answerFirst(p, reviewId, n) {
  await p.goto(`/respond/${reviewId}/section/sp`);
  await p.locator("fieldset[id^='q-']").first().locator("input[type=radio]").nth(n).check();
  await expect(p.locator(".saved-status").first()).toHaveText("Saved");
}

/** The first statement's answer on the host's page for the only response. */
async function hostSeesFirstAnswer(page, reviewId) {
  await page.goto(`/reviews/${reviewId}/responses`);
  await expect(page.locator("#response-counts")).toHaveText("1 received, 0 completed, 1 partial, 0 withdrawn");
  await page.locator("#response-list a").first().click();
  await expect(page.locator("#response-status")).toBeVisible();
  return page.locator(".summary-list--answers .summary-list__value").first().textContent();
}

test("a response shares nothing with other files, carries only the last answers, and small groups stay hidden", async ({
  page,
  newContext,
  baseURL,
}, testInfo) => {
  test.setTimeout(240_000);
  const out = (name) => testInfo.outputPath(name);

  // ---- The host names a neutral collector and downloads the invitation.
  const y = await createReview(page, "Housing voids");
  await page.goto(`/reviews/${y}/invite`);
  await expect(page.locator("#collector-text")).toContainText("you will see the email address each file comes from");
  await page.getByLabel("Collector's name (optional)").fill(COLLECTOR);
  await page.getByLabel("Collector's email address (optional)").fill(COLLECTOR_EMAIL);
  await expect(page.locator("#collector-text")).toContainText(`${COLLECTOR} (${COLLECTOR_EMAIL}), who passes them on`);
  await expect(page.locator("#invite-email")).toHaveValue(new RegExp(`email it to ${COLLECTOR} \\(${COLLECTOR_EMAIL}\\)`));
  await expect(page.locator("#invite-email")).toHaveValue(/Kim Lee collects the responses/);
  await expectNoAxeViolations(page, "invite with a collector");
  await page.locator(".export-panel").first().getByLabel("No", { exact: true }).check();
  const invitation = await download(page, "Download invitation file", out("invitation.pcibundle"));
  // The collector is kept: it is still there after a reload.
  await page.reload();
  await expect(page.getByLabel("Collector's name (optional)")).toHaveValue(COLLECTOR);
  expect(readBundle(invitation).content.extra).toMatchObject({ collector_name: COLLECTOR, collector_email: COLLECTOR_EMAIL });
  expect(JSON.stringify(readBundle(invitation).content.extra)).not.toMatch(/respondent/);

  // ---- One person: host of their own review (Roads) and a respondent to Housing voids.
  const ctx = await newContext({ baseURL });
  const p = await ctx.newPage();
  const x = await createReview(p, "Roads");
  await p.goto("/respond");
  await p.getByLabel("Choose files to import").setInputFiles(invitation);
  await p.getByRole("button", { name: "Import 1 file" }).click();
  await p.waitForURL(new RegExp(`/respond/${y}$`));

  // (d) The start page says plainly what the host can and cannot see.
  const privacy = p.locator("#privacy");
  await expect(privacy).toContainText(`You send your response file to ${COLLECTOR} (${COLLECTOR_EMAIL}), not to the host team`);
  await expect(privacy).toContainText("the host does not see your email address");
  await expect(privacy).toContainText("The host never sees who gave which answers");
  await expect(privacy).toContainText("Groups of fewer than 5 people are never shown on their own");
  await expectNoAxeViolations(p, "start page with the privacy statement");
  await p.setViewportSize({ width: 320, height: 900 });
  const side = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(side, "horizontal scrolling at 320px").toBeLessThanOrEqual(0);
  await p.screenshot({ path: join(SHOTS, "start-320.png"), fullPage: true });
  await p.setViewportSize({ width: 1280, height: 800 });

  await p.getByLabel("Front-line staff").check();
  await expect(p.locator(".saved-status").first()).toHaveText("Saved");
  await answerFirst(p, y, 0);
  await p.goto(`/respond/${y}/send`);
  await expect(p.locator("#send-to")).toHaveText(`Email it to ${COLLECTOR} (${COLLECTOR_EMAIL}).`);
  await expect(p.locator("#collector-note")).toContainText("without saying who sent which");
  await p.getByLabel("No", { exact: true }).check();
  const first = await download(p, "Download your response", out("response-1.pcibundle"));
  const mailto = decodeURIComponent(await p.getByRole("link", { name: "Email" }).getAttribute("href"));
  expect(mailto).toContain(`mailto:${COLLECTOR_EMAIL}`);
  expect(mailto).toContain(`Dear ${COLLECTOR},`);

  // (b) Changed and downloaded again: only the last answers, on top of the first file.
  await answerFirst(p, y, 2);
  await p.goto(`/respond/${y}/send`);
  await p.getByLabel("No", { exact: true }).check();
  const second = await download(p, "Download your response", out("response-2.pcibundle"));
  const one = readBundle(first);
  const two = readBundle(second);
  expect(one.content.revisions).toHaveLength(1);
  expect(two.content.revisions).toHaveLength(1);
  const [r1] = one.content.revisions;
  const [r2] = two.content.revisions;
  expect(r2.record_id).toBe(r1.record_id);
  expect(r2.parents).toEqual([r1.rev_id]);
  expect(Object.values(r1.body.answers)).toHaveLength(1);
  expect(Object.values(r2.body.answers)).toHaveLength(1);
  expect(Object.values(r2.body.answers)[0]).not.toBe(Object.values(r1.body.answers)[0]);
  for (const { file, content } of [one, two]) {
    expect(file.created_by.org).toBeNull();
    expect(file.created_by.id).toMatch(/^respondent\.[0-9a-f]{32}$/);
    expect(content.revisions.every((r) => r.author === file.created_by.id)).toBe(true);
  }

  // (a) The same browser's file for the review it hosts (its backup: set-up, checklist and
  // local settings) shares no identifier with the response, beyond what the invitation itself
  // told every respondent.
  await p.goto(`/reviews/${x}/export`);
  const panel = p.locator(".export-panel").first();
  await panel.getByLabel("No", { exact: true }).check();
  const hosted = await download(p, "Download backup", out("roads-backup.pcibundle"), panel);
  expect(readBundle(hosted).content.revisions.length).toBeGreaterThan(0);
  const publicText = strings(invitation);
  const hostedText = strings(hosted);
  for (const response of [first, second]) {
    const shared = [...strings(response)].filter((s) => hostedText.has(s) && !publicText.has(s));
    expect(shared, "identifiers common to a response and a file of the review this browser hosts").toEqual([]);
  }
  expect(readBundle(hosted).file.created_by.id).toMatch(/^host\.[0-9a-f]{32}$/);
  await ctx.close();

  // ---- The host: a backup first (for importing in the other order elsewhere).
  await page.goto(`/reviews/${y}/export`);
  const backupPanel = page.locator(".export-panel").first();
  await backupPanel.getByLabel("No", { exact: true }).check();
  const backup = await download(page, "Download backup", out("backup.pcibundle"), backupPanel);

  // Second file first, then the first: the last answers, no conflict.
  await page.goto(`/reviews/${y}/responses`);
  await importHere(page, [second]);
  await page.goto(`/reviews/${y}/responses`);
  await importHere(page, [first]);
  const answerHere = await hostSeesFirstAnswer(page, y);
  await page.goto(`/reviews/${y}`);
  await expect(page.getByRole("region", { name: "Changes to choose between" })).toHaveCount(0);

  // The other order in another browser holding the same review.
  const other = await newContext({ baseURL });
  const o = await other.newPage();
  await o.goto("/import");
  await importHere(o, [backup]);
  await o.goto(`/reviews/${y}/responses`);
  await importHere(o, [first]);
  await o.goto(`/reviews/${y}/responses`);
  await importHere(o, [second]);
  expect(await hostSeesFirstAnswer(o, y)).toBe(answerHere);
  await o.goto(`/reviews/${y}`);
  await expect(o.getByRole("region", { name: "Changes to choose between" })).toHaveCount(0);
  await other.close();
  // Both show the second file's answer, which differs from the first's.
  await page.goto(`/reviews/${y}/responses`);

  // (e) A group of one is never shown, in the table or beside the response.
  await expect(page.locator("#group-counts")).toContainText("Front-line staff");
  await expect(page.locator("#group-counts")).toContainText("fewer than 5 – not shown");
  await expect(page.locator("#response-list")).toContainText("Not shown (fewer than 5 people in this group)");
  await expect(page.locator("#response-list")).not.toContainText("Front-line staff");
  await expectNoAxeViolations(page, "responses with a small group hidden");
  await page.locator("#response-list a").first().click();
  await expect(page.locator("#response-group")).toHaveText("Not shown (fewer than 5 people in this group)");

  // ---- (c) The host opens their own invitation while holding that response.
  const before = await storedRevisions(page);
  await page.goto("/respond");
  await page.getByLabel("Choose files to import").setInputFiles(invitation);
  await page.getByRole("button", { name: /^Import 1 file$/ }).click();
  await page.waitForURL(new RegExp(`/respond/${y}$`));
  for (const path of ["", "/sections", "/section/sp", "/check", "/send"]) {
    await page.goto(`/respond/${y}${path}`);
    await expect(h1(page)).toHaveText("You host this review");
    await expect(page.locator("main")).not.toContainText("Continue where you left off");
    await expect(page.locator("main")).not.toContainText("1 of 61");
  }
  await expectNoAxeViolations(page, "host opening their own invitation");
  await page.setViewportSize({ width: 320, height: 800 });
  await page.goto(`/respond/${y}`);
  await expect(h1(page)).toHaveText("You host this review");
  await page.screenshot({ path: join(SHOTS, "host-notice-320.png"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/respond");
  await expect(page.locator("#invitation-list")).toContainText("You host this review");
  expect(await storedRevisions(page), "opening one's own invitation writes nothing").toEqual(before);

  // Answering it themselves is a separate response with its own id.
  await page.goto(`/respond/${y}`);
  await page.getByRole("button", { name: "Answer the checklist yourself" }).click();
  await expect(page.locator("#start-now")).toBeVisible();
  await answerFirst(page, y, 4);
  const after = await storedRevisions(page);
  expect(after.filter((j) => !before.includes(j)).length, "one new revision, of a new response").toBe(1);
  expect(before.every((j) => after.includes(j)), "the stakeholder's response is untouched").toBe(true);
  const mine = JSON.parse(after.find((j) => !before.includes(j)));
  expect(mine.record_id).not.toBe(r1.record_id);
  expect(mine.author).toMatch(/^respondent\.[0-9a-f]{32}$/);
  expect(mine.author).not.toBe(r1.author);

  // The host's own response file and the host's files for the same review (an invitation
  // made after answering) share no identifier: the response has its own author and id.
  await page.goto(`/respond/${y}/send`);
  await page.getByLabel("No", { exact: true }).check();
  const own = await download(page, "Download your response", out("own-response.pcibundle"));
  await page.goto(`/reviews/${y}/invite`);
  await page.locator(".export-panel").first().getByLabel("No", { exact: true }).check();
  const again = await download(page, "Download invitation file", out("invitation-again.pcibundle"));
  const hostStrings = strings(again);
  const ownFile = readBundle(own);
  expect(ownFile.content.revisions).toHaveLength(1);
  const ids = [ownFile.file.created_by.id, ...ownFile.content.revisions.flatMap((r) => [r.rev_id, r.record_id, r.author, ...r.parents])];
  expect(ids.filter((s) => hostStrings.has(s))).toEqual([]);
  const hostIds = [readBundle(again).file.created_by.id, ...readBundle(again).content.revisions.map((r) => r.author)];
  expect(hostIds.filter((a) => strings(own).has(a))).toEqual([]);
});
