//! The integration snippet: the JavaScript a site adds so that each step is shown at its
//! trigger. LoginRadius stores no trigger; the site's own code calls
//! `LRObject.progressiveProfiling.execStep(name, options)`, and this is that code.
//!
//! Design (written into the snippet's header for the site developer):
//! - Logins: the site calls `ppstudio.onLogin(userId, loginCount)` after each successful
//!   login. `loginCount` (optional) is the consumer's number of logins including this one,
//!   e.g. the platform profile's `NoOfLogins`; without it the snippet counts logins itself in
//!   `localStorage`, per user id, in this browser (in memory when storage is unavailable).
//! - Page visits: checked once the page has loaded, on `location.pathname` (and on its
//!   percent-decoded form, so `/café` matches either spelling), with the simulator's wildcard
//!   rule. Single-page apps, or sites that want to wait for the login, set
//!   `window.ppstudio = { manualPageViews: true }` before the snippet and call
//!   `ppstudio.onPageView(path)`.
//! - Clicks: a click on the element whose id is the target (or on anything inside it), a DOM
//!   event named `ppstudio:<target>` that reaches the document, or `ppstudio.onClick(target)`.
//!   The prefix keeps a target such as `click` or `submit` from meaning every click.
//! - Manual steps are listed in a comment only.
//! - Translations: the project's locales are in the snippet; the site picks one with
//!   `ppstudio.setLocale(code)` (or `window.ppstudio = { locale: code }` before the snippet),
//!   and each step is shown after passing that locale's texts to the platform's hook,
//!   `LRObject.$hooks.call("setLocaleBasedInfo", texts)`. `fr-FR` falls back to `fr`;
//!   `setLocale(null)` goes back to the source language.
//!
//! Every project string (names, paths, targets) enters the snippet through [`js_string`],
//! which yields ASCII only: safe inside an inline `<script>` and in any page encoding.

use std::fmt::Write;

use serde_json::{Map, Value};

use crate::l10n;
use crate::project::{Project, TextKind, TriggerKind};

/// A JavaScript double-quoted string literal of `s`, in ASCII: quotes, backslashes and
/// control characters escaped, `<`, `>` and `&` as `\u003C`... (no `</script>` nor `<!--`
/// can appear), U+2028/U+2029 and every other non-ASCII character as `\uXXXX` (surrogate
/// pairs above U+FFFF).
pub fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' if !matches!(c, '<' | '>' | '&') => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04X}");
                }
            }
        }
    }
    out.push('"');
    out
}

/// The snippet for a project's steps: readable, commented JavaScript (ES5, no dependency).
pub fn snippet(project: &Project) -> String {
    let mut logins = Vec::new();
    let mut pages = Vec::new();
    let mut clicks = Vec::new();
    let mut summary = Vec::new();
    let mut manual = Vec::new();
    let mut unwired = Vec::new();
    for step in &project.steps {
        let name = js_string(&step.name);
        match &step.trigger.kind {
            TriggerKind::FirstLogin => {
                summary.push(format!("{name}: on the first login"));
                logins.push(format!("{{ count: 1, step: {name} }}"));
            }
            TriggerKind::LoginCount(n) if *n >= 1 => {
                summary.push(format!("{name}: on login number {n}"));
                logins.push(format!("{{ count: {n}, step: {name} }}"));
            }
            TriggerKind::LoginCount(n) => {
                unwired.push(format!("{name}: login count {n} never happens"));
            }
            TriggerKind::PageVisit(p) => {
                let p = js_string(p);
                summary.push(format!("{name}: on loading a page whose path matches {p}"));
                pages.push(format!("{{ path: {p}, step: {name} }}"));
            }
            TriggerKind::CtaClick(t) => {
                let t = js_string(t);
                summary.push(format!("{name}: on a click of {t}"));
                clicks.push(format!("{{ target: {t}, step: {name} }}"));
            }
            TriggerKind::Manual => manual.push(name),
            TriggerKind::Unknown(on) => {
                unwired.push(format!("{name}: unknown trigger {}", js_string(on)));
            }
        }
    }
    if !manual.is_empty() {
        summary.push(format!(
            "manual (call LRObject.progressiveProfiling.execStep yourself): {}",
            manual.join(", ")
        ));
    }
    for u in unwired {
        summary.push(format!("not wired: {u}"));
    }
    if summary.is_empty() {
        summary.push("(the project has no steps)".into());
    }
    let summary: String = summary.iter().map(|s| format!("//   {s}\n")).collect();
    let codes: Vec<String> = project.locales.codes().map(js_string).collect();
    let locales_summary = if codes.is_empty() {
        "(the project has no translations)".to_string()
    } else {
        codes.join(", ")
    };
    let locales: Map<String, Value> = project
        .locales
        .list
        .iter()
        .map(|l| (l.code.clone(), l.to_value()))
        .collect();
    let values = [
        ("PROJECT", js_string(&project.name)),
        ("SUMMARY", summary),
        ("LOCALES_SUMMARY", locales_summary),
        ("LOGIN_STEPS", table(&logins)),
        ("PAGE_STEPS", table(&pages)),
        ("CLICK_STEPS", table(&clicks)),
        ("LOCALES", js_value(&Value::Object(locales), 2)),
        ("SOURCE_TEXTS", js_value(&source_texts(project), 2)),
    ];
    fill(TEMPLATE, &values)
}

