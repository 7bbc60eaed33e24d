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
//!
//! Every project string (names, paths, targets) enters the snippet through [`js_string`],
//! which yields ASCII only: safe inside an inline `<script>` and in any page encoding.

use std::fmt::Write;

use crate::project::{Project, TriggerKind};

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
    let values = [
        ("PROJECT", js_string(&project.name)),
        ("SUMMARY", summary),
        ("LOGIN_STEPS", table(&logins)),
        ("PAGE_STEPS", table(&pages)),
        ("CLICK_STEPS", table(&clicks)),
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
//
// Steps:
@@SUMMARY@@(function (window, document) {
  "use strict";

  // Steps shown after a login, by login count (the first login is count 1), in project order.
  var LOGIN_STEPS = @@LOGIN_STEPS@@;
  // Steps shown on loading a page whose path matches.
  var PAGE_STEPS = @@PAGE_STEPS@@;
  // Steps shown on a click of the element id, or on the event "ppstudio:" + target.
  var CLICK_STEPS = @@CLICK_STEPS@@;

  var ppstudio = window.ppstudio || {};
  window.ppstudio = ppstudio;
  if (ppstudio.loaded) {
    return; // Loaded twice: keep the first copy's listeners only.
  }
  ppstudio.loaded = true;
  ppstudio.options = ppstudio.options || {};

  function show(step) {
    var pp = window.LRObject && window.LRObject.progressiveProfiling;
    if (!pp || typeof pp.execStep !== "function") {
      if (window.console) {
        window.console.warn("ppstudio: LRObject.progressiveProfiling is not ready; step not shown:", step);
      }
      return;
    }
    pp.execStep(step, ppstudio.options);
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
    fn a_project_without_steps_still_gives_a_working_snippet() {
        let js = snippet(&Project::default());
        assert!(js.contains("var LOGIN_STEPS = [];"));
        assert!(js.contains("(the project has no steps)"));
    }
}
