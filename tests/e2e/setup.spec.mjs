// Getting ready: a host lead sets up a complete review by keyboard, gets suggested dates and
// warnings, picks three peers with family-group help (and LGBF data), checks the answers,
// downloads the timeline as .ics, and finds everything again after a reload and offline.
import { mkdirSync, readFileSync } from "node:fs";
import { test, expect, expectNoAxeViolations, waitForServiceWorkerControl } from "./support/fixtures.mjs";

const SHOTS = "test-results/setup-screens";
mkdirSync(SHOTS, { recursive: true });

const DAY = 86_400_000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const icsDate = (ms) => iso(ms).replaceAll("-", "");
const weekday = (ms) => (new Date(ms).getUTCDay() + 6) % 7; // 0 = Monday
const longDate = (ms) =>
  new Date(ms).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).replace(",", "");

function todayUtc() {
  const n = new Date();
  return Date.UTC(n.getUTCFullYear(), n.getUTCMonth(), n.getUTCDate());
}

// Fieldwork on a Tuesday to Thursday about four months ahead, so every suggestion is a weekday.
let start = todayUtc() + 120 * DAY;
while (weekday(start) !== 1) start += DAY;
const end = start + 2 * DAY;
const expected = {
  "initial-meeting": start - 56 * DAY,
  "checklist-closes": start - 21 * DAY,
  "pre-meeting": start - 14 * DAY,
  "papers-shared": start - 14 * DAY,
  "draft-report": end + 14 * DAY,
  "leads-meeting": end + 28 * DAY,
  "final-report": end + 42 * DAY,
};

const LGBF_HEADER =
  "Indicators_Information_Code,LA_Information_LocalAuthority,LA_Data_LGBF_Year,LA_Data_LA_IndicatorReal,Scotland_Data_Scotland_Indicator_Real,FG_Data_FG_Avg_Indicator_Real,Indicators_Information_Title\r\n";
const LGBF_GOOD =
  LGBF_HEADER +
  [
    "HSN04b,Angus,2023-24,8.5,9.2,8.0,Average time to complete non-emergency repairs (days)",
    "HSN4b,Moray,2023-24,6.2,9.2,8.0,Average time to complete non-emergency repairs (days)",
    "HSN4b,Stirling,2023-24,9.1,9.2,8.0,Average time to complete non-emergency repairs (days)",
    "HSN4b,East Lothian,2023-24,7,9.2,8.0,Average time to complete non-emergency repairs (days)",
    "HSN4b,Highland,2023-24,10.3,9.2,8.0,Average time to complete non-emergency repairs (days)",
    "HSN4b,Glasgow City,2023-24,5,9.2,9.9,Average time to complete non-emergency repairs (days)",
    "HSN4b,Angus,2022-23,9.5,9.9,8.8,Average time to complete non-emergency repairs (days)",
    "HSN4b,Scotland,2023-24,9.2,9.2,,Average time to complete non-emergency repairs (days)",
  ].join("\r\n") +
  "\r\n";
const LGBF_BAD = LGBF_HEADER + "HSN4b,Angus,2023-24,8.5,9.2,8.0,x\r\nHSN4b,Moray,2023-24,abc,9.2,8.0,x\r\n";

// Full-speed typing: every keystroke saves, and fast saves must never make two versions.
const type = (page, text) => page.keyboard.type(text);

/** Presses Tab (or Shift+Tab) until `locator` has focus: how a keyboard user gets there. */
async function tabTo(page, locator, { back = false, max = 120 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await locator.evaluate((el) => el === document.activeElement, undefined, { timeout: 2_000 }).catch(() => false)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`could not reach ${locator} by keyboard`);
}

/** Tabs to a field and types into it (replacing what is there). */
async function typeInto(page, locator, text) {
  await tabTo(page, locator);
  await page.keyboard.press("ControlOrMeta+a");
  await type(page, text);
}

/** The three boxes of a GOV.UK date input, as the person sees them ("3", "3", "2027"). */
const boxes = (ms) => {
  const [y, m, d] = iso(ms).split("-");
  return [String(Number(d)), String(Number(m)), y];
};

