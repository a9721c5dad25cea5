// Steps many specs share, done the way a person does them.
import { expect } from "@playwright/test";

/** Creates a review from the home page and returns its id (the overview page is then open). */
export async function createReview(page, title) {
  await page.goto("/");
  await page.getByRole("link", { name: "Create a new review" }).click();
  await page.getByLabel("Review name").fill(title);
  await page.getByRole("button", { name: "Create review" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  return page.url().split("/reviews/")[1];
}
