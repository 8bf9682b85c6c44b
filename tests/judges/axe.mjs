// Runs axe-core over every HTML page of one or more built sites, in Debian's headless Chromium,
// once in the light and once in the dark colour scheme, in a single browser session, with every
// <details> opened; and once with the header's search box open on a query.
//
//   node axe.mjs MODULES_DIR SITE_DIR@/mount/path/ [SITE_DIR@/mount/path/ ...]
//
// Each site is served over HTTP at its mount path (as a static host would, with 404.html for
// missing addresses), so a site built for a sub-path is judged at that sub-path. Prints one line
// per violation and a summary; exits 1 when there is any violation, 2 when it cannot run.
// The browser is never downloaded: Chromium comes from the system (CHROMIUM, default
// /usr/bin/chromium).

import { createRequire } from "node:module";
import { createServer } from "node:http";
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";

const [modules, ...sites] = process.argv.slice(2);
if (!modules || sites.length === 0) {
  console.error("usage: node axe.mjs MODULES_DIR SITE_DIR@/mount/path/ ...");
  process.exit(2);
}
const require = createRequire(path.join(modules, "node_modules", "noop.js"));
const { chromium } = require("playwright-core");
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".js": "text/javascript",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".csv": "text/csv",
  ".woff2": "font/woff2",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain",
};

/** Every .html file under dir, as paths relative to it, sorted. */
async function htmlFiles(dir, prefix = "") {
  const out = [];
  for (const entry of (await readdir(path.join(dir, prefix), { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    const rel = path.posix.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await htmlFiles(dir, rel)));
    else if (entry.name.endsWith(".html")) out.push(rel);
  }
  return out;
}

/** A static file server for the mounted sites: `/mount/x/` serves `x/index.html`. */
function serve(mounts) {
  return createServer(async (req, res) => {
    const url = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    const mount = mounts.find((m) => url.startsWith(m.path));
    if (!mount || url.includes("..")) {
      res.writeHead(404).end();
      return;
    }
    let file = path.join(mount.dir, url.slice(mount.path.length));
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      const body = await readFile(path.join(mount.dir, "404.html")).catch(() => "");
      res.writeHead(404, { "content-type": TYPES[".html"] }).end(body);
    }
  });
}

const mounts = sites.map((spec) => {
  const at = spec.lastIndexOf("@");
  return { dir: path.resolve(spec.slice(0, at)), path: spec.slice(at + 1) };
});
const server = serve(mounts);
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
  ],
});

/** Every file under dir (relative paths), sorted. */
async function allFiles(dir, prefix = "") {
  const out = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.posix.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await allFiles(dir, rel)));
    else out.push(rel);
  }
  return out.sort();
}

/** Whether two files hold the same bytes. */
async function same(a, b) {
  const [x, y] = await Promise.all([readFile(a), readFile(b).catch(() => null)]);
  return y !== null && x.equals(y);
}

// A page of a later mount renders exactly as the first mount's page at the same path when its
// bytes are the same, it names nothing by a root-absolute address (which would resolve
// differently under another mount), and every file it could load (all but HTML pages and the
// sitemap) is the same too.
// Such pages are counted but not judged twice.
const ROOT_ABSOLUTE = /(?:href|src|action|srcset)\s*=\s*["']?\/(?!\/)|url\(\s*["']?\/(?!\/)/i;
async function judgedPages(mount, first) {
  const pages = await htmlFiles(mount.dir);
  if (!first) return { pages, repeated: 0 };
  for (const rel of await allFiles(mount.dir)) {
    if (!/\.(html|xml)$/.test(rel) && !(await same(path.join(mount.dir, rel), path.join(first.dir, rel)))) {
      return { pages, repeated: 0 };
    }
  }
  const kept = [];
  for (const rel of pages) {
    const file = path.join(mount.dir, rel);
    const text = await readFile(file, "utf8");
    if (ROOT_ABSOLUTE.test(text) || !(await same(file, path.join(first.dir, rel)))) kept.push(rel);
  }
  return { pages: kept, repeated: pages.length - kept.length };
}

/** Loads one page and runs axe on it in both colour schemes; returns its violations, and
 * each file the page loads that fails (a stylesheet missing under a sub-path, say) as one too. */
async function judge(page, url) {
  const found = [];
  const failed = (response) => {
    if (response.status() >= 400 && response.url() !== url) {
      found.push({ id: "failed-request", impact: "serious", help: `${response.status()} for a file the page loads`, targets: [response.url()], scheme: "light" });
    }
  };
  page.on("response", failed);
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto(url, { waitUntil: "load" });
  page.off("response", failed);
  await axeInPage(page, found);
  return found;
}

/** Runs axe on the page as it is now, in both colour schemes, adding to `found`. Folded
 * content (every <details>) is opened first, so that what it holds is judged too. */
async function axeInPage(page, found) {
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
  await page.addScriptTag({ content: axeSource });
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ["violations"] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(" ")),
      }));
    });
    found.push(...violations.map((v) => ({ ...v, scheme })));
  }
}

const queue = [];
let repeated = 0;
for (const [i, mount] of mounts.entries()) {
  const chosen = await judgedPages(mount, i === 0 ? null : mounts[0]);
  repeated += chosen.repeated;
  for (const rel of chosen.pages) {
    const address = mount.path + rel.replace(/(^|\/)index\.html$/, "$1");
    // 404.html is judged where a host shows it: at an address that does not exist, deep down.
    const url = origin + (rel === "404.html" ? mount.path + "no/such/page/" : address);
    queue.push({ address, url });
  }
}

// A few tabs of the one browser share the queue: axe is CPU-bound inside the page.
const tabs = Math.max(1, Number(process.env.JUDGE_TABS || 2));
const results = new Array(queue.length);
let next = 0;
await Promise.all(
  Array.from({ length: tabs }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    while (next < queue.length) {
      const index = next++;
      results[index] = await judge(page, queue[index].url);
    }
    await page.close();
  }),
);

// A state only the script shows: the header's search open, its first option active.
{
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(origin + mounts[0].path, { waitUntil: "load" });
  const found = [];
  if (await page.$("#site-search-input")) {
    await page.click("#site-search-input");
    await page.keyboard.type(process.env.JUDGE_QUERY || "open innovation");
    await page.waitForSelector("#site-search-results [role=option]", { timeout: 5000 }).catch(() => {
      found.push({ id: "search-no-results", impact: "serious", help: "the search box showed no option", targets: [], scheme: "light" });
    });
    await page.keyboard.press("ArrowDown");
    await axeInPage(page, found);
  }
  queue.push({ address: `${mounts[0].path} (search open)` });
  results.push(found);
  await page.close();
}

let violations = 0;
const byRule = new Map();
for (const [index, found] of results.entries()) {
  for (const v of found) {
    violations += 1;
    byRule.set(v.id, (byRule.get(v.id) ?? 0) + 1);
    const where = v.targets.slice(0, 3).join(", ") + (v.targets.length > 3 ? ", …" : "");
    console.log(`${queue[index].address} [${v.scheme}] ${v.impact} ${v.id}: ${v.help} (${where})`);
  }
}
const pages = queue.length - 1;
await browser.close();
server.close();

const rules = [...byRule].map(([id, n]) => `${id} ${n}`).join(", ");
console.log(
  `axe-core: ${pages} pages and the open search box × light and dark, every <details> open ` +
    `(${repeated} more pages identical to a page already judged), ` +
    `${violations} violations${rules ? ` (${rules})` : ""}`,
);
process.exit(violations === 0 ? 0 : 1);
