// Getting ready as the guidance words it (issue 12): dates that follow the guidance without
// ever landing in the past, suggestions that move with fieldwork while typed dates stay, GOV.UK
// date messages with nothing half-saved, three councils asked for (warned, never blocked) with
// each approach tracked, councils found under the names officers use, and the two kinds of
// LGBF family group explained wherever a group is shown.
import { mkdirSync } from "node:fs";
import { test, expect, expectNoAxeViolations } from "./support/fixtures.mjs";

const SHOTS = "test-results/getting-ready-screens";
mkdirSync(SHOTS, { recursive: true });

const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const weekday = (ms) => (new Date(ms).getUTCDay() + 6) % 7; // 0 = Monday
const longDate = (ms) =>
  new Date(ms).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).replace(",", "");

function todayUtc() {
  const n = new Date();
  return Date.UTC(n.getUTCFullYear(), n.getUTCMonth(), n.getUTCDate());
}

const h1 = (page) => page.getByRole("heading", { level: 1 });

/** Presses Tab until `locator` has focus: how a keyboard user gets there. */
async function tabTo(page, locator, { max = 150 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await locator.evaluate((el) => el === document.activeElement, undefined, { timeout: 2_000 }).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`could not reach ${locator} by keyboard`);
}

async function typeInto(page, locator, text) {
  await tabTo(page, locator);
  await page.keyboard.press("ControlOrMeta+a");
  if (text) await page.keyboard.type(text);
  else await page.keyboard.press("Backspace");
}

async function activate(page, locator) {
  await tabTo(page, locator);
  await page.keyboard.press("Enter");
}

const boxes = (ms) => {
  const [y, m, d] = iso(ms).split("-");
  return [String(Number(d)), String(Number(m)), y];
};

/** Types day, month and year into a GOV.UK date input by keyboard, then leaves it. */
async function typeDateParts(page, id, [d, m, y]) {
  await typeInto(page, page.locator(`#${id}-day`), d);
  await typeInto(page, page.locator(`#${id}-month`), m);
  await typeInto(page, page.locator(`#${id}-year`), y);
  await page.keyboard.press("Tab");
}

async function expectDate(page, id, ms) {
  const values = boxes(ms);
  for (const [k, part] of ["day", "month", "year"].entries()) {
    await expect(page.locator(`#${id}-${part}`), `${id} ${part}`).toHaveValue(values[k]);
  }
}

/** The date a GOV.UK date input shows, as ms since the epoch (null when empty). */
async function shownDate(page, id) {
  const [d, m, y] = await Promise.all(["day", "month", "year"].map((p) => page.locator(`#${id}-${p}`).inputValue()));
  return d ? Date.UTC(Number(y), Number(m) - 1, Number(d)) : null;
}

