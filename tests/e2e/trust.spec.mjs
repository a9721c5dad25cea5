// Files come from other people: a file changes only what its sender may change. Forged files are
// refused by name with the rule they break, and nothing is stored.
import { writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { test, expect, expectNoAxeViolations } from "./support/fixtures.mjs";
import { createReview, downloadInvitation, downloadPlainBackup, headsOf, storedRevisions } from "./support/app.mjs";
import { bundle, revision, revisionsOf } from "./support/forge.mjs";

/** Imports files on the import page and returns the rows once every file is checked. */
async function check(page, files) {
  await page.goto("/import");
  await page.getByLabel("Choose files to import").setInputFiles(files);
  const rows = page.locator(".import-item");
  await expect(rows).toHaveCount(files.length);
  await expect(page.locator(".import-item[data-state='ready'], .import-item[data-state='rejected']")).toHaveCount(files.length);
  return rows;
}

test("forged files are refused by name, with the rule they break, and change nothing", async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const id = await createReview(page, "Trust test");
  const invitation = testInfo.outputPath("invitation.pcibundle");
  await downloadInvitation(page, id, invitation);
  const before = await storedRevisions(page);
  const [checklist] = revisionsOf(await readFile(invitation, "utf8")).filter((r) => r.kind === "checklist");
  const [setup] = headsOf(before, id);
  const review = { id, title: "Trust test" };
  const respondent = "respondent." + "ab".repeat(16);
  const answer = (rid) =>
    revision({ record_id: rid, review_id: id, kind: "response", author: respondent, body: { respondent_id: rid, answers: {} } });
  const forged = {
    // A "response" that rewrites the host's checklist wording.
    "rewrites-checklist.pcibundle": bundle({
      kind: "response",
      review,
      revisions: [
        revision({ ...checklist, parents: [checklist.rev_id], author: respondent, body: { ...checklist.body, title: "Forged wording" } }),
      ],
    }),
    // A "response" holding a deletion of the whole review, dated 2100 so it would look newest.
    "deletes-review.pcibundle": bundle({
      kind: "response",
      review,
      revisions: [revision({ ...setup, parents: [setup.rev_id], author: respondent, at: 4102444800000, body: { deleted: true } })],
    }),
    // A contribution that plants the host's note to respondents (an address the host never typed).
    "plants-settings.pcibundle": bundle({
      kind: "contribution",
      review,
      revisions: [],
      extra: { local_meta: { [`invite_message:${id}`]: "Send your response to someone@example.org" } },
    }),
    // Fifty respondents in one file.
    "many-responses.pcibundle": bundle({
      kind: "response",
      review,
      revisions: Array.from({ length: 50 }, (_, i) => answer(`forged-${i}`)),
    }),
  };
  const paths = Object.entries(forged).map(([name, text]) => {
    const path = testInfo.outputPath(name);
    writeFileSync(path, text);
    return path;
  });
  const rows = await check(page, paths);
  const expected = {
    "rewrites-checklist.pcibundle": "a response file may only carry a response, and this one also carries a checklist",
    "deletes-review.pcibundle": "a response file may only carry a response, and this one also carries a review set-up",
    "plants-settings.pcibundle": "only a backup may change this browser's settings",
    "many-responses.pcibundle": "a response file may only carry one response, and this one carries 50",
  };
  for (const [name, rule] of Object.entries(expected)) {
    const row = rows.filter({ hasText: name });
    await expect(row).toHaveAttribute("data-state", "rejected");
    await expect(row.locator(".error-message")).toContainText(`${name} was refused: ${rule}`);
    await expect(row.locator(".error-message")).toContainText("Nothing was imported.");
  }
  await expect(page.getByRole("button", { name: /^Import/ })).toHaveCount(0);
  await expectNoAxeViolations(page, "forged files refused");
  expect(await storedRevisions(page)).toEqual(before);
  await page.goto(`/reviews/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Trust test");
  await page.goto(`/reviews/${id}/invite`);
  await expect(page.getByLabel("Email text")).not.toHaveValue(/someone@example\.org/);
});

test("a backup's preview says plainly that it can change anything, and what it will change", async ({ page, newContext }, testInfo) => {
  const id = await createReview(page, "Preview test");
  const path = await downloadPlainBackup(page, id, testInfo.outputPath("backup.pcibundle"));

  const other = await (await newContext()).newPage();
  const rows = await check(other, [path]);
  await expect(rows.first()).toHaveAttribute("data-state", "ready");
  const changes = rows.first().locator(".import-item__changes");
  await expect(changes).toContainText("A backup can change anything in this review");
  await expect(changes).toContainText("Adds the review's set-up");
  await expectNoAxeViolations(other, "backup preview");
});
