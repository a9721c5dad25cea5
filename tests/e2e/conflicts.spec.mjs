// No silent winner: a record changed in two places stays a visible choice on every page until a
// person resolves it; the history view brings back any earlier value; two tabs typing into one
// field keep every keystroke or show the conflict.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, expect, expectNoAxeViolations } from "./support/fixtures.mjs";
import { createReview, downloadPlainBackup, headsOf, storedRevisions, waitForStored } from "./support/app.mjs";

const tmp = mkdtempSync(join(tmpdir(), "cf-conflicts-"));

async function importFile(page, path) {
  await page.goto("/import");
  await page.getByLabel("Choose files to import").setInputFiles([path]);
  await page.getByRole("button", { name: "Import 1 file" }).click();
  await expect(page.locator(".import-item").first()).toContainText("Imported");
}

/** Renames the review on its overview page and waits for the save. */
async function rename(page, id, title) {
  await page.goto(`/reviews/${id}`);
  await page.getByText("Rename or archive this review").click();
  await page.getByLabel("Review name").fill(title);
  await waitForStored(page, title);
}

/** The heads of one record in this browser's storage. */
async function heads(page, id, record = id) {
  return headsOf(await storedRevisions(page), id, record);
}

/** A review whose set-up two people changed at once: "Parks review" here, "Parks and open
 * spaces" from a colleague's backup. Returns the review id and the colleague's context. */
async function conflictOnSetup(page, newContext) {
  const id = await createReview(page, "Parks");
  const handover = await downloadPlainBackup(page, id, join(tmp, "handover.pcibundle"));
  const ctx = await newContext();
  const colleague = await ctx.newPage();
  await importFile(colleague, handover);
  await rename(colleague, id, "Parks and open spaces");
  const theirs = await downloadPlainBackup(colleague, id, join(tmp, "colleague.pcibundle"));
  await rename(page, id, "Parks review");
  await importFile(page, theirs);
  return { id, ctx, colleague, theirs };
}