/// Replaces each `@@KEY@@` of `template` once, never looking into the inserted text (a step
/// named `@@PAGE_STEPS@@` stays a name).
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 1024);
    let mut rest = template;
    while let Some(start) = rest.find("@@") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("@@") else { break };
        let key = &after[..end];
        match values.iter().find(|(k, _)| *k == key) {
            Some((_, v)) => {
                out.push_str(&rest[..start]);
                out.push_str(v);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[..start + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The source language's texts for everything a locale translates, in the hook's shape, so
/// that `ppstudio.setLocale(null)` can put them back: each field's label and placeholder, the
/// platform's template of each rule, the source button.
fn source_texts(project: &Project) -> Value {
    let mut labels = Map::new();
    let mut placeholders = Map::new();
    let mut messages = Vec::new();
    let mut buttons = Map::new();
    let mut seen = std::collections::HashSet::new();
    for locale in &project.locales.list {
        for (key, _) in locale.texts() {
            if !seen.insert(key.clone()) {
                continue;
            }
            let source = Value::String(l10n::source_of(project, &key));
            match key.kind {
                TextKind::Label => {
                    labels.insert(key.key, source);
                }
                TextKind::Placeholder => {
                    placeholders.insert(key.key, source);
                }
                TextKind::Message if l10n::source_message(&key.key).is_some() => {
                    let mut entry = Map::new();
                    entry.insert("rule".into(), Value::String(key.key));
                    entry.insert("message".into(), source);
                    messages.push(Value::Object(entry));
                }
                TextKind::Button if key.key == crate::project::STEP_BUTTON => {
                    buttons.insert(key.key, source);
                }
                TextKind::Message | TextKind::Button => {}
            }
        }
    }
    let mut out = Map::new();
    for (section, v) in [
        ("labels", Value::Object(labels)),
        ("placeholders", Value::Object(placeholders)),
        ("validationMessages", Value::Array(messages)),
        ("buttonsName", Value::Object(buttons)),
    ] {
        let empty = match &v {
            Value::Object(m) => m.is_empty(),
            Value::Array(a) => a.is_empty(),
            _ => false,
        };
        if !empty {
            out.insert(section.into(), v);
        }
    }
    Value::Object(out)
}

/// A JSON value as a JavaScript literal in ASCII (every string through [`js_string`]),
/// indented by two spaces per level from `indent`.
fn js_value(v: &Value, indent: usize) -> String {
    let pad = |n: usize| " ".repeat(n);
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => js_string(s),
        Value::Array(a) if a.is_empty() => "[]".into(),
        Value::Object(m) if m.is_empty() => "{}".into(),
        Value::Array(a) => {
            let items: Vec<String> = a
                .iter()
                .map(|x| format!("{}{}", pad(indent + 2), js_value(x, indent + 2)))
                .collect();
            format!("[\n{}\n{}]", items.join(",\n"), pad(indent))
        }
        Value::Object(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, x)| {
                    format!(
                        "{}{}: {}",
                        pad(indent + 2),
                        js_string(k),
                        js_value(x, indent + 2)
                    )
                })
                .collect();
            format!("{{\n{}\n{}}}", items.join(",\n"), pad(indent))
        }
    }
}

