//! The integration snippet, run under node with a stand-in `LRObject` and a fake page
//! (`document`, `location`, `localStorage`): which `execStep` calls happen for each trigger,
//! and which `$hooks.call("setLocaleBasedInfo", ...)` calls come before them.
//! When node is missing each test fails, unless `PPSTUDIO_SKIP_NODE_TESTS=1` says skipping is
//! allowed (CI never sets it): then it prints a notice to the terminal (past the test
//! harness's capture) and returns.

use std::process::Command;

mod cli_support;

use cli_support::node_for;
use ppstudio::loginradius::snippet::snippet;
use ppstudio::project::{Project, Step, TriggerKind};
use serde_json::{Value, json};

/// Loads the snippet in a fresh context, replays the scenario's actions, and prints
/// `{"load": [steps shown while loading], "actions": [[steps shown by each action]],
///   "sameOptions": bool, "warnings": [...], "storage": {...}}`. A hook call is recorded in
/// the same lists as `{"hook": name, "info": texts}`, and what `setLocale` returned as
/// `{"setLocale": value}`.
const HARNESS: &str = r#""use strict";
const fs = require("fs");
const vm = require("vm");
const [snippetPath, scenarioPath] = process.argv.slice(2);
const scenario = JSON.parse(fs.readFileSync(scenarioPath, "utf8"));
let current = [];
let sameOptions = true;
const warnings = [];
const listeners = {};
const store = {};
const sandbox = {
  console: { warn: (...args) => warnings.push(args.map(String).join(" ")) },
  location: { pathname: scenario.pathname || "/" },
  document: {
    readyState: scenario.readyState || "complete",
    addEventListener(type, fn) { (listeners[type] = listeners[type] || []).push(fn); },
  },
};
if (!scenario.noLRObject) {
  sandbox.LRObject = { progressiveProfiling: { execStep(step, options) {
    current.push(step);
    if (options !== sandbox.ppstudio.options) sameOptions = false;
  } } };
  if (!scenario.noHooks) {
    sandbox.LRObject.$hooks = { call(name, info) { current.push({ hook: name, info }); } };
  }
}
if (scenario.storageThrows) {
  Object.defineProperty(sandbox, "localStorage", { get() { throw new Error("SecurityError"); } });
} else {
  sandbox.localStorage = {
    getItem(k) { return Object.prototype.hasOwnProperty.call(store, k) ? store[k] : null; },
    setItem(k, v) { store[k] = String(v); },
  };
}
if (scenario.preset) sandbox.ppstudio = scenario.preset;
sandbox.window = sandbox;
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(snippetPath, "utf8"), sandbox, { filename: "snippet.js" });
const load = current;
function fire(type, event) { (listeners[type] || []).forEach((fn) => fn(event)); }
function element(ids) {
  let node = null;
  for (let i = ids.length - 1; i >= 0; i--) node = { id: ids[i], parentNode: node };
  return node;
}
const actions = [];
for (const a of scenario.actions || []) {
  current = [];
  switch (a[0]) {
    case "login": sandbox.ppstudio.onLogin(a[1], a[2]); break;
    case "page": sandbox.ppstudio.onPageView(a[1]); break;
    case "domready": sandbox.document.readyState = "interactive"; fire("DOMContentLoaded", {}); break;
    case "click": fire("click", { type: "click", target: element(a[1]) }); break;
    case "event": fire(a[1], { type: a[1] }); break;
    case "onClick": sandbox.ppstudio.onClick(a[1]); break;
    case "reload": vm.runInContext(fs.readFileSync(snippetPath, "utf8"), sandbox); break;
    case "setLocale": current.push({ setLocale: sandbox.ppstudio.setLocale(a[1]) }); break;
    default: throw new Error("unknown action " + a[0]);
  }
  actions.push(current);
}
process.stdout.write(JSON.stringify({ load, actions, sameOptions, warnings, storage: store }));
"#;

