// Runs the trigger snippet in a browser-like page (jsdom: a DOM with events, DOMContentLoaded,
// clicks that bubble, localStorage and sessionStorage) with the stand-in library
// (standin.js), under a fake clock, and prints what happened as JSON.
//
//   node run.js SNIPPET.js SCENARIO.json
//
// The page is built as the snippet's header tells a site to: LoginRadiusV2.js, then the site's
// script (new LoginRadiusV2, progressiveProfiling.init() inside LRObject.util.ready), then the
// snippet, as inline scripts that run while the page is parsed. SCENARIO:
//   { "delay": ms before each server answer (default 300),
//     "steps": what the platform serves ({ProfilingSteps: [...]}),
//     "profile": the consumer's profile on the server (submits change it),
//     "lrOptions": options of new LoginRadiusV2 (default {}),
//     "tail": ms the clock runs after a page's last action (default 10000),
//     "pages": [ { "path": "/", "site": "ready" | "late" | "none" | "nolibrary",
//                  "start": ms the clock runs before the first action (default 0),
//                  "gap": ms it runs after each action (default 0),
//                  "token": true (a consumer logged in before this page) | false (logged out),
//                  "preset": window.ppstudio before the snippet (its options get the
//                            container "pp" and the site's callbacks unless "noContainer"),
//                  "actions": [ ["wait", ms], ["login", userId, loginCount?], ["logout"],
//                               ["click", elementId], ["event", name], ["submit", values?],
//                               ["dismiss"], ["setLocale", code], ["status"],
//                               ["onPageView", path], ["onClick", target],
//                               ["set", "debug", true] ] } ] }
// Output: { "records": [ { "t": ms since the page started, "page": index, "kind": ...,
//   ... } ], "pages": [ { "html": the container's normalised content at the end,
//   "session": {...}, "local": {...} } ] }.
"use strict";

const fs = require("fs");
const path = require("path");
const { JSDOM } = require("jsdom");
const FakeTimers = require("@sinonjs/fake-timers");

const [snippetPath, scenarioPath] = process.argv.slice(2);
const snippet = fs.readFileSync(snippetPath, "utf8");
const standin = fs.readFileSync(path.join(__dirname, "standin.js"), "utf8");
const scenario = JSON.parse(fs.readFileSync(scenarioPath, "utf8"));

const records = [];
const pages = [];
const server = {
  delay: scenario.delay === undefined ? 300 : scenario.delay,
  steps: scenario.steps || { ProfilingSteps: [] },
  profile: scenario.profile || {},
};

const { normalise } = require("./normalise");

function scriptText(code) {
  // Inline scripts: nothing in them may close the script element.
  if (/<\/script/i.test(code)) {
    throw new Error("a script holds </script>");
  }
  return "<script>" + code + "</script>";
}

const SITES = {
  ready: "LRObject.util.ready(function () {\n" +
    "  LRObject.progressiveProfiling.init();\n" +
    "  LRObject.init(\"login\", {});\n" +
    "});",
  late: "LRObject.util.ready(function () {\n" +
    "  LRObject.init(\"login\", {});\n" +
    "  window.setTimeout(function () { LRObject.progressiveProfiling.init(); }, 2000);\n" +
    "});",
  none: "LRObject.util.ready(function () { LRObject.init(\"login\", {}); });",
};

// jsdom fires DOMContentLoaded and load on turns of node's own event loop.
const turn = () => new Promise((resolve) => setImmediate(resolve));

