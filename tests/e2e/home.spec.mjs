// The reviews home: cards say where each review is, and reviews can be renamed and archived.
import { test, expect, expectNoAxeViolations } from "./support/fixtures.mjs";
import { createReview, waitForStored } from "./support/app.mjs";

test("review cards show host, focus, stage and next milestone; archive and restore", async ({ page }) => {
  const id = await createReview(page, "Council tax collection");
  await page.goto("/");
  const card = page.locator(".card").filter({ hasText: "Council tax collection" });
  await expect(card).toContainText("Host");
  await expect(card).toContainText("Focus");
  await expect(card).toContainText("Getting ready");
  await expect(card).toContainText("Next milestone");
  await expect(page.getByRole("heading", { name: "Back up your work" })).toBeVisible();
  await expectNoAxeViolations(page, "home with a review");

  await page.goto(`/reviews/${id}`);
  await page.getByText("Rename or archive this review").click();
  await page.getByRole("button", { name: "Archive this review" }).click();
  await expect(page.getByRole("button", { name: "Restore from archive" })).toBeVisible();
  await waitForStored(page, '"archived":true');
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Archived reviews" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Current reviews" })).toHaveCount(0);
  await expect(page.locator(".card").filter({ hasText: "Archived" })).toContainText("Council tax collection");

  await page.goto(`/reviews/${id}`);
  await page.getByText("Rename or archive this review").click();
  await page.getByRole("button", { name: "Restore from archive" }).click();
  await expect(page.getByRole("button", { name: "Archive this review" })).toBeVisible();
  await waitForStored(page, '"archived":false');
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Current reviews" })).toBeVisible();

  // The backup reminder goes once a backup has been downloaded.
  await page.goto("/backup");
  await page.getByLabel("No", { exact: true }).first().check();
  await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download backup" }).click()]);
  await expect(page.getByText("File ready")).toBeVisible();
  await expectNoAxeViolations(page, "workspace backup");
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Council tax collection" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Back up your work" })).toHaveCount(0);
});

test("an unknown review or page says so, with a way back", async ({ page }) => {
  await page.goto("/reviews/not-a-review");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Review not found");
  await expectNoAxeViolations(page, "missing review");
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await page.getByRole("link", { name: "Go to your reviews" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your reviews");
});

test("a review is never saved without a name", async ({ page }) => {
  const id = await createReview(page, "Named review");
  await page.getByText("Rename or archive this review").click();
  await page.getByLabel("Review name").fill("");
  await expect(page.locator("#rename-title-error")).toContainText("Enter a review name");
  await expectNoAxeViolations(page, "empty review name");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Named review");
  await page.goto(`/reviews/${id}`);
  await page.getByText("Rename or archive this review").click();
  await page.getByLabel("Review name").fill("Named review, renamed");
  await expect(page.locator("#rename-title-error")).toHaveCount(0);
});