/** Tabs to a GOV.UK date input and types the day, month and year into its three boxes. */
async function typeDate(page, id, ms) {
  const parts = ["day", "month", "year"];
  const values = boxes(ms);
  for (let k = 0; k < 3; k++) {
    await typeInto(page, page.locator(`#${id}-${parts[k]}`), values[k]);
  }
  await page.keyboard.press("Tab"); // leaving the date, as a person would
  await expectDate(page, id, ms);
}

/** The date input shows this date. */
async function expectDate(page, id, ms) {
  const values = boxes(ms);
  for (const [k, part] of ["day", "month", "year"].entries()) {
    await expect(page.locator(`#${id}-${part}`), `${id} ${part}`).toHaveValue(values[k]);
  }
}

async function activate(page, locator) {
  await tabTo(page, locator);
  await page.keyboard.press("Enter");
}

/** Screenshots at desktop width and at 320px, then back to desktop. */
async function shoot(page, name) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 320, height: 800 });
  await page.screenshot({ path: `${SHOTS}/${name}-320.png`, fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways at 320px`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function checkPage(page, name) {
  await expectNoAxeViolations(page, name);
  await shoot(page, name);
}

const h1 = (page) => page.getByRole("heading", { level: 1 });
const saveAndContinue = (page) => page.getByRole("button", { name: "Save and continue" });

/** From the task list, opens a section by keyboard. */
async function openSection(page, name) {
  await activate(page, page.getByRole("link", { name, exact: true }));
  await expect(h1(page)).toHaveText(name);
}

function taskStatus(page, name) {
  return page.getByRole("listitem").filter({ has: page.getByRole("link", { name, exact: true }) }).locator("strong");
}

/** Unfolded VEVENTs of an .ics file as objects of property name (with params) → value. */
function parseEvents(text) {
  const lines = text.replace(/\r\n[ \t]/g, "").split("\r\n");
  const events = [];
  let current = null;
  for (const line of lines) {
    if (line === "BEGIN:VEVENT") current = {};
    else if (line === "END:VEVENT") {
      events.push(current);
      current = null;
    } else if (current) {
      const at = line.indexOf(":");
      current[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return events;
}

test("a host lead sets up a whole review by keyboard, and it survives a reload and going offline", async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1280, height: 900 });

  // Create the review from the home page.
  await page.goto("/");
  await expect(h1(page)).toBeVisible();
  await activate(page, page.getByRole("link", { name: "Create a new review" }));
  await expect(page).toHaveURL(/\/reviews\/new$/);
  await typeInto(page, page.getByLabel("Review name"), "Angus housing repairs");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/reviews\/[^/]+$/);
  const reviewId = new URL(page.url()).pathname.split("/")[2];
  const base = `/reviews/${reviewId}`;

  // The review's overview links to set-up.
  await activate(page, page.getByRole("link", { name: "Set up the review" }));
  await expect(page).toHaveURL(`${base}/setup`);
  await expect(h1(page)).toHaveText("Set up the review");
  await expect(page.locator("#setup-progress")).toHaveText("You have completed 0 of 6 required sections. The readiness questions are optional.");
  await checkPage(page, "01-task-list-empty");

  // --- Host and focus: first an attempt with gaps, to see the error summary.
  await openSection(page, "Host and focus");
  await expect(page.getByLabel("Review name")).toHaveValue("Angus housing repairs");
  await activate(page, saveAndContinue(page));
  const summary = page.locator(".error-summary");
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("Select the host council");
  await expect(summary).toContainText("Select whether the review is of people services or other services");
  await expect(page).toHaveURL(`${base}/setup/about`);
  await checkPage(page, "02-about-errors");
  // The summary links move focus to the field.
  await summary.getByRole("link", { name: "Select the host council" }).click();
  await expect(page.locator("#host")).toBeFocused();

  const host = page.getByLabel("Host local authority");
  await tabTo(page, host, { back: true });
  await type(page, "Angus");
  await expect(host).toHaveValue("angus");
  await page.keyboard.press("Tab"); // into the service type radios: the first is focused
  await expect(page.getByLabel("People services")).toBeFocused();
  await page.keyboard.press("Space");
  await expect(page.getByLabel("People services")).toBeChecked();
  // The guidance's two routes to a review: the LGBF Board's request, or the host's own choice.
  await expect(page.getByRole("group", { name: "How did the review come about?" })).toContainText(
    "The LGBF Board's deep dive into a priority shared by councils identified this service or area.",
  );
  await tabTo(page, page.getByLabel("Requested by the LGBF Board"));
  await page.keyboard.press("ArrowDown");
  await expect(page.getByLabel("The host put itself forward")).toBeChecked();
  await typeInto(page, page.getByLabel("Focus of the collaborative improvement"), "Housing repairs and voids");
  await typeInto(page, page.getByLabel("Rationale for the focus"), "Repair times are an outlier in the LGBF.");
  await activate(page, saveAndContinue(page));
  await expect(page).toHaveURL(`${base}/setup`);
  await expect(taskStatus(page, "Host and focus")).toHaveText("Completed");

  // --- Leads.
  await openSection(page, "Leads");
  await typeInto(page, page.locator("#is-lead-name"), "Ann Smith");
  await typeInto(page, page.locator("#is-lead-email"), "ann.example.com");
  await typeInto(page, page.locator("#host-lead-name"), "Bob Jones");
  await typeInto(page, page.locator("#host-lead-email"), "bob@angus.gov.uk");
  await typeInto(page, page.locator("#host-lead-phone"), "01307 473 000");
  await activate(page, saveAndContinue(page));
  await expect(summary).toContainText("Enter an email address in the correct format, like name@example.com");
  await expect(page.locator("#is-lead-email")).toHaveAttribute("aria-invalid", "true");
  await checkPage(page, "03-leads-error");
  await typeInto(page, page.locator("#is-lead-email"), "ann@improvementservice.org.uk");
  await activate(page, saveAndContinue(page));
  await expect(taskStatus(page, "Leads")).toHaveText("Completed");

  // --- Team: an Improvement Service member and a peer reviewer from health.
  await openSection(page, "Team members");
  await activate(page, page.getByRole("button", { name: "Add a team member" }));
  await expect(page.locator("#team-0-name")).toBeFocused();
  await type(page, "Ann Smith");
  await page.keyboard.press("Tab");
  await type(page, "Improvement Service");
  await tabTo(page, page.locator("#team-0-role-1")); // role radios: "Host local authority" is preselected
  await page.keyboard.press("ArrowUp");
  await expect(page.locator("#team-0-role-0")).toBeChecked();
  await page.keyboard.press("Tab"); // organisation type: "Council"
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("#team-0-org-type-1")).toBeChecked();
  await activate(page, page.getByRole("button", { name: "Add another team member" }));
  await expect(page.locator("#team-1-name")).toBeFocused();
  await type(page, "Dr Jo Brown");
  await page.keyboard.press("Tab");
  await type(page, "NHS Tayside");
  // Job title and contact details are optional.
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Job title (optional)").nth(1)).toBeFocused();
  await type(page, "Consultant in public health");
  await page.keyboard.press("Tab");
  await type(page, "jo.brown@nhs.scot");
  await tabTo(page, page.locator("#team-1-role-1"));
  await page.keyboard.press("ArrowDown");
  await expect(page.locator("#team-1-role-2")).toBeChecked(); // Peer reviewer
  await page.keyboard.press("Tab");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("#team-1-org-type-2")).toBeChecked(); // Health
  // Each part of the team is described, with the confidentiality principle.
  await page.getByText("What each part of the team does").click();
  await expect(page.locator(".roles")).toContainText("A peer reviewer is a critical friend");
  await expect(page.getByText("Everyone in the review team keeps the host's documents confidential", { exact: false })).toBeVisible();
  await checkPage(page, "04-team");
  await activate(page, saveAndContinue(page));
  await expect(taskStatus(page, "Team members")).toHaveText("Completed");

  // --- Timeline: fieldwork dates, then suggestions, then a short pre-meeting gap.
  await openSection(page, "Timeline");
  await expect(page.getByRole("button", { name: "Use suggested dates" })).toBeDisabled();
  await typeDate(page, "fieldwork-start", start);
  await typeDate(page, "fieldwork-end", end);
  await activate(page, page.getByRole("button", { name: "Use suggested dates" }));
  await expect(page.getByText("Suggested 7 dates from the guidance.", { exact: false })).toBeVisible();
  for (const [id, ms] of Object.entries(expected)) {
    await expectDate(page, id, ms);
    await expect(page.locator(`#${id}-suggested`)).toHaveText("Suggested from the guidance.");
  }
  await expect(page.locator(".warning-text")).toHaveCount(0);
  await typeDate(page, "pre-meeting", start - 7 * DAY);
  await expect(page.locator("#pre-meeting-suggested")).toHaveCount(0);
  const warning = page.locator("#pre-meeting-warnings .warning-text");
  await expect(warning).toContainText(
    "The team pre-meeting is only 7 days before fieldwork. The guidance says at least 2 weeks before.",
  );
  await checkPage(page, "05-timeline-warning");
  // A warning never blocks.
  await activate(page, saveAndContinue(page));
  await expect(page).toHaveURL(`${base}/setup`);
  await expect(taskStatus(page, "Timeline")).toHaveText("Completed");
  await expect(page.getByText("1 warning about the guidance")).toBeVisible();

  // --- Self-assessment checklist settings.
  await openSection(page, "Self-assessment checklist");
  // The closing date suggested on the timeline is here too, with the same hint.
  await expectDate(page, "checklist-closes", start - 21 * DAY);
  await expect(page.locator("#checklist-closes-hint")).toContainText(
    `a closing date of ${longDate(start - 21 * DAY)} leaves a week to analyse the responses`,
  );
  await expect(page.getByText("Groups are optional: with none, respondents are not asked.", { exact: false })).toBeVisible();
  await expect(page.getByLabel("No, responses are anonymous")).toBeChecked();
  await activate(page, page.getByRole("button", { name: "Add another group" }));
  await expect(page.locator("#respondent-group-5")).toBeFocused();
  await type(page, "Tenant representative");
  await checkPage(page, "06-checklist");
  await activate(page, saveAndContinue(page));
  await expect(taskStatus(page, "Self-assessment checklist")).toHaveText("Completed");

  // --- Is PCI right for us? Six questions, each answered by keyboard.
  await openSection(page, "Is peer collaborative improvement right for us?");
  await expect(page.getByText("They are optional", { exact: false })).toBeVisible();
  for (let i = 0; i < 5; i++) {
    await tabTo(page, page.locator(`#readiness-${i}-0`));
    await page.keyboard.press(i === 0 ? "ArrowRight" : "Space"); // question 1: "Partly"
  }
  await expect(page.locator("#readiness-0-1")).toBeChecked();
  await expect(page.locator("#readiness-4-0")).toBeChecked();
  // Question 6, the added value, is answered in words.
  await expect(page.locator("#readiness-5-0")).toHaveCount(0);
  await typeInto(
    page,
    page.getByLabel("6. What will be the added value to the service or area of activity of hosting peer collaborative improvement? (optional)"),
    "Challenge from councils that know housing.",
  );
  await typeInto(page, page.locator("#readiness-0-notes"), "Fife reviewed repairs in 2023.");
  await checkPage(page, "07-readiness");
  await activate(page, saveAndContinue(page));
  await expect(taskStatus(page, "Is peer collaborative improvement right for us?")).toHaveText("Completed");

  // --- Councils to approach, chosen with family-group help.
  await openSection(page, "Councils to approach for peer reviewers");
  await activate(page, page.getByRole("link", { name: "Choose councils with family-group help" }));
  await expect(page).toHaveURL(`${base}/peers`);
  await expect(page.getByText("Angus is in LGBF family group 2 for people services.", { exact: false })).toBeVisible();
  await expect(page.getByText("Family groups from Improvement Service, How do we compare councils, data version 1.")).toBeVisible();
  const sameGroup = page.getByRole("group", { name: "Councils in the same family group (2)" });
  await expect(sameGroup.getByRole("checkbox")).toHaveCount(7);
  await expect(sameGroup).toContainText("Same family group (2)");
  const firstCandidate = await page.locator("input[name=candidates]").first().getAttribute("id");
  expect(firstCandidate).toBe("candidate-argyll-and-bute");
  for (const name of ["East Lothian", "Moray", "Stirling"]) {
    const box = page.getByRole("checkbox", { name: new RegExp(`^${name} Same family group`) });
    await tabTo(page, box);
    await page.keyboard.press("Space");
    await expect(box).toBeChecked();
  }
  await expect(page.getByText("You have chosen 3 organisations.")).toBeVisible();
  // Why each was chosen.
  for (const [i, reasons] of [[0, [2, 3]], [1, [0, 4]], [2, [2]]]) {
    for (const k of reasons) {
      await tabTo(page, page.locator(`#peer-${i}-reason-${k}`));
      await page.keyboard.press("Space");
    }
  }
  await typeInto(page, page.locator("#peer-1-rationale"), "Top quartile for repair times.");
  await expect(page.locator("#peer-1-reason-0")).toBeChecked();

  // LGBF data: a malformed file names the line and column; a good one ranks the candidates.
  const file = page.getByLabel("Upload an LGBF data file (CSV)");
  await file.setInputFiles({ name: "lgbf-bad.csv", mimeType: "text/csv", buffer: Buffer.from(LGBF_BAD) });
  await expect(summary).toContainText(
    'lgbf-bad.csv could not be used. Line 3, column LA_Data_LA_IndicatorReal: "abc" is not a number',
  );
  await checkPage(page, "08-peers-csv-error");
  await file.setInputFiles({ name: "lgbf.csv", mimeType: "text/csv", buffer: Buffer.from(LGBF_GOOD) });
  await expect(summary).toHaveCount(0);
  await expect(page.getByText("lgbf.csv loaded: 8 rows, 1 indicator.")).toBeVisible();
  await expect(page.getByLabel("Indicator")).toHaveValue("HSN04b");
  await expect(page.locator("#lgbf-year")).toHaveValue("2023-24");
  const lower = page.getByLabel("Lower values");
  await tabTo(page, page.getByLabel("Higher values"));
  await page.keyboard.press("ArrowRight");
  await expect(lower).toBeChecked();
  const hostTable = page.locator("#lgbf-summary");
  await expect(hostTable.getByRole("row", { name: /Angus \(host\)/ })).toContainText("8.5");
  await expect(hostTable.getByRole("row", { name: /Family group 2 average/ })).toContainText("8");
  await expect(hostTable.getByRole("row", { name: /Scotland/ })).toContainText("9.2");
  const ranked = page.locator("#lgbf-ranked tbody tr");
  await expect(ranked.nth(0)).toContainText("1Glasgow City5Better");
  await expect(ranked.nth(1)).toContainText("2Moray6.2BetterSameYes");
  await expect(ranked.nth(2)).toContainText("3East Lothian7BetterSameYes");
  await expect(ranked.nth(3)).toContainText("4Stirling9.1Not betterSameYes");
  await expect(ranked.nth(4)).toContainText("5Highland10.3Not betterSameNo");
  await expect(ranked).toHaveCount(5);
  await expect(page.getByText("The file has no value for 26 other councils:")).toBeVisible();
  // At 320 px the tables scroll inside a labelled region, and no number or word is broken
  // across lines (checked word by word from the text's line boxes, not by eye).
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 800 });
  await expect(page.getByRole("region", { name: /candidate councils ranked/ })).toBeVisible();
  const broken = await page.evaluate(() => {
    const out = [];
    for (const cell of document.querySelectorAll("#lgbf-summary th, #lgbf-summary td, #lgbf-ranked th, #lgbf-ranked td")) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.textContent.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (tops.size > 1) out.push(m[0]);
        }
      }
    }
    return out;
  });
  expect(broken, "numbers or words broken across lines at 320px").toEqual([]);
  await expectNoAxeViolations(page, "LGBF tables at 320px");
  await page.setViewportSize(size);
  await checkPage(page, "09-peers");
  // The comparison chosen comes back with the page.
  await page.reload();
  await expect(page.getByLabel("Indicator")).toHaveValue("HSN04b");
  await expect(lower).toBeChecked();
  // Removing a peer drops its reasons too, so it can be undone.
  await activate(page, page.getByRole("button", { name: "Remove Moray" }));
  await expect(page.locator("#peer-removed")).toContainText("Moray removed. The reasons you gave for it went with it.");
  await expect(page.getByRole("heading", { level: 3 })).toHaveText(["East Lothian", "Stirling"]);
  await expect(page.getByRole("button", { name: /^Undo\s+removing Moray$/ })).toBeFocused();
  await checkPage(page, "09b-peer-removed");
  await page.keyboard.press("Enter");
  await expect(page.locator("#peer-removed")).toHaveCount(0);
  await expect(page.locator("#peer-1-reason-0")).toBeFocused();
  await expect(page.getByRole("heading", { level: 3 })).toHaveText(["East Lothian", "Moray", "Stirling"]);
  await expect(page.locator("#peer-1-rationale")).toHaveValue("Top quartile for repair times.");
  await expect(page.locator("#peer-1-reason-0")).toBeChecked();
  await activate(page, page.getByRole("link", { name: "Continue" }));
  await expect(page).toHaveURL(`${base}/setup/peer-councils`);
  await expect(page.getByRole("heading", { level: 3 })).toHaveText(["East Lothian", "Moray", "Stirling"]);
  await checkPage(page, "10-peer-councils");
  await activate(page, saveAndContinue(page));
  await expect(taskStatus(page, "Councils to approach for peer reviewers")).toHaveText("Completed");
  await expect(page.locator("#setup-progress")).toHaveText("You have completed 6 of 6 required sections. The readiness questions are optional.");
  await checkPage(page, "11-task-list-complete");

  // --- Check your answers.
  await activate(page, page.getByRole("link", { name: "Check your answers" }));
  await expect(h1(page)).toHaveText("Check your answers");
  await expect(page.getByRole("region", { name: "Set-up complete" })).toBeVisible();
  const answers = async () => {
    const rows = page.locator(".summary-list__row");
    await expect(rows.filter({ hasText: "Short name" })).toContainText("Angus housing repairs");
    await expect(rows.filter({ hasText: /^Host/ }).first()).toContainText("Angus");
    await expect(rows.filter({ hasText: "Service type" })).toContainText("People services");
    await expect(rows.filter({ hasText: "Improvement Service lead" })).toContainText("ann@improvementservice.org.uk");
    await expect(rows.filter({ hasText: "Moray" })).toContainText("Top quartile for repair times.");
    await expect(rows.filter({ hasText: "Peer reviewer" })).toContainText(
      "Dr Jo Brown (NHS Tayside, Health), Consultant in public health, jo.brown@nhs.scot",
    );
    await expect(rows.filter({ hasText: "Team pre-meeting" })).toContainText(
      new Date(start - 7 * DAY).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }),
    );
    await expect(rows.filter({ hasText: "Respondent groups" })).toContainText("Tenant representative");
    await expect(rows.filter({ hasText: "Are you aware of any other local authorities" })).toContainText(
      "Partly\nFife reviewed repairs in 2023.",
    );
  };
  await answers();
  // Fast autosaves left one version of the set-up, not edits to choose between.
  const heads = await page.evaluate(
    (id) =>
      new Promise((resolve) => {
        const open = indexedDB.open("critical-friend");
        open.onsuccess = () => {
          const all = open.result.transaction("revisions").objectStore("revisions").getAll();
          all.onsuccess = () => {
            const revs = all.result.map((v) => JSON.parse(v.json)).filter((r) => r.record_id === id);
            const parents = new Set(revs.flatMap((r) => r.parents));
            open.result.close();
            resolve(revs.filter((r) => !parents.has(r.rev_id)).length);
          };
        };
      }),
    reviewId,
  );
  expect(heads).toBe(1);
  await expect(page.getByRole("link", { name: "Change team pre-meeting" })).toHaveAttribute("href", `${base}/setup/timeline`);
  await checkPage(page, "12-check-answers");

  // --- Timeline: stage tracker, next milestone, calendar download.
  await page.goto(`${base}/timeline`);
  await expect(h1(page)).toHaveText("Timeline");
  const current = page.locator('.stages [aria-current="step"]');
  // A complete set-up is still getting ready: pre-work starts when the invitations go out.
  await expect(current).toContainText("Stage 1 of 5");
  await expect(current).toContainText("Getting ready");
  await expect(page.locator(".stages")).toContainText("Capturing findings, recording and reporting");
  await expect(page.locator("#timeline-checklist-closes")).toContainText(longDate(start - 21 * DAY));
  await expect(current).toContainText("Current stage");
  await expect(page.locator("#next-milestone")).toHaveText(
    `Next: Initial meeting to discuss the process, ${longDate(expected["initial-meeting"])}.`,
  );
  await expect(page.locator(".timeline-list .warning-text")).toHaveCount(1);
  await checkPage(page, "13-timeline");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    activate(page, page.getByRole("button", { name: "Download calendar (.ics)" })),
  ]);
  expect(download.suggestedFilename()).toBe("pci-timeline-angus-housing-repairs.ics");
  const ics = readFileSync(await download.path(), "utf8");
  expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
  const events = parseEvents(ics);
  expect(events).toHaveLength(8); // 9 dates, fieldwork start and end as one event
  expect(events.find((e) => e.SUMMARY.startsWith("PCI: Self-assessment checklist closes"))["DTSTART;VALUE=DATE"]).toBe(
    icsDate(start - 21 * DAY),
  );
  const fieldwork = events.find((e) => e.SUMMARY.startsWith("PCI: Fieldwork"));
  expect(fieldwork["DTSTART;VALUE=DATE"]).toBe(icsDate(start));
  expect(fieldwork["DTEND;VALUE=DATE"]).toBe(icsDate(end + DAY));
  expect(fieldwork.SUMMARY).toContain("Angus");
  const pre = events.find((e) => e.SUMMARY.startsWith("PCI: Team pre-meeting"));
  expect(pre["DTSTART;VALUE=DATE"]).toBe(icsDate(start - 7 * DAY));

  // --- Reload: everything is still there.
  await page.goto(`${base}/check-setup`);
  await page.reload();
  await expect(h1(page)).toHaveText("Check your answers");
  await answers();

  // --- Offline: close the network, reload, still there.
  await waitForServiceWorkerControl(page);
  await context.setOffline(true);
  try {
    await page.reload();
    await expect(h1(page)).toHaveText("Check your answers");
    await answers();
    await page.goto(`${base}/setup/timeline`).catch(() => {});
    await expectDate(page, "pre-meeting", start - 7 * DAY);
    await expect(page.locator("#pre-meeting-warnings .warning-text")).toHaveCount(1);
    await page.goto(`${base}/peers`).catch(() => {});
    await expect(page.getByRole("checkbox", { name: /^Moray/ })).toBeChecked();
    // The LGBF data kept in this browser is there too.
    await expect(page.locator("#lgbf-ranked")).toContainText("Glasgow City");
    await expect(page.locator("#lgbf-summary")).toContainText("8.5");
  } finally {
    await context.setOffline(false);
  }
});

test("set-up pages for a review that is not in this browser say so", async ({ page }) => {
  for (const path of ["setup", "setup/about", "check-setup", "timeline", "peers"]) {
    await page.goto(`/reviews/nope/${path}`);
    await expect(h1(page)).toHaveText("Review not found");
  }
  await expectNoAxeViolations(page, "review not found");
});
