//! The integration snippet: the JavaScript a site adds so that each step is shown at its
//! trigger. LoginRadius stores no trigger; the site's own code calls
//! `LRObject.progressiveProfiling.execStep(name, options)`, and this is that code.
//!
//! What the library does with `execStep` decides whether a step is ever seen (GLUE.md): it
//! ignores the call, without a word, until the step schema has arrived and the consumer is
//! logged in; it empties the container on each render; its locale texts merge. So the snippet
//! queues each step asked for and shows it once the schema, the token and the container are
//! there and no other step's form is showing (steps due together show one after the other, in
//! project order); keeps login and click steps not shown yet in `sessionStorage` for the next
//! page; passes complete locale texts on each switch; and says in the console why a step waits
//! or was dropped. The header written into the snippet documents all of it for the site's
//! developer (`snippet.template.js`).
//!
//! Every project string (names, paths, targets, texts) enters the snippet through [`js_string`],
//! which yields ASCII only: safe inside an inline `<script>` and in any page encoding.

use std::fmt::Write;

use serde_json::{Map, Value};

use crate::l10n;
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
    let codes: Vec<String> = project.locales.codes().map(js_string).collect();
    let locales_summary = if codes.is_empty() {
        "(the project has no translations)".to_string()
    } else {
        codes.join(", ")
    };
    let texts = l10n::switch_texts(project);
    let locales: Map<String, Value> = texts.locales.into_iter().collect();
    let translated = serde_json::json!({
        "labels": texts.labels,
        "placeholders": texts.placeholders,
    });
    let values = [
        ("PROJECT", js_string(&project.name)),
        ("SUMMARY", summary),
        ("LOCALES_SUMMARY", locales_summary),
        ("LOGIN_STEPS", table(&logins)),
        ("PAGE_STEPS", table(&pages)),
        ("CLICK_STEPS", table(&clicks)),
        ("LOCALES", js_value(&Value::Object(locales), 2)),
        ("SOURCE_TEXTS", js_value(&texts.source, 2)),
        ("TRANSLATED", js_value(&translated, 2)),
        (
            "SHOW_IN_EDITOR",
            project.settings.show_in_editor.to_string(),
        ),
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

/// The snippet's code and header, with `@@KEY@@` where [`snippet`] fills the project in.
const TEMPLATE: &str = include_str!("snippet.template.js");

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
        // The source texts: the platform's template for each message key a locale sets (a
        // rule the platform does not know has none), and its own button text.
        assert!(js.contains(
            "  var SOURCE_TEXTS = {\n    \"validationMessages\": [\n      {\n        \"rule\": \"required\",\n        \"message\": \"The %s field is required.\"\n      }\n    ],\n    \"buttonsName\": {\n      \"progressiveprofiling\": \"Progressive Profiling\"\n    }\n  };"
        ), "{js}");
        // The labels' source texts are the served fields' own, read on the page.
        assert!(js.contains(
            "  var TRANSLATED = {\n    \"labels\": [\n      \"firstname\"\n    ],\n    \"placeholders\": []\n  };"
        ));
        assert!(js.contains("ppstudio.setLocale(\"fr\")"));
        let none = snippet(&Project::default_project());
        assert!(none.contains("var LOCALES = {};"));
        assert!(none.contains("// Translations: (the project has no translations)"));
    }

    #[test]
    fn a_project_without_steps_still_gives_a_working_snippet() {
        let js = snippet(&Project::default());
        assert!(js.contains("var LOGIN_STEPS = [];"));
        assert!(js.contains("(the project has no steps)"));
    }
}
