import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatResult } from "../../src/formatters/index.js";
import type { AuditResult } from "../../src/types.js";
import { sampleRunsCopy } from "../helpers/sample-runs-copy.js";
import { FIXTURE, MISSING_MARKER_RUN, ODD_PATHS_RUN, PASSING_RUN, PREVIOUS, RULES } from "./fixture.js";

/**
 * The html report in a real browser: Debian's chromium, headless, driven by playwright-core.
 * `.ci/run` installs it; where it is absent these tests skip and say so.
 */
const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const repo = path.resolve(import.meta.dirname, "..", "..");
const bin = path.join(repo, "dist", "src", "cli", "bin.js");
/** The screenshot the README shows; rewritten only with UPDATE_EXPECTED=1, like the golden files. */
const SCREENSHOT = path.join(repo, "docs", "html-report.png");

const PAYLOAD_ID = `<script>window.__pwned = "id"</script>${MISSING_MARKER_RUN}`;
/** The fixture with markup in a run id, a message, a file name and a preview, as evidence could hold. */
const HOSTILE: AuditResult = {
  ...FIXTURE,
  runs: FIXTURE.runs.map((run) =>
    run.id !== MISSING_MARKER_RUN
      ? run
      : {
          ...run,
          id: PAYLOAD_ID,
          findings: run.findings.map((finding, i) =>
            i !== 0
              ? finding
              : { ...finding, message: `<img src="x" onerror="window.__pwned = 'message'">`, file: `"><svg onload="window.__pwned = 'file'">`, preview: "</code><script>window.__pwned = 'preview'</script>" },
          ),
        },
  ),
};

function writePage(html: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "ha-html-")), "report.html");
  writeFileSync(file, html);
  return pathToFileURL(file).href;
}

interface Visit {
  page: Page;
  /** Every URL the page asked for, itself included. */
  requests: string[];
  /** Console errors, Content-Security-Policy refusals among them. */
  errors: string[];
}

describe.skipIf(!hasChromium)(`the html report in headless Chromium${hasChromium ? "" : ` (skipped: no ${CHROMIUM}; apt-get install chromium)`}`, { timeout: 180_000 }, () => {
  let context: BrowserContext;

  beforeAll(async () => {
    context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), "ha-chromium-")), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1100, height: 900 },
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await context?.close();
  });

  async function visit(url: string): Promise<Visit> {
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(url, { waitUntil: "load" });
    return { page, requests, errors };
  }

  const shownRuns = (page: Page) =>
    page.$$eval("#runs-table tbody tr", (rows) => rows.filter((row) => !(row as HTMLElement).hidden).map((row) => row.querySelector("code")?.textContent ?? ""));

  it("shows evidence markup as text, runs nothing of it, and fetches nothing", async () => {
    const url = writePage(formatResult("html", HOSTILE, { color: false, rules: RULES, previous: PREVIOUS }));
    const { page, requests, errors } = await visit(url);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => document.scripts.length)).toBe(1);
    expect(await page.evaluate(() => document.querySelectorAll("img, svg, iframe, object, embed, link").length)).toBe(0);
    expect(await shownRuns(page)).toContain(PAYLOAD_ID);
    expect(await page.textContent("#run-2")).toContain(`<img src="x" onerror="window.__pwned = 'message'">`);
    // The page's own script ran (it fills in the count) and the policy refused nothing.
    expect(await page.textContent("#runs-shown")).toBe("3 of 3 runs shown");
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });

  it("filters the runs table, and the findings shown, by verdict, report status and category", async () => {
    const url = writePage(formatResult("html", FIXTURE, { color: false, rules: RULES, previous: PREVIOUS }));
    const { page, requests } = await visit(url);
    expect(await shownRuns(page)).toEqual([PASSING_RUN, MISSING_MARKER_RUN, ODD_PATHS_RUN]);

    await page.selectOption('select[data-filter="verdict"]', "fail");
    expect(await shownRuns(page)).toEqual([MISSING_MARKER_RUN, ODD_PATHS_RUN]);
    expect(await page.textContent("#runs-shown")).toBe("2 of 3 runs shown");
    expect(await page.isHidden("#run-1")).toBe(true);
    expect(await page.isVisible("#run-2")).toBe(true);

    await page.selectOption('select[data-filter="categories"]', "model");
    expect(await shownRuns(page)).toEqual([MISSING_MARKER_RUN]);
    expect(await page.isHidden("#run-3")).toBe(true);

    await page.selectOption('select[data-filter="verdict"]', "");
    await page.selectOption('select[data-filter="categories"]', "");
    await page.selectOption('select[data-filter="status"]', "none");
    expect(await shownRuns(page)).toEqual([ODD_PATHS_RUN]);
    await page.selectOption('select[data-filter="status"]', "s:pass");
    expect(await shownRuns(page)).toEqual([PASSING_RUN]);
    expect(requests).toEqual([url]);
    await page.close();
  });

  it("sorts the runs by a column, numbers as numbers, both ways", async () => {
    const url = writePage(formatResult("html", FIXTURE, { color: false, rules: RULES }));
    const { page } = await visit(url);
    await page.click("#runs-table th:nth-child(4) button"); // Errors: 0, 4, 2 in page order
    expect(await shownRuns(page)).toEqual([PASSING_RUN, ODD_PATHS_RUN, MISSING_MARKER_RUN]);
    expect(await page.getAttribute("#runs-table th:nth-child(4)", "aria-sort")).toBe("ascending");
    await page.click("#runs-table th:nth-child(4) button");
    expect(await shownRuns(page)).toEqual([MISSING_MARKER_RUN, ODD_PATHS_RUN, PASSING_RUN]);
    expect(await page.getAttribute("#runs-table th:nth-child(4)", "aria-sort")).toBe("descending");
    await page.close();
  });

  it.skipIf(!existsSync(bin))("renders the audit of sample-runs, filtered to the failing runs (the README's screenshot)", async () => {
    const cwd = path.dirname(sampleRunsCopy("ha-html-shot-").base);
    const out = path.join(cwd, "report.html");
    await promisify(execFile)(process.execPath, [bin, "--admissions", "sample-runs/admissions", "--format", "html", "--output", out, "sample-runs/harness-runs"], { cwd, env: { ...process.env, CI: "true" } }).catch((error: { code?: number }) => {
      if (error.code !== 1) throw error;
    });
    const url = pathToFileURL(out).href;
    const { page, requests, errors } = await visit(url);
    await page.selectOption('select[data-filter="verdict"]', "fail");
    const failing = await shownRuns(page);
    expect(failing.length).toBeGreaterThan(0);
    expect(await page.textContent("#runs-shown")).toBe(`${failing.length} of 27 runs shown`);
    await page.evaluate(() => window.scrollTo(0, 0));
    const png = await page.screenshot({ type: "png" });
    // A PNG of the viewport: its signature, then IHDR's width and height.
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1100, 900]);
    if (process.env.UPDATE_EXPECTED === "1") writeFileSync(SCREENSHOT, png);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });
});

describe("the committed screenshot", () => {
  it("is a PNG of the test's viewport", () => {
    const png = readFileSync(SCREENSHOT);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1100, 900]);
  });
});