/// Runs the snippet of `project` on `scenario`. When node is missing: a failure, or `None`
/// (with a notice) when `PPSTUDIO_SKIP_NODE_TESTS` is `1`.
fn run(test: &str, project: &Project, scenario: Value) -> Option<Value> {
    let node = node_for(test)?;
    let dir = tempfile::tempdir().unwrap();
    let snippet_path = dir.path().join("snippet.js");
    let harness_path = dir.path().join("harness.js");
    let scenario_path = dir.path().join("scenario.json");
    std::fs::write(&snippet_path, snippet(project)).unwrap();
    std::fs::write(&harness_path, HARNESS).unwrap();
    std::fs::write(&scenario_path, scenario.to_string()).unwrap();
    let out = Command::new(node)
        .arg(&harness_path)
        .arg(&snippet_path)
        .arg(&scenario_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

fn with_step(mut p: Project, name: &str, kind: TriggerKind) -> Project {
    let mut s = Step::new(name);
    s.trigger.kind = kind;
    p.steps.push(s);
    p
}

#[test]
fn logins_counted_per_user_in_local_storage_or_given_by_the_site() {
    let p = Project::default_project();
    let Some(out) = run(
        "logins",
        &p,
        json!({ "actions": [
            ["login", "u1"], ["login", "u1"], ["login", "u1"], ["login", "u1"],
            ["login", "u2"],
            ["login", "u3", 3], ["login", "u4", "1"], ["login", "u5", 0], ["login", "u6", 2.5]
        ] }),
    ) else {
        return;
    };
    assert_eq!(out["load"], json!([]));
    assert_eq!(
        out["actions"],
        json!([
            ["First Login"],
            [],
            ["Third Login"],
            [],
            ["First Login"],
            ["Third Login"],
            ["First Login"],
            ["First Login"],
            ["First Login"]
        ])
    );
    assert_eq!(out["storage"]["ppstudio.logins.u1"], json!("4"));
    assert_eq!(out["storage"]["ppstudio.logins.u3"], json!("3"));
    assert_eq!(out["sameOptions"], json!(true));
}

#[test]
fn first_login_and_login_count_one_both_fire_in_project_order() {
    let p = with_step(
        Project::default_project(),
        "Also first",
        TriggerKind::LoginCount(1),
    );
    let Some(out) = run("login order", &p, json!({ "actions": [["login", "u"]] })) else {
        return;
    };
    assert_eq!(out["actions"], json!([["First Login", "Also first"]]));
}

#[test]
fn without_storage_logins_are_counted_in_memory() {
    let p = Project::default_project();
    let Some(out) = run(
        "no storage",
        &p,
        json!({ "storageThrows": true,
                "actions": [["login", "u"], ["login", "u"], ["login", "u"]] }),
    ) else {
        return;
    };
    assert_eq!(
        out["actions"],
        json!([["First Login"], [], ["Third Login"]])
    );
}

#[test]
fn page_steps_fire_on_load_when_the_whole_path_matches() {
    let p = Project::default_project();
    for (path, shown) in [
        ("/pricing", true),
        ("/pricing/teams", true),
        ("/Pricing", false),
        ("/en/pricing", false),
        ("/", false),
    ] {
        let Some(out) = run("page load", &p, json!({ "pathname": path })) else {
            return;
        };
        let expected = if shown {
            json!(["Pricing Page"])
        } else {
            json!([])
        };
        assert_eq!(out["load"], expected, "{path}");
    }
}

#[test]
fn page_steps_wait_for_the_document_and_can_be_driven_by_the_site() {
    let p = Project::default_project();
    let Some(out) = run(
        "page loading",
        &p,
        json!({ "pathname": "/pricing", "readyState": "loading",
                "actions": [["domready"], ["page", "/pricing/x"], ["page", "/pric"]] }),
    ) else {
        return;
    };
    assert_eq!(out["load"], json!([]));
    assert_eq!(
        out["actions"],
        json!([["Pricing Page"], ["Pricing Page"], []])
    );
    let Some(out) = run(
        "manual page views",
        &p,
        json!({ "pathname": "/pricing", "preset": { "manualPageViews": true },
                "actions": [["page"], ["page", "/nope"]] }),
    ) else {
        return;
    };
    assert_eq!(out["load"], json!([]));
    assert_eq!(out["actions"], json!([["Pricing Page"], []]));
}

#[test]
fn page_patterns_are_literal_except_the_star_and_see_the_decoded_path() {
    let mut p = Project::default_project();
    p.steps.clear();
    let p = with_step(p, "Cafe", TriggerKind::PageVisit("/café/*".into()));
    let p = with_step(p, "Dots", TriggerKind::PageVisit("/a.b?c".into()));
    let p = with_step(p, "Stars", TriggerKind::PageVisit("*/x/*/y".into()));
    let Some(out) = run(
        "page patterns",
        &p,
        json!({ "pathname": "/caf%C3%A9/menu",
                "actions": [["page", "/a.b?c"], ["page", "/aXb?c"], ["page", "/1/x/2/3/y"],
                            ["page", "/x/y"], ["page", "/%E0%A4%A"]] }),
    ) else {
        return;
    };
    assert_eq!(out["load"], json!(["Cafe"]));
    assert_eq!(out["actions"], json!([["Dots"], [], ["Stars"], [], []]));
}

#[test]
fn click_steps_fire_on_the_target_element_its_event_or_a_call() {
    let p = Project::default_project();
    let Some(out) = run(
        "clicks",
        &p,
        json!({ "actions": [
            ["click", ["icon", "upgrade-cta", "main"]],
            ["click", ["upgrade-cta"]],
            ["click", ["other", "main"]],
            ["click", ["Upgrade-cta"]],
            ["event", "ppstudio:upgrade-cta"],
            ["event", "upgrade-cta"],
            ["onClick", "upgrade-cta"],
            ["onClick", "upgrade"]
        ] }),
    ) else {
        return;
    };
    assert_eq!(
        out["actions"],
        json!([
            ["Upgrade CTA"],
            ["Upgrade CTA"],
            [],
            [],
            ["Upgrade CTA"],
            [],
            ["Upgrade CTA"],
            []
        ])
    );
}

#[test]
fn a_target_named_click_does_not_fire_on_every_click() {
    let mut p = Project::default_project();
    p.steps.clear();
    let p = with_step(p, "Any", TriggerKind::CtaClick("click".into()));
    let Some(out) = run(
        "click named click",
        &p,
        json!({ "actions": [["click", ["x"]], ["event", "ppstudio:click"], ["click", ["click"]]] }),
    ) else {
        return;
    };
    assert_eq!(out["actions"], json!([[], ["Any"], ["Any"]]));
}

#[test]
fn manual_and_unknown_steps_are_never_called() {
    let p = with_step(Project::default_project(), "By hand", TriggerKind::Manual);
    let p = with_step(p, "Odd", TriggerKind::Unknown("purchase".into()));
    let p = with_step(p, "Never", TriggerKind::LoginCount(0));
    let js = snippet(&p);
    assert!(js.contains("\"By hand\""));
    let Some(out) = run(
        "manual",
        &p,
        json!({ "pathname": "/pricing", "actions": [
            ["login", "u"], ["login", "u", 0], ["onClick", "By hand"], ["event", "ppstudio:manual"],
            ["page", "/By hand"], ["reload"], ["login", "u"]
        ] }),
    ) else {
        return;
    };
    let all = out.to_string();
    assert!(!all.contains("By hand") && !all.contains("Odd") && !all.contains("Never"));
    // Loading the snippet twice adds no second set of listeners.
    assert_eq!(out["actions"][5], json!([]));
    assert_eq!(out["actions"][6], json!(["Third Login"]));
}

#[test]
fn hostile_names_paths_and_targets_reach_exec_step_exactly() {
    let nasty = "He said \"hi\" \\ </script><!-- ' \u{2028}\u{2029} 😀 `${x}` @@PAGE_STEPS@@ end";
    let mut p = Project::default_project();
    p.steps.clear();
    p.name = nasty.into();
    let p = with_step(p, nasty, TriggerKind::FirstLogin);
    let p = with_step(
        p,
        &format!("page {nasty}"),
        TriggerKind::PageVisit(format!("/{nasty}*")),
    );
    let p = with_step(
        p,
        &format!("click {nasty}"),
        TriggerKind::CtaClick(nasty.into()),
    );
    let js = snippet(&p);
    assert!(js.is_ascii(), "ASCII only");
    assert!(!js.to_ascii_lowercase().contains("</script"));
    assert!(!js.contains("<!--"));
    let Some(out) = run(
        "escaping",
        &p,
        json!({ "actions": [["login", "u"], ["page", format!("/{nasty}/x")],
                            ["click", [nasty]], ["event", format!("ppstudio:{nasty}")]] }),
    ) else {
        return;
    };
    assert_eq!(
        out["actions"],
        json!([
            [nasty],
            [format!("page {nasty}")],
            [format!("click {nasty}")],
            [format!("click {nasty}")]
        ])
    );
}

#[test]
fn a_missing_lrobject_warns_instead_of_throwing() {
    let p = Project::default_project();
    let Some(out) = run(
        "no LRObject",
        &p,
        json!({ "noLRObject": true, "pathname": "/pricing", "actions": [["login", "u"]] }),
    ) else {
        return;
    };
    assert_eq!(out["warnings"].as_array().unwrap().len(), 2);
    assert!(
        out["warnings"][0]
            .as_str()
            .unwrap()
            .contains("Pricing Page")
    );
}

/// The default project with French and German translations.
fn translated_project() -> Project {
    let mut p = Project::default_project();
    let locales = json!({
        "fr": { "labels": { "firstname": "Prénom" },
                "validationMessages": [ { "rule": "required", "message": "Le champ %s est obligatoire." } ],
                "buttonsName": { "progressiveprofiling": "Envoyer" },
                "errorMessages": [ { "code": 1, "message": "</script> ☃" } ] },
        "de": { "labels": { "firstname": "Vorname" } }
    });
    p.locales = serde_json::from_value(locales).unwrap();
    p
}

fn hook(info: Value) -> Value {
    json!({ "hook": "setLocaleBasedInfo", "info": info })
}

#[test]
fn the_chosen_locale_is_passed_to_the_hook_before_each_step() {
    let p = translated_project();
    let Some(out) = run(
        "locales",
        &p,
        json!({ "actions": [
            ["setLocale", "fr"], ["login", "u"], ["setLocale", "de-AT"], ["login", "u", 3],
            ["setLocale", "it"], ["setLocale", null], ["login", "v"]
        ] }),
    ) else {
        return;
    };
    let fr = p.locales.get("fr").unwrap().to_value();
    let de = p.locales.get("de").unwrap().to_value();
    let source = json!({ "labels": { "firstname": "First Name" },
        "validationMessages": [ { "rule": "required", "message": "The %s field is required." } ],
        "buttonsName": { "progressiveprofiling": "Submit" } });
    assert_eq!(
        out["actions"],
        json!([
            [hook(fr.clone()), { "setLocale": true }],
            [hook(fr), "First Login"],
            [hook(de.clone()), { "setLocale": true }],
            [hook(de), "Third Login"],
            [{ "setLocale": false }],
            // The source texts are given back once; then the platform has them.
            [hook(source), { "setLocale": true }],
            ["First Login"]
        ])
    );
    assert_eq!(
        out["warnings"],
        json!(["ppstudio: no translation for the locale it ; the project has: fr, de"])
    );
}

#[test]
fn a_locale_chosen_before_loading_waits_for_the_platform() {
    let p = translated_project();
    let fr = p.locales.get("fr").unwrap().to_value();
    // Without $hooks the step still shows, in the platform's language, and the site is told.
    let Some(out) = run(
        "preset locale, no hooks",
        &p,
        json!({ "preset": { "locale": "FR" }, "noHooks": true, "actions": [["login", "u"]] }),
    ) else {
        return;
    };
    assert_eq!(out["load"], json!([]));
    assert_eq!(out["actions"], json!([["First Login"]]));
    assert_eq!(
        out["warnings"].as_array().map(Vec::len),
        Some(2),
        "{}",
        out["warnings"]
    );
    let Some(out) = run(
        "preset locale",
        &p,
        json!({ "preset": { "locale": "fr" }, "actions": [["login", "u"]] }),
    ) else {
        return;
    };
    assert_eq!(out["load"], json!([hook(fr.clone())]));
    assert_eq!(out["actions"], json!([[hook(fr), "First Login"]]));
    // With no locale chosen the hook is never called.
    let Some(out) = run("no locale", &p, json!({ "actions": [["login", "u"]] })) else {
        return;
    };
    assert_eq!(out["actions"], json!([["First Login"]]));
}