/** axe, then a 320px screenshot that must not scroll sideways. */
async function checkPage(page, name) {
  await expectNoAxeViolations(page, name);
  await page.setViewportSize({ width: 320, height: 800 });
  await page.screenshot({ path: `${SHOTS}/${name}-320.png`, fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways at 320px`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Creates a review from the home page and returns its base path. */
async function newReview(page, name) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/");
  await page.getByRole("link", { name: "Create a new review" }).click();
  await page.getByLabel("Review name").fill(name);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/reviews\/[^/]+$/);
  return `/reviews/${new URL(page.url()).pathname.split("/")[2]}`;
}

const TIMELINE_IDS = [
  "initial-meeting",
  "checklist-closes",
  "pre-meeting",
  "papers-shared",
  "draft-report",
  "leads-meeting",
  "final-report",
];

test.describe.configure({ timeout: 120_000 });

test("fieldwork eight days away gets a plain warning, and no date is suggested in the past", async ({ page }) => {
  const base = await newReview(page, "Fife roads");
  await page.goto(`${base}/setup/timeline`);
  await expect(h1(page)).toHaveText("Timeline");
  const today = todayUtc();
  await typeDateParts(page, "fieldwork-start", boxes(today + 8 * DAY));
  await typeDateParts(page, "fieldwork-end", boxes(today + 10 * DAY));
  const soon = page.locator("#fieldwork-start-warnings .warning-text");
  await expect(soon).toContainText("Fieldwork starts in 8 days. That is too soon for the steps the guidance asks for before fieldwork");
  await expect(soon).toContainText("Move fieldwork later if you can, or agree a shorter timeline with the Improvement Service.");
  // The warning is read with the date it is about.
  await expect(page.locator("#fieldwork-start")).toHaveAttribute("aria-describedby", /fieldwork-start-warnings/);

  await activate(page, page.getByRole("button", { name: "Use suggested dates" }));
  const status = page.locator(".suggest__status");
  await expect(status).toContainText("because the guidance would put them in the past");
  await expect(status).toContainText("initial meeting to discuss the process");
  for (const id of TIMELINE_IDS) {
    const shown = await shownDate(page, id);
    if (shown !== null) expect(shown, `${id} is not in the past`).toBeGreaterThanOrEqual(today);
  }
  // The dates after fieldwork still follow the guidance.
  await expect(page.locator("#draft-report-day")).not.toHaveValue("");
  await expect(page.locator("#initial-meeting-day")).toHaveValue("");
  await checkPage(page, "01-fieldwork-too-soon");
  // A warning never blocks.
  await activate(page, page.getByRole("button", { name: "Save and continue" }));
  await expect(page).toHaveURL(`${base}/setup`);
});

test("moving fieldwork moves only the suggested dates, in one step", async ({ page }) => {
  const base = await newReview(page, "Moray libraries");
  await page.goto(`${base}/setup/timeline`);
  let start = todayUtc() + 120 * DAY;
  while (weekday(start) !== 1) start += DAY;
  await typeDateParts(page, "fieldwork-start", boxes(start));
  await typeDateParts(page, "fieldwork-end", boxes(start + 2 * DAY));
  await activate(page, page.getByRole("button", { name: "Use suggested dates" }));
  await expect(page.locator(".suggest__status")).toContainText("Suggested 7 dates from the guidance.");
  await expectDate(page, "initial-meeting", start - 56 * DAY);
  // The pre-meeting is typed by hand: it is never moved.
  const typed = start - 20 * DAY;
  await typeDateParts(page, "pre-meeting", boxes(typed));
  await expect(page.locator("#pre-meeting-suggested")).toHaveCount(0);
  await expect(page.locator("#moved-fieldwork")).toHaveCount(0);

  // Fieldwork moves two weeks earlier.
  const moved = start - 14 * DAY;
  await typeDateParts(page, "fieldwork-start", boxes(moved));
  await typeDateParts(page, "fieldwork-end", boxes(moved + 2 * DAY));
  const offer = page.locator("#moved-fieldwork");
  await expect(offer).toContainText("Fieldwork has moved since some dates were suggested. Move the 6 suggested dates to follow it?");
  await checkPage(page, "02-fieldwork-moved");
  // The timeline page says so too.
  await page.goto(`${base}/timeline`);
  await expect(page.getByText("Fieldwork has moved since some dates were suggested: 6 suggested dates no longer follow it.", { exact: false })).toBeVisible();
  await expect(page.locator("#timeline-checklist-closes")).toContainText("(suggested)");
  await expectNoAxeViolations(page, "timeline with moved fieldwork");
  await page.goto(`${base}/setup/timeline`);

  await activate(page, page.getByRole("button", { name: "Move 6 suggested dates" }));
  await expect(page.locator(".suggest__status")).toContainText("Moved 6 suggested dates to follow the fieldwork dates");
  await expect(offer).toHaveCount(0);
  await expectDate(page, "initial-meeting", moved - 56 * DAY);
  await expectDate(page, "checklist-closes", moved - 21 * DAY);
  await expectDate(page, "papers-shared", moved - 14 * DAY);
  await expectDate(page, "draft-report", moved + 16 * DAY);
  await expectDate(page, "pre-meeting", typed);
  // The typed date now draws a warning, and "Use suggested dates" says why it was not changed.
  await expect(page.locator("#pre-meeting-warnings .warning-text")).toContainText("The team pre-meeting is only 6 days before fieldwork.");
  await activate(page, page.getByRole("button", { name: "Use suggested dates" }));
  await expect(page.locator(".suggest__status")).toContainText("You typed the team pre-meeting yourself, so it was not changed");
  await expectDate(page, "pre-meeting", typed);
  await checkPage(page, "03-fieldwork-moved-done");
});

test("an invalid date gets the GOV.UK message and is never half-saved", async ({ page }) => {
  const base = await newReview(page, "Angus parks");
  await page.goto(`${base}/setup/timeline`);
  const start = todayUtc() + 100 * DAY;
  await typeDateParts(page, "fieldwork-start", boxes(start));
  await expectDate(page, "fieldwork-start", start);

  // A three-digit year: the message, the box highlighted, and the stored date kept.
  await typeInto(page, page.locator("#fieldwork-start-year"), "202");
  await page.keyboard.press("Tab");
  const group = page.locator("#fieldwork-start");
  await expect(group.locator(".error-message")).toHaveText("Error: Year must include 4 numbers");
  await expect(page.locator("#fieldwork-start-year")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#fieldwork-start-day")).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#fieldwork-start-stored")).toHaveText(`Not saved. The saved date is still ${longDate(start)}.`);
  await checkPage(page, "04-invalid-year");
  // Leaving the page is stopped with the same message in the summary.
  await activate(page, page.getByRole("button", { name: "Save and continue" }));
  const summary = page.locator(".error-summary");
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("Year must include 4 numbers");
  await summary.getByRole("link", { name: "Year must include 4 numbers" }).click();
  await expect(page.locator("#fieldwork-start-day")).toBeFocused();
  // Nothing was half-saved: after a reload the field shows what is stored.
  await page.reload();
  await expect(h1(page)).toHaveText("Timeline");
  await expectDate(page, "fieldwork-start", start);

  // A day that does not exist.
  await typeInto(page, page.locator("#fieldwork-start-day"), "32");
  // Moving between the boxes does not nag; leaving the date does.
  await page.keyboard.press("Tab");
  await expect(page.locator("#fieldwork-start-month")).toBeFocused();
  await expect(group.locator(".error-message")).toHaveCount(0);
  await tabTo(page, page.locator("#fieldwork-end-day"));
  await expect(group.locator(".error-message")).toHaveText("Error: Fieldwork starts must be a real date");
  await page.reload();
  await expectDate(page, "fieldwork-start", start);
  // Putting it right saves it and clears the message.
  const later = start + 7 * DAY;
  await typeDateParts(page, "fieldwork-start", boxes(later));
  await expect(group.locator(".error-message")).toHaveCount(0);
  await page.reload();
  await expectDate(page, "fieldwork-start", later);
});

test("two peer councils are warned about, not blocked; approaches are tracked; councils are found under their everyday names", async ({
  page,
}) => {
  const base = await newReview(page, "Angus housing");
  // Host and service, so family groups can be shown.
  await page.goto(`${base}/setup/about`);
  const host = page.getByLabel("Host local authority");
  // Edinburgh is listed under E, where officers look for it.
  await expect(host.locator("option")).toHaveCount(34); // "Select a council", 32 councils, another organisation
  const names = await host.locator("option").allTextContents();
  const e = names.indexOf("Edinburgh, City of");
  expect(e).toBeGreaterThan(0);
  expect(names[e - 1]).toBe("East Renfrewshire");
  expect(names[e + 1]).toBe("Falkirk");
  await host.selectOption("angus");
  await page.getByLabel("People services").check();
  await tabTo(page, page.getByLabel("Requested by the LGBF Board"));
  await page.keyboard.press("Space");
  await expect(page.getByLabel("Requested by the LGBF Board")).toBeChecked();
  await expectNoAxeViolations(page, "about with origin");

  await page.goto(`${base}/peers`);
  await expect(h1(page)).toHaveText("Choose councils to approach for peer reviewers");
  await expect(page.locator("#peer-councils-intro")).toContainText("approach three councils to each contribute a peer reviewer");
  const warning = page.locator("#peer-councils-warning .warning-text");
  await expect(warning).toContainText("You have not added any councils yet.");

  // Search under the names officers use.
  const search = page.getByLabel("Find a council by name");
  await typeInto(page, search, "Edinburgh");
  const results = page.locator("#council-search-results");
  await expect(results.getByRole("checkbox")).toHaveCount(1);
  await expect(results).toContainText("Edinburgh, City of");
  await typeInto(page, search, "Western Isles");
  await expect(results.getByRole("checkbox")).toHaveCount(1);
  await expect(results).toContainText("Na h-Eileanan Siar (also Eilean Siar, Western Isles, Comhairle nan Eilean Siar)");
  await page.keyboard.press("Tab");
  await expect(page.locator("#search-na-h-eileanan-siar")).toBeFocused();
  await page.keyboard.press("Space");
  await expect(page.locator("#search-na-h-eileanan-siar")).toBeChecked();
  await checkPage(page, "05-council-search");
  await typeInto(page, search, "Zzz");
  await expect(page.locator("#council-search-none")).toHaveText("No council matches \u201cZzz\u201d.");
  await typeInto(page, search, "");

  // A second council from the family-group list.
  const moray = page.getByRole("checkbox", { name: /^Moray Same family group/ });
  await tabTo(page, moray);
  await page.keyboard.press("Space");
  await expect(moray).toBeChecked();
  await expect(warning).toContainText("You have added 2 councils. You can carry on, and add more later.");

  // The two kinds of family group, explained where groups are shown: "Family group 4" for
  // people services is no contradiction with group 1 for other services.
  await expect(page.locator("#peer-0-groups")).toHaveText(
    /^Na h-Eileanan Siar is in family group 4 for people services \(.+\) and family group 1 for other services \(.+\)\.$/,
  );
  const explained = page.locator("#family-groups-explained");
  await activate(page, explained.locator("summary"));
  await expect(explained).toContainText("There are two kinds of family group.");
  await expect(explained).toContainText("So a council can be in the same group as the host for one kind of service and a different group for the other.");

  for (const i of [0, 1]) {
    await tabTo(page, page.locator(`#peer-${i}-reason-0`));
    await page.keyboard.press("Space");
    await expect(page.locator(`#peer-${i}-reason-0`)).toBeChecked();
  }
  // Track the approach to Moray: the Chief Executive's request, and the answer.
  const sent = todayUtc() - 3 * DAY;
  await typeDateParts(page, "peer-1-request-sent", boxes(sent));
  await expectDate(page, "peer-1-request-sent", sent);
  await expect(page.locator("#peer-1-reviewer-name")).toHaveCount(0);
  await tabTo(page, page.locator("#peer-1-answer-0"));
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("#peer-1-answer-1")).toBeChecked(); // Agreed to take part
  await typeInto(page, page.locator("#peer-1-reviewer-name"), "Pat Grant");
  await typeInto(page, page.locator("#peer-1-reviewer-email"), "pat.grant@moray.gov.uk");
  await checkPage(page, "06-two-peers");

  // The set-up section shows the same warning and saves anyway.
  await page.goto(`${base}/setup/peer-councils`);
  await expect(page.locator("#peer-councils-warning .warning-text")).toContainText("You have added 2 councils.");
  await expect(page.locator("#family-groups-explained")).toBeVisible();
  await expect(page.locator("#peer-1-reviewer-name")).toHaveValue("Pat Grant");
  await expectDate(page, "peer-1-request-sent", sent);
  await expectNoAxeViolations(page, "peer councils section with two");
  await activate(page, page.getByRole("button", { name: "Save and continue" }));
  await expect(page).toHaveURL(`${base}/setup`);
  await expect(page.locator(".error-summary")).toHaveCount(0);
});
