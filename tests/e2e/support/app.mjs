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
