// Steps many specs share, done the way a person does them.
import { expect } from "@playwright/test";

/** Creates a review from the home page and returns its id (the overview page is then open). */
export async function createReview(page, title) {
  await page.goto("/");
  await page.getByRole("link", { name: "Create a new review" }).click();
  await page.getByLabel("Review name").fill(title);
  await page.getByRole("button", { name: "Create review" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  // Saved, not only shown: the next step may reload the page.
  await waitForStored(page, JSON.stringify(title).slice(1, -1));
  return page.url().split("/reviews/")[1];
}

/** Every stored revision's JSON, sorted: the state to compare between browsers. */
export async function storedRevisions(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open("critical-friend");
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = await new Promise((resolve) => {
      const r = db.transaction("revisions").objectStore("revisions").getAll();
      r.onsuccess = () => resolve(r.result);
    });
    db.close();
    return all.map((v) => v.json).sort();
  });
}

/** Waits until IndexedDB holds a revision whose JSON contains `text`. */
export async function waitForStored(page, text) {
  await expect.poll(async () => (await storedRevisions(page)).some((j) => j.includes(text))).toBe(true);
}

/** Downloads the review's invitation file, plain, from the invite page (making the invitation
 *  also saves the review's checklist record). */
export async function downloadInvitation(page, id, path) {
  await page.goto(`/reviews/${id}/invite`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Invite people to respond");
  await page.getByLabel("No", { exact: true }).check();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download invitation file" }).click(),
  ]);
  await download.saveAs(path);
}

/** Downloads a plain backup of the review from its export page and saves it at `path`. */
export async function downloadPlainBackup(page, id, path) {
  await page.goto(`/reviews/${id}/export`);
  const panel = page.locator(".export-panel").first();
  await panel.getByLabel("No", { exact: true }).check();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    panel.getByRole("button", { name: "Download backup" }).click(),
  ]);
  await download.saveAs(path);
  return path;
}

/** The heads of one record among stored revisions (`storedRevisions` output): the revisions no
 *  other revision of it names as a parent. */
export function headsOf(stored, reviewId, recordId = reviewId) {
  const all = stored.map((j) => JSON.parse(j)).filter((r) => r.review_id === reviewId && r.record_id === recordId);
  const named = new Set(all.flatMap((r) => r.parents));
  return all.filter((r) => !named.has(r.rev_id));
}
