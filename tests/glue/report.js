// Opens a review page (ppstudio report) in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core), with the network refused, and prints what a reader's browser
// did, as JSON:
//
//   node report.js PAGE.html [SHOTS_DIR]
//
// { "console": [{type, text}], "pageErrors": [...], "requests": [urls other than the page],
//   "dialogs": n (alert/confirm a script would open), "forms": [{step, locale, html}] (each
//   data-step element's content, normalised as MARKUP.md says), "headings": [levels in order],
//   "landmarks": [...], "tablesWithoutHeaders": n, "shots": [files] }
//
// With SHOTS_DIR it also writes report-top.png, report-step.png, report-chart.png and
// report-print.png (the first printed page).
"use strict";

const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");
const { normalise } = require("./normalise");

const [file, shots] = process.argv.slice(2);
const url = "file://" + path.resolve(file);

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.PPSTUDIO_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  // The network is off: any request but the page itself is recorded and refused.
  const requests = [];
  await context.route("**/*", (route) => {
    const u = route.request().url();
    if (u === url) {
      return route.continue();
    }
    requests.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  const consoleMessages = [];
  const pageErrors = [];
  let dialogs = 0;
  page.on("console", (m) => consoleMessages.push({ type: m.type(), text: m.text() }));
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("dialog", (d) => { dialogs += 1; d.dismiss().catch(() => {}); });
  await page.goto(url, { waitUntil: "load" });
  const found = await page.evaluate(`(() => {
    ${normalise.toString()}
    const forms = Array.from(document.querySelectorAll("[data-step]")).map((el) => ({
      step: el.getAttribute("data-step"), locale: el.getAttribute("data-locale"),
      html: normalise(el) }));
    const headings = Array.from(document.querySelectorAll("h1,h2,h3,h4,h5,h6"))
      .map((h) => Number(h.tagName.slice(1)));
    const landmarks = Array.from(document.querySelectorAll("header,main,nav,footer"))
      .map((e) => e.tagName.toLowerCase());
    const tablesWithoutHeaders = Array.from(document.querySelectorAll("table"))
      .filter((t) => !t.querySelector("th")).length;
    return { forms, headings, landmarks, tablesWithoutHeaders };
  })()`);
  const written = [];
  if (shots) {
    fs.mkdirSync(shots, { recursive: true });
    const shot = async (name, target) => {
      const p = path.join(shots, name);
      await target.screenshot({ path: p });
      written.push(p);
    };
    await shot("report-top.png", page);
    const step = page.locator("section.step").first();
    if (await step.count()) {
      await shot("report-step.png", step);
    }
    const chart = page.locator("figure").first();
    if (await chart.count()) {
      await shot("report-chart.png", chart);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 794, height: 1123 });
    await shot("report-print.png", page);
  }
  await browser.close();
  process.stdout.write(JSON.stringify(Object.assign({ console: consoleMessages, pageErrors,
    requests, dialogs, shots: written }, found)));
})().catch((e) => {
  process.stderr.write(String(e && e.stack || e));
  process.exit(1);
});
