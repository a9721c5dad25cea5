// A keyboard-only stakeholder: focus goes to the new page's heading after every page change,
// the file chooser shows where focus is, and answering all 61 statements costs one Tab stop per
// statement, not two ("Clear answer" is not in the Tab order; Delete clears an answer).
import { test, expect, expectNoAxeViolations } from "./support/fixtures.mjs";
import { createReview, downloadInvitation } from "./support/app.mjs";

const heading = (page) => page.locator("main h1");

/** Tab presses for the whole self-assessment before this change, as reported in issue 12. */
const TABS_BEFORE = 273;
/** The same journey counted by this test's own loop on the build before this change: 140, two
 *  stops per statement (the radio group, then "Clear answer") + 12 comment boxes + 6 buttons. */
const TABS_BEFORE_THIS_LOOP = 140;

/** The focus ring as computed: outline and box shadow. */
const ring = (locator) =>
  locator.evaluate((el) => {
    const s = getComputedStyle(el);
    return { outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow };
  });

test("keyboard-only stakeholder: focus on each new heading, few Tab stops, visible file focus", async ({
  page,
  newContext,
  baseURL,
}, testInfo) => {
  test.setTimeout(240_000);
  const id = await createReview(page, "Keyboard review");
  const file = testInfo.outputPath("invitation.pcibundle");
  await downloadInvitation(page, id, file);

  const ctx = await newContext({ baseURL });
  const p = await ctx.newPage();
  await p.goto("/import");
  await expect(heading(p)).toHaveText("Import files");

  // The file chooser's focus is as visible as any other control's (the yellow ring).
  const chooser = p.getByLabel("Choose files to import");
  const unfocused = await ring(chooser);
  await chooser.focus();
  const focused = await ring(chooser);
  expect(focused).not.toEqual(unfocused);
  expect(focused.outline).toBe("solid 3px rgb(255, 221, 0)");
  expect(focused.shadow).not.toBe("none");
  await expectNoAxeViolations(p, "import with the file chooser focused");

  // Choosing files: focus stays on the chooser when it has it, and is never lost.
  await chooser.setInputFiles(file);
  await expect(p.getByRole("button", { name: "Import 1 file" })).toBeVisible();
  await expect(chooser).toBeFocused();
  await chooser.setInputFiles([]);
  await p.locator("body").evaluate(() => document.activeElement?.blur());
  await chooser.setInputFiles(file);
  await expect(p.locator(".import-item[data-state='ready']")).toHaveCount(2);
  await expect(heading(p)).toBeFocused();
  await expectNoAxeViolations(p, "import with files chosen");

  // Import: the invitation's start page, focus on its heading.
  await p.getByRole("button", { name: "Import 2 files" }).focus();
  await p.keyboard.press("Enter");
  await expect(p.locator(".import-item[data-state='imported']")).toHaveCount(2);
  await expect(heading(p)).toBeFocused();
  // One invitation goes straight to it.
  await p.goto("/import");
  await p.getByLabel("Choose files to import").setInputFiles(file);
  await p.getByRole("button", { name: "Import 1 file" }).focus();
  await p.keyboard.press("Enter");
  await p.waitForURL(new RegExp(`/respond/${id}$`));
  await expect(heading(p)).toHaveText("Keyboard review");
  await expect(heading(p)).toBeFocused();
  await expectNoAxeViolations(p, "start page, heading focused");

  // Start now: the task list, focus on its heading.
  await p.locator("#start-now").focus();
  await p.keyboard.press("Enter");
  await p.waitForURL(/\/sections$/);
  await expect(heading(p)).toHaveText("Self-assessment checklist");
  await expect(heading(p)).toBeFocused();
  await expectNoAxeViolations(p, "sections, heading focused");
  await p.locator(".task-list__item a").first().focus();
  await p.keyboard.press("Enter");
  await p.waitForURL(/\/section\/sp$/);
  await expect(heading(p)).toBeFocused();

  // All 61 statements and every comment by keyboard alone: Tab to move, arrow keys to choose.
  let tabs = 0;
  let answered = 0;
  while (!p.url().endsWith("/check")) {
    expect(tabs, "Tab presses so far").toBeLessThan(TABS_BEFORE_THIS_LOOP);
    await p.keyboard.press("Tab");
    tabs++;
    const at = await p.evaluate(() => {
      const a = document.activeElement;
      const group = a?.type === "radio" ? a.closest("fieldset") : null;
      return {
        tag: a?.tagName,
        type: a?.type,
        id: a?.id,
        unanswered: group ? !group.querySelector("input:checked") : false,
        empty: a?.tagName === "TEXTAREA" ? a.value === "" : false,
      };
    });
    if (at.type === "radio" && at.unanswered) {
      await p.keyboard.press("ArrowDown");
      answered++;
    } else if (at.tag === "TEXTAREA" && at.empty) {
      await p.keyboard.type("Typed by keyboard.");
    } else if (at.id === "save-continue") {
      await expect(p.locator(".saved-status").first()).toHaveText("Saved");
      await p.keyboard.press("Enter");
      // The next section (or check answers) arrives with focus on its heading.
      await expect(p.locator(".error-summary")).toHaveCount(0);
      await expect(heading(p)).toBeFocused();
    }
  }
  expect(answered).toBe(61);
  console.log(`Tab presses for 61 statements and 12 comments: ${tabs} (before: ${TABS_BEFORE_THIS_LOOP} by this loop, ${TABS_BEFORE} as reported)`);
  // Now 79: 61 statements + 12 comment boxes + 6 "Save and continue", one stop per statement.
  expect(tabs).toBe(79);
  expect(tabs).toBeLessThan(TABS_BEFORE_THIS_LOOP - 60);
  expect(tabs).toBeLessThan(TABS_BEFORE / 3);
  await expectNoAxeViolations(p, "section answered by keyboard (last seen)");

  // Check answers: heading focused, and again when arriving from the task list's button.
  await expect(heading(p)).toHaveText("Check your answers before sending");
  await expect(heading(p)).toBeFocused();
  await expect(p.locator("#check-progress")).toHaveText("61 of 61 answered.");
  await p.goto(`/respond/${id}/sections`);
  await p.locator("#to-check").focus();
  await p.keyboard.press("Enter");
  await p.waitForURL(/\/check$/);
  await expect(heading(p)).toBeFocused();
  await expectNoAxeViolations(p, "check answers, heading focused");

  // Continue to send: heading focused.
  await p.locator("#to-send").focus();
  await p.keyboard.press("Enter");
  await p.waitForURL(/\/send$/);
  await expect(heading(p)).toHaveText("Send your response");
  await expect(heading(p)).toBeFocused();
  await expectNoAxeViolations(p, "send, heading focused");
  await ctx.close();
});