fn table(rows: &[String]) -> String {
    if rows.is_empty() {
        return "[]".into();
    }
    let mut s = String::from("[\n");
    for (i, row) in rows.iter().enumerate() {
        s.push_str("    ");
        s.push_str(row);
        if i + 1 < rows.len() {
            s.push(',');
        }
        s.push('\n');
    }
    s.push_str("  ]");
    s
}

const TEMPLATE: &str = r#"// Progressive profiling triggers for the project @@PROJECT@@.
// Generated by ppstudio (ppstudio snippet PROJECT): regenerate it when the steps change.
//
// Load it after LoginRadiusV2.js, on every page, once LRObject exists and
// LRObject.progressiveProfiling.init() has run. Each step is shown with
//   LRObject.progressiveProfiling.execStep(stepName, ppstudio.options)
// and the platform then skips the fields the consumer's profile already holds.
//
// What your site does:
// - After each successful login, call
//     ppstudio.onLogin(userId, loginCount);
//   userId: the consumer's id (e.g. response.Profile.Uid).
//   loginCount (optional): the number of logins including this one (e.g.
//   response.Profile.NoOfLogins). Without it the snippet counts logins itself, per userId,
//   in this browser's localStorage (key "ppstudio.logins.<userId>").
// - Page visits are checked once the page has loaded, on location.pathname (raw or
//   percent-decoded); "*" in a path matches any run of characters, "/" included, and the
//   pattern must match the whole path. For single-page apps, or to wait until the consumer
//   has logged in, set  window.ppstudio = { manualPageViews: true };  before this snippet and
//   call ppstudio.onPageView(path) (path defaults to location.pathname).
// - Clicks: a click on the element whose id is the target, or on anything inside it; or a
//   DOM event named "ppstudio:<target>" that reaches the document, e.g.
//     el.dispatchEvent(new CustomEvent("ppstudio:upgrade-cta", { bubbles: true }));
//   or a call ppstudio.onClick(target).
// - ppstudio.options: the options given to execStep (your container and callbacks); set
//   window.ppstudio = { options: {...} } before this snippet, or ppstudio.options later.
// - Language: call ppstudio.setLocale("fr") (or set window.ppstudio = { locale: "fr" } before
//   this snippet). Before each step is shown, that locale's labels, placeholders, validation
//   messages and button are passed to the platform with
//     LRObject.$hooks.call("setLocaleBasedInfo", texts);
//   setLocale returns false (and warns) for a locale the project has no translation for;
//   "fr-FR" falls back to "fr" (so navigator.language works). ppstudio.setLocale(null) goes
//   back to the source language. If your site already calls setLocaleBasedInfo itself, do
//   not call setLocale: the two would overwrite each other.
//
// Steps:
@@SUMMARY@@// Translations: @@LOCALES_SUMMARY@@
(function (window, document) {
  "use strict";

  // Steps shown after a login, by login count (the first login is count 1), in project order.
  var LOGIN_STEPS = @@LOGIN_STEPS@@;
  // Steps shown on loading a page whose path matches.
  var PAGE_STEPS = @@PAGE_STEPS@@;
  // Steps shown on a click of the element id, or on the event "ppstudio:" + target.
  var CLICK_STEPS = @@CLICK_STEPS@@;
  // Translations by locale code, in the shape setLocaleBasedInfo takes.
  var LOCALES = @@LOCALES@@;
  // The source language's texts for what LOCALES translate (ppstudio.setLocale(null)).
  var SOURCE_TEXTS = @@SOURCE_TEXTS@@;

  var ppstudio = window.ppstudio || {};
  window.ppstudio = ppstudio;
  if (ppstudio.loaded) {
    return; // Loaded twice: keep the first copy's listeners only.
  }
  ppstudio.loaded = true;
  ppstudio.options = ppstudio.options || {};

  function warn() {
    if (window.console) {
      window.console.warn.apply(window.console, arguments);
    }
  }

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  // The code of LOCALES that `code` asks for: itself, the same in another case, else its
  // language ("fr-FR" and "fr_FR" fall back to "fr"); null when there is none.
  function localeCode(code) {
    var wanted = String(code);
    if (has(LOCALES, wanted)) {
      return wanted;
    }
    var lower = wanted.toLowerCase();
    var language = lower.split(/[-_]/)[0];
    var fallback = null;
    for (var known in LOCALES) {
      if (has(LOCALES, known)) {
        if (known.toLowerCase() === lower) {
          return known;
        }
        if (fallback === null && known.toLowerCase() === language) {
          fallback = known;
        }
      }
    }
    return fallback;
  }

  // The locale in use (a code of LOCALES), or null for the source language.
  var current = null;
  // Whether the platform was given another language than the source's.
  var translated = false;

  // Passes the current language's texts to the platform; false when it cannot yet (`later`
  // says what happens then).
  function applyLocale(later) {
    if (current === null && !translated) {
      return true;
    }
    var hooks = window.LRObject && window.LRObject.$hooks;
    if (!hooks || typeof hooks.call !== "function") {
      warn("ppstudio: LRObject.$hooks is not ready;", later);
      return false;
    }
    var texts = current === null ? SOURCE_TEXTS : LOCALES[current];
    // A copy: the platform may keep or change what it is given.
    hooks.call("setLocaleBasedInfo", JSON.parse(JSON.stringify(texts)));
    translated = current !== null;
    return true;
  }

  // Chooses the language of the steps: a locale code, or null for the source language.
  // Returns false for a locale the project has no translation for (nothing changes).
  ppstudio.setLocale = function (code) {
    if (code === null || code === undefined || code === "") {
      current = null;
    } else {
      var known = localeCode(code);
      if (known === null) {
        var codes = [];
        for (var k in LOCALES) {
          if (has(LOCALES, k)) {
            codes.push(k);
          }
        }
        warn("ppstudio: no translation for the locale", String(code), "; the project has:",
          codes.length ? codes.join(", ") : "none");
        return false;
      }
      current = known;
    }
    ppstudio.locale = current;
    applyLocale("the language is passed to the platform when a step is shown");
    return true;
  };

  function show(step) {
    var pp = window.LRObject && window.LRObject.progressiveProfiling;
    if (!pp || typeof pp.execStep !== "function") {
      warn("ppstudio: LRObject.progressiveProfiling is not ready; step not shown:", step);
      return;
    }
    applyLocale("the step shows in the platform's language");
    pp.execStep(step, ppstudio.options);
  }

  if (ppstudio.locale !== undefined && ppstudio.locale !== null) {
    // Chosen before the snippet loaded: applied now if the platform is ready, else at the
    // first step.
    ppstudio.setLocale(ppstudio.locale);
  }

  // Whole-string match where "*" matches any run; no backtracking blow-up.
  function matchesPath(pattern, path) {
    var p = 0, t = 0, starP = -1, starT = 0;
    while (t < path.length) {
      if (p < pattern.length && pattern.charAt(p) === "*") {
        starP = ++p;
        starT = t;
      } else if (p < pattern.length && pattern.charAt(p) === path.charAt(t)) {
        p++;
        t++;
      } else if (starP >= 0) {
        p = starP;
        t = ++starT;
      } else {
        return false;
      }
    }
    while (p < pattern.length && pattern.charAt(p) === "*") {
      p++;
    }
    return p === pattern.length;
  }

  var memoryCounts = {};

  function storedCount(key) {
    try {
      return parseInt(window.localStorage.getItem(key), 10) || 0;
    } catch (e) {
      return memoryCounts[key] || 0;
    }
  }

  function storeCount(key, n) {
    memoryCounts[key] = n;
    try {
      window.localStorage.setItem(key, String(n));
    } catch (e) {
      // Storage full or disabled: the in-memory count lasts for this page.
    }
  }

  ppstudio.onLogin = function (userId, loginCount) {
    var key = "ppstudio.logins." + String(userId);
    var n = Number(loginCount);
    if (!(n >= 1) || Math.floor(n) !== n) {
      n = storedCount(key) + 1;
    }
    storeCount(key, n);
    for (var i = 0; i < LOGIN_STEPS.length; i++) {
      if (LOGIN_STEPS[i].count === n) {
        show(LOGIN_STEPS[i].step);
      }
    }
  };

  ppstudio.onPageView = function (path) {
    var raw = typeof path === "string" ? path : window.location.pathname;
    var decoded = raw;
    try {
      decoded = decodeURI(raw);
    } catch (e) {
      // Not valid percent-encoding: the raw path only.
    }
    for (var i = 0; i < PAGE_STEPS.length; i++) {
      if (matchesPath(PAGE_STEPS[i].path, raw) || matchesPath(PAGE_STEPS[i].path, decoded)) {
        show(PAGE_STEPS[i].step);
      }
    }
  };

  ppstudio.onClick = function (target) {
    for (var i = 0; i < CLICK_STEPS.length; i++) {
      if (CLICK_STEPS[i].target === target) {
        show(CLICK_STEPS[i].step);
      }
    }
  };

  function isTarget(id) {
    for (var i = 0; i < CLICK_STEPS.length; i++) {
      if (CLICK_STEPS[i].target === id) {
        return true;
      }
    }
    return false;
  }

  if (CLICK_STEPS.length > 0) {
    // Capture phase, so a handler that stops propagation does not hide the click.
    document.addEventListener("click", function (event) {
      for (var node = event.target; node; node = node.parentNode) {
        if (typeof node.id === "string" && node.id !== "" && isTarget(node.id)) {
          ppstudio.onClick(node.id);
        }
      }
    }, true);
    var seen = {};
    for (var i = 0; i < CLICK_STEPS.length; i++) {
      var target = CLICK_STEPS[i].target;
      if (!Object.prototype.hasOwnProperty.call(seen, target)) {
        seen[target] = true;
        document.addEventListener("ppstudio:" + target, (function (t) {
          return function () {
            ppstudio.onClick(t);
          };
        })(target), true);
      }
    }
  }

  if (PAGE_STEPS.length > 0 && !ppstudio.manualPageViews) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () {
        ppstudio.onPageView();
      });
    } else {
      ppstudio.onPageView();
    }
  }
})(window, document);
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Step, TriggerKind};

    #[test]
    fn js_strings_are_ascii_and_cannot_close_a_script() {
        assert_eq!(js_string("First Login"), "\"First Login\"");
        assert_eq!(js_string("a\"b\\c'd"), r#""a\"b\\c'd""#);
        assert_eq!(js_string("</script>"), r#""\u003C/script\u003E""#);
        assert_eq!(js_string("<!--&"), r#""\u003C!--\u0026""#);
        assert_eq!(js_string("a\u{2028}b\u{2029}"), r#""a\u2028b\u2029""#);
        assert_eq!(js_string("\n\r\t\u{0}\u{7f}"), r#""\n\r\t\u0000\u007F""#);
        assert_eq!(js_string("Café 😀"), r#""Caf\u00E9 \uD83D\uDE00""#);
    }

    #[test]
    fn every_trigger_kind_lands_in_its_table_or_comment() {
        let mut p = Project {
            name: "Acme */ </script>".into(),
            ..Project::default()
        };
        for (name, kind) in [
            ("A", TriggerKind::FirstLogin),
            ("B", TriggerKind::LoginCount(3)),
            ("C", TriggerKind::PageVisit("/pricing*".into())),
            ("D", TriggerKind::CtaClick("upgrade-cta".into())),
            ("E", TriggerKind::Manual),
            ("F", TriggerKind::Unknown("purchase".into())),
            ("G", TriggerKind::LoginCount(0)),
        ] {
            let mut s = Step::new(name);
            s.trigger.kind = kind;
            p.steps.push(s);
        }
        let js = snippet(&p);
        assert!(js.is_ascii());
        assert!(!js.to_lowercase().contains("</script"));
        assert!(js.contains("var LOGIN_STEPS = [\n    { count: 1, step: \"A\" },\n    { count: 3, step: \"B\" }\n  ];"));
        assert!(js.contains("var PAGE_STEPS = [\n    { path: \"/pricing*\", step: \"C\" }\n  ];"));
        assert!(
            js.contains("var CLICK_STEPS = [\n    { target: \"upgrade-cta\", step: \"D\" }\n  ];")
        );
        assert!(js.contains(
            "//   manual (call LRObject.progressiveProfiling.execStep yourself): \"E\"\n"
        ));
        assert!(js.contains("//   not wired: \"F\": unknown trigger \"purchase\"\n"));
        assert!(js.contains("//   not wired: \"G\": login count 0 never happens\n"));
        assert!(js.starts_with(
            "// Progressive profiling triggers for the project \"Acme */ \\u003C/script\\u003E\".\n"
        ));
    }

    #[test]
    fn placeholders_in_names_are_not_expanded() {
        let mut p = Project {
            name: "@@SUMMARY@@".into(),
            ..Project::default()
        };
        let mut s = Step::new("@@PAGE_STEPS@@");
        s.trigger.kind = TriggerKind::FirstLogin;
        p.steps.push(s);
        let js = snippet(&p);
        assert!(js.contains("for the project \"@@SUMMARY@@\"."));
        assert!(js.contains("{ count: 1, step: \"@@PAGE_STEPS@@\" }"));
    }

    #[test]
    fn translations_are_in_the_snippet_in_ascii_with_the_source_texts() {
        let mut p = Project::default_project();
        p.locales = serde_json::from_value(serde_json::json!({
            "fr": { "labels": { "firstname": "Prénom </script>" },
                    "validationMessages": [ { "rule": "required", "message": "Requis" },
                                            { "rule": "zzz", "message": "?" } ] }
        }))
        .unwrap();
        let js = snippet(&p);
        assert!(js.is_ascii());
        assert!(!js.to_lowercase().contains("</script"));
        assert!(js.contains("// Translations: \"fr\"\n"));
        assert!(js.contains(
            "  var LOCALES = {\n    \"fr\": {\n      \"labels\": {\n        \"firstname\": \"Pr\\u00E9nom \\u003C/script\\u003E\"\n      },"
        ));
        // The source texts: labels from the fields, templates from the platform; a rule the
        // platform does not know has none.
        assert!(js.contains(
            "  var SOURCE_TEXTS = {\n    \"labels\": {\n      \"firstname\": \"First Name\"\n    },\n    \"validationMessages\": [\n      {\n        \"rule\": \"required\",\n        \"message\": \"The %s field is required.\"\n      }\n    ]\n  };"
        ), "{js}");
        assert!(js.contains("ppstudio.setLocale(\"fr\")"));
        let none = snippet(&Project::default_project());
        assert!(none.contains("var LOCALES = {};") && none.contains("var SOURCE_TEXTS = {};"));
        assert!(none.contains("// Translations: (the project has no translations)"));
    }

    #[test]
    fn a_project_without_steps_still_gives_a_working_snippet() {
        let js = snippet(&Project::default());
        assert!(js.contains("var LOGIN_STEPS = [];"));
        assert!(js.contains("(the project has no steps)"));
    }
}