test("a conflict on the set-up survives every edit path until a person chooses, and history restores the other value", async ({ page, newContext }) => {
  test.setTimeout(90_000);
  const { id, ctx } = await conflictOnSetup(page, newContext);
  await ctx.close();
  expect(await heads(page, id)).toHaveLength(2);

  // The overview says so, shows both versions with who and when, and offers no way to edit.
  await page.goto(`/reviews/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This review has changes to choose between");
  const choice = page.getByRole("region", { name: "Changes to choose between" });
  const versions = choice.locator("li.inset");
  await expect(versions).toHaveCount(2);
  for (const v of await versions.all()) {
    await expect(v).toContainText(/Saved by the host team on \d{1,2} \w+ \d{4} at \d{1,2}:\d{2}(am|pm) UTC\./);
  }
  await expect(choice).toContainText("Parks and open spaces");
  await expect(choice).toContainText("Parks review");
  await expect(page.getByText("Rename or archive this review")).toHaveCount(0);
  await expectNoAxeViolations(page, "overview with a set-up in conflict");

  // The home page keeps it listed as needing a decision.
  await page.goto("/");
  await expect(page.locator("#troubled-reviews")).toContainText("Changed in two places. Choose which version to keep.");
  await expectNoAxeViolations(page, "home with a review in conflict");

  // Every page that edits the set-up refuses, with the banner and a link to the choice.
  for (const path of ["setup", "setup/about", "check-setup", "peers", "timeline", "checklist", "checklist/preview", "delete"]) {
    await page.goto(`/reviews/${id}/${path}`);
    const banner = page.getByRole("region", { name: "Important" });
    await expect(banner, path).toContainText("This review set-up was changed in two places.");
    await expect(page.locator("main input, main textarea, main select"), path).toHaveCount(0);
    await expect(page.getByRole("button", { name: /delete this review|Archive|Save/i }), path).toHaveCount(0);
  }
  await expectNoAxeViolations(page, "delete page during a conflict");
  await page.getByRole("link", { name: "Choose which version of the review set-up to keep" }).click();
  await expect(page).toHaveURL(new RegExp(`/reviews/${id}/choose/${id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose which version of the review set-up to keep");
  await expectNoAxeViolations(page, "choice page");
  await page.setViewportSize({ width: 320, height: 900 });
  await page.screenshot({ path: "test-results/screens/conflict-choice-320.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(await heads(page, id)).toHaveLength(2);

  // A person chooses: this browser's own version.
  await page.locator("li.inset").filter({ hasText: "Parks review" }).getByRole("button").click();
  await expect(page.getByRole("region", { name: "Nothing to choose" })).toBeVisible();
  await expect.poll(async () => (await heads(page, id)).length).toBe(1);
  await page.goto(`/reviews/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Parks review");

  // The history lists every version and brings the colleague's back as a new version.
  await page.getByRole("link", { name: "See the history of the set-up" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("History of the review set-up");
  const entries = page.locator(".history__entry");
  await expect(entries.first()).toContainText("Chose between 2 versions");
  await expect(entries.first()).toContainText("Current");
  await expect(entries.last()).toContainText("Created");
  await expectNoAxeViolations(page, "history page");
  await page.setViewportSize({ width: 320, height: 900 });
  await page.screenshot({ path: "test-results/screens/history-320.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  const theirs = entries.filter({ hasText: "Parks and open spaces" }).filter({ hasText: "title changed" });
  await expect(theirs).toHaveCount(1);
  await theirs.getByRole("button", { name: /^Restore this version/ }).click();
  await expect(page.getByRole("region", { name: "Version restored" })).toBeVisible();
  await waitForStored(page, "Parks and open spaces");
  await page.goto(`/reviews/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Parks and open spaces");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Parks and open spaces");
  const now = await heads(page, id);
  expect(now).toHaveLength(1);
  expect(now[0].body.title).toBe("Parks and open spaces");
});

test("a tab that was editing when a conflict arrived cannot save over it", async ({ page, context, newContext }) => {
  test.setTimeout(90_000);
  const id = await createReview(page, "Roads");
  const handover = await downloadPlainBackup(page, id, join(tmp, "roads.pcibundle"));
  const ctx = await newContext();
  const colleague = await ctx.newPage();
  await importFile(colleague, handover);
  await rename(colleague, id, "Roads and bridges");
  const theirs = await downloadPlainBackup(colleague, id, join(tmp, "roads-colleague.pcibundle"));
  await ctx.close();

  // This tab is on the checklist page, whose settings are part of the set-up.
  await rename(page, id, "Roads review");
  await page.goto(`/reviews/${id}/checklist`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Self-assessment checklist");
  // Another tab imports the colleague's version.
  const other = await context.newPage();
  await importFile(other, theirs);
  // The open page notices and stops offering edits.
  const banner = page.getByRole("region", { name: "Important" });
  await expect(banner).toContainText("This review set-up was changed in two places.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This review has changes to choose between");
  expect(await heads(page, id)).toHaveLength(2);
  await expectNoAxeViolations(page, "checklist page after a conflict arrived");
});

test("a deleted review whose deletion is in conflict stays visible with its choice", async ({ page, newContext }) => {
  test.setTimeout(90_000);
  const id = await createReview(page, "Libraries");
  const handover = await downloadPlainBackup(page, id, join(tmp, "libraries.pcibundle"));
  const ctx = await newContext();
  const colleague = await ctx.newPage();
  await importFile(colleague, handover);
  const base = await downloadPlainBackup(colleague, id, join(tmp, "libraries-colleague.pcibundle"));
  await ctx.close();

  // The colleague's backup also deletes the set-up (a tombstone on the version both had).
  const file = JSON.parse(readFileSync(base, "utf8"));
  const content = JSON.parse(file.content);
  const head = content.revisions.find((r) => r.record_id === id && r.kind === "review");
  const tomb = {
    record_id: id,
    review_id: id,
    kind: "review",
    parents: [head.rev_id],
    author: head.author,
    at: head.at + 60_000,
    schema: head.schema,
    body: { deleted: true },
  };
  // The content hash the app checks (docs/bundle-format.md): sorted keys, no whitespace.
  const canonical =
    `{"at":${tomb.at},"author":${JSON.stringify(tomb.author)},"body":{"deleted":true},"kind":"review",` +
    `"parents":${JSON.stringify(tomb.parents)},"record_id":${JSON.stringify(id)},"review_id":${JSON.stringify(id)},"schema":${tomb.schema}}`;
  tomb.rev_id = createHash("sha256").update(canonical).digest("hex").slice(0, 32);
  content.revisions.push(tomb);
  file.content = JSON.stringify(content);
  file.digest = "sha256:" + createHash("sha256").update(file.content).digest("hex");
  const deleting = join(tmp, "libraries-deleted.pcibundle");
  writeFileSync(deleting, JSON.stringify(file));

  // Meanwhile this browser renamed it; the import makes a choice, not a disappearance.
  await rename(page, id, "Libraries review");
  await importFile(page, deleting);
  await page.goto("/");
  const card = page.locator("#troubled-reviews .card");
  await expect(card).toContainText("Libraries review");
  await expect(card).toContainText("one version deletes it");
  await expectNoAxeViolations(page, "home with a disputed deletion");
  await card.getByRole("link", { name: "Libraries review" }).click();
  const choice = page.getByRole("region", { name: "Changes to choose between" });
  await expect(choice).toContainText("This version deletes the review set-up.");
  await expectNoAxeViolations(page, "overview with a disputed deletion");
  await choice.locator("li.inset").filter({ hasText: "Libraries review" }).getByRole("button").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Libraries review");
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Libraries review" })).toBeVisible();
  await expect(page.locator("#troubled-reviews")).toHaveCount(0);
});

/** True when the characters of `part` appear in `whole` in order. */
function keptInOrder(part, whole) {
  let i = 0;
  for (const c of whole) if (c === part[i]) i++;
  return i === part.length;
}

test("two tabs typing into the same field keep every keystroke or show a conflict", async ({ context, page }) => {
  test.setTimeout(60_000);
  const id = await createReview(page, "Shared");
  const other = await context.newPage();
  for (const p of [page, other]) {
    await p.goto(`/reviews/${id}`);
    await p.getByText("Rename or archive this review").click();
    await p.getByLabel("Review name").press("End");
  }
  const mine = " abcdefghij";
  const theirs = " 0123456789";
  await Promise.all([
    page.getByLabel("Review name").pressSequentially(mine, { delay: 20 }).catch(() => {}),
    other.getByLabel("Review name").pressSequentially(theirs, { delay: 20 }).catch(() => {}),
  ]);
  // Let the last saves land, then look at what is stored.
  await page.waitForTimeout(1000);
  const now = await heads(page, id);
  test.info().annotations.push({ type: "outcome", description: now.length === 1 ? `one value: ${now[0].body.title}` : `${now.length} versions` });
  if (now.length === 1) {
    // One value: both tabs' keystrokes are in it, in the order they were typed.
    const title = now[0].body.title;
    expect(keptInOrder(mine, title), title).toBe(true);
    expect(keptInOrder(theirs, title), title).toBe(true);
  } else {
    // Several: both tabs say so, and nothing was picked.
    for (const p of [page, other]) {
      await p.goto(`/reviews/${id}`);
      await expect(p.getByRole("region", { name: "Changes to choose between" })).toBeVisible();
      await expect(p.locator("li.inset")).toHaveCount(now.length);
    }
    await expectNoAxeViolations(page, "conflict from two tabs");
  }
});