let carried = { local: {}, session: {} };
async function runPage(page, index) {
  let clock = null;
  let window = null;
  let realStorage = null;
  const now = () => (clock ? clock.now : 0);
  const record = (r) => {
    const full = Object.assign({ t: now(), page: index }, r);
    if (r.kind === "render" && window) {
      const c = window.document.getElementById("pp");
      full.html = c ? normalise(c) : null;
    }
    records.push(full);
  };
  server.log = record;
  const site = page.site || "ready";
  const preset = Object.assign({}, page.preset || {});
  const body = "<main><div id=\"pp\"></div>" +
    "<a id=\"upgrade-cta\" href=\"#upgrade\"><span id=\"icon\">Upgrade</span></a>" +
    "<p id=\"other\">Other</p></main>";
  const scripts = [];
  if (site !== "nolibrary") {
    scripts.push(standin);
    scripts.push("var LRObject = new LoginRadiusV2(" + JSON.stringify(scenario.lrOptions || {}) +
      ");\n" + SITES[site]);
  }
  scripts.push("window.ppstudio = __preset;");
  scripts.push(snippet);
  const html = "<!DOCTYPE html><html><head><title>Page</title></head><body>" + body +
    scripts.map(scriptText).join("\n") + "</body></html>";
  const dom = new JSDOM(html, {
    url: "https://www.example.com" + (page.path || "/"),
    runScripts: "dangerously",
    beforeParse(w) {
      window = w;
      clock = FakeTimers.withGlobal(w).install({
        now: 0,
        toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"],
      });
      for (const [k, v] of Object.entries(carried.local)) w.localStorage.setItem(k, v);
      for (const [k, v] of Object.entries(carried.session)) w.sessionStorage.setItem(k, v);
      if (page.storageThrows) {
        // Storage disabled for the snippet's keys (the library's own token still works).
        const real = w.localStorage;
        const guarded = {
          getItem(k) { if (k.indexOf("ppstudio.") === 0) throw new Error("SecurityError"); return real.getItem(k); },
          setItem(k, v) { if (k.indexOf("ppstudio.") === 0) throw new Error("SecurityError"); real.setItem(k, v); },
          removeItem(k) { real.removeItem(k); },
        };
        Object.defineProperty(w, "localStorage", { get() { return guarded; }, configurable: true });
        Object.defineProperty(w, "sessionStorage", {
          get() { throw new Error("SecurityError"); }, configurable: true });
        realStorage = { local: real, session: null };
      }
      if (page.token === true) w.localStorage.setItem("LRTokenKey", "token");
      if (page.token === false) w.localStorage.removeItem("LRTokenKey");
      w.__lrServer = server;
      const say = (level) => (...args) => record({ kind: "console", level,
        text: args.map(String).join(" ") });
      w.console = { log: say("log"), info: say("info"), warn: say("warn"),
        error: say("error"), debug: say("debug") };
      const callbacks = {
        onSuccess: () => record({ kind: "site", callback: "onSuccess" }),
        onError: (errors) => record({ kind: "site", callback: "onError",
          errors: JSON.parse(JSON.stringify(errors || null)) }),
      };
      if (!page.noContainer) {
        preset.options = Object.assign({ container: "pp" }, callbacks, preset.options || {});
      }
      w.__preset = preset;
      w.addEventListener("error", (e) => record({ kind: "page error", text: String(e.message) }));
    },
  });
  const document = window.document;
  const pp = () => window.ppstudio;
  const run = (ms) => clock.tick(ms);
  run(0);
  await turn();
  run(page.start || 0);
  (page.actions || []).forEach((a, i) => {
    record({ kind: "action-start", index: i });
    switch (a[0]) {
      case "wait": run(a[1]); break;
      case "js": window.eval(a[1]); break;
      case "login":
        // The site's login form succeeded: the library stored the token, then called the
        // site's onSuccess, which tells the snippet.
        window.localStorage.setItem("LRTokenKey", "token-" + a[1]);
        record({ kind: "action", action: "login", user: a[1] });
        pp().onLogin(a[1], a[2]);
        break;
      case "logout": window.localStorage.removeItem("LRTokenKey"); break;
      case "click": {
        const el = document.getElementById(a[1]);
        record({ kind: "action", action: "click", target: a[1] });
        el.dispatchEvent(new window.MouseEvent("click", { bubbles: true, cancelable: true }));
        break;
      }
      case "event":
        document.getElementById("other").dispatchEvent(
          new window.CustomEvent(a[1], { bubbles: true }));
        break;
      case "submit": {
        const form = document.querySelector("#pp form");
        if (!form) {
          record({ kind: "action", action: "submit", error: "no form" });
          break;
        }
        const values = a[1];
        for (const control of form.querySelectorAll("input, select, textarea")) {
          if (control.type === "submit") continue;
          const given = values && Object.prototype.hasOwnProperty.call(values, control.name);
          if (control.type === "checkbox") {
            control.checked = given ? !!values[control.name] : !values;
          } else if (control.tagName === "SELECT") {
            control.selectedIndex = given ? Array.from(control.options)
              .findIndex((o) => o.value === values[control.name]) : values ? 0 : 1;
          } else {
            control.value = given ? values[control.name] : values ? "" : "value of " + control.name;
          }
        }
        record({ kind: "action", action: "submit" });
        form.dispatchEvent(new window.Event("submit", { bubbles: true, cancelable: true }));
        break;
      }
      case "dismiss": record({ kind: "action", action: "dismiss", returned: pp().dismiss() }); break;
      case "setLocale":
        record({ kind: "action", action: "setLocale", code: a[1],
          returned: pp().setLocale(a[1]) });
        break;
      case "status":
        record({ kind: "status", value: JSON.parse(JSON.stringify(pp().status())) });
        break;
      case "onPageView": pp().onPageView(a[1]); break;
      case "onClick": pp().onClick(a[1]); break;
      case "set": pp()[a[1]] = a[2]; break;
      default: throw new Error("unknown action " + a[0]);
    }
    run(page.gap || 0);
  });
  run(page.tail === undefined ? scenario.tail === undefined ? 10000 : scenario.tail : page.tail);
  const c = document.getElementById("pp");
  const storage = (s) => {
    const out = {};
    for (let i = 0; i < s.length; i++) out[s.key(i)] = s.getItem(s.key(i));
    return out;
  };
  const local = realStorage ? realStorage.local : window.localStorage;
  const session = realStorage ? realStorage.session : window.sessionStorage;
  carried = { local: storage(local), session: session ? storage(session) : {} };
  pages.push({ html: c ? normalise(c) : null, local: carried.local, session: carried.session });
  clock.uninstall();
  window.close();
}

(async () => {
  const list = scenario.pages || [{}];
  for (let i = 0; i < list.length; i++) {
    await runPage(list[i], i);
  }
  process.stdout.write(JSON.stringify({ records, pages }));
})().catch((e) => {
  process.stderr.write(String(e && e.stack || e));
  process.exit(1);
});