test("a chosen answer is cleared from the keyboard, and the clear button is no Tab stop", async ({
  page,
  newContext,
  baseURL,
}, testInfo) => {
  test.setTimeout(120_000);
  const id = await createReview(page, "Clearing review");
  const file = testInfo.outputPath("invitation.pcibundle");
  await downloadInvitation(page, id, file);
  const ctx = await newContext({ baseURL });
  const p = await ctx.newPage();
  await p.goto("/import");
  await p.getByLabel("Choose files to import").setInputFiles(file);
  await p.getByRole("button", { name: "Import 1 file" }).click();
  await p.waitForURL(new RegExp(`/respond/${id}$`));
  await p.goto(`/respond/${id}/section/sp`);
  const first = p.locator("fieldset[id^='q-']").nth(0);
  const second = p.locator("fieldset[id^='q-']").nth(1);
  await first.locator("input[type=radio]").first().focus();
  await p.keyboard.press("Space");
  await expect(first.locator("input:checked")).toHaveCount(1);
  const clear = first.getByRole("button", { name: /^Clear answer/ });
  await expect(clear).toBeVisible();
  await expectNoAxeViolations(p, "section with an answer and its clear button");
  // The next Tab goes straight to the next statement, not to "Clear answer".
  await p.keyboard.press("Tab");
  await expect(second.locator("input[type=radio]").first()).toBeFocused();
  // Back to the answer, and Delete clears it.
  await p.keyboard.press("Shift+Tab");
  await expect(first.locator("input:checked")).toBeFocused();
  await p.keyboard.press("Delete");
  await expect(first.locator("input:checked")).toHaveCount(0);
  await expect(clear).toHaveCount(0);
  await expect(p.locator(".saved-status").first()).toHaveText("Saved");
  // The button still clears it for a pointer.
  await first.locator("input[type=radio]").nth(2).check();
  await clear.click();
  await expect(first.locator("input:checked")).toHaveCount(0);
  await ctx.close();
});
