//! The review page (`ppstudio report`): one self-contained HTML file for people without the
//! studio (legal reads which personal data is asked when, marketing the wording in every
//! language, engineering the triggers), built from the core (the engine, the platform's rule,
//! the lints, the diff, the forecast) with no second implementation of any of them. No GUI.
//!
//! The file fetches nothing and runs nothing: a Content-Security-Policy allows no script and no
//! request (a label the platform inserts as HTML may carry a `<script>` or an `onerror`; the
//! platform inserts them where they do not run, and so does this page), one section per locale
//! replaces a language switch, and the charts are inline SVG with a table beside them. Every
//! text of ours is escaped; only the platform's own markup carries labels as HTML, as the
//! platform renders them ([`markup`]).

pub mod markup;

use std::fmt::Write;

use serde_json::Map;

use crate::asked::{FieldState, Shows, decide_step};
use crate::audience::{Forecast, percent, thousands};
use crate::diff::{Diff, refused_and_accepted};
use crate::lint::{Problem, Severity};
use crate::project::{Field, Project, Step, TextKind, TriggerKind};
use crate::rules::{RuleKind, RuleSet, classify};
use markup::{escape_attr, escape_text, form_markup};

/// What the page shows besides the project.
#[derive(Debug, Default)]
pub struct Extras<'a> {
    /// The project file's name, as the reader knows it.
    pub file: &'a str,
    /// The date the page was made (`YYYY-MM-DD`).
    pub date: &'a str,
    /// The forecast over a file of profiles (`--profiles`), and that file's name.
    pub forecast: Option<(&'a Forecast, &'a str)>,
    /// The changes a deploy over a deployed JSON makes (`--against`), and that file's name.
    pub diff: Option<(&'a Diff, &'a str)>,
    /// The site's own stylesheet (`--css`), inlined after the page's.
    pub site_css: Option<&'a str>,
}

fn esc(s: &str) -> String {
    escape_text(s)
}

/// Today's date in UTC, `YYYY-MM-DD` (no clock crate: days since 1970 to a civil date).
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

const STYLE: &str = r#"
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #ffffff; --muted: #57606a;
  --line: #d0d7de; --panel: #f6f8fa; --accent: #0b5cad; --err: #b3261e; --warn: #8a5300;
  --form: #1f7a3a; --consent: #0b5cad; --nothing: #8c959f; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9da7b3; --line: #30363d; --panel: #161b22;
    --accent: #6cb6ff; --err: #ff8a80; --warn: #f0b35a; --form: #56d364; --consent: #6cb6ff;
    --nothing: #8b949e; }
}
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
  background: var(--bg); margin: 0; }
header, main, footer { max-width: 60rem; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 1.5rem; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
.muted { color: var(--muted); }
nav ul { columns: 2; padding-left: 1.2rem; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
th { background: var(--panel); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
.locale { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; margin: .5rem 0;
  background: var(--panel); }
.locale > h4 { margin: 0 0 .5rem; font-size: .95rem; }
.form-frame { background: #fff; color: #1b1f24; border-radius: 4px; padding: .75rem; max-width: 26rem; }
.form-frame label { display: block; font-weight: 600; margin: .4rem 0 .15rem; }
.form-frame input[type=text], .form-frame input[type=email], .form-frame input[type=password],
.form-frame select, .form-frame textarea { width: 100%; box-sizing: border-box; padding: .3rem; }
.form-frame input[type=submit] { margin-top: .6rem; padding: .35rem .9rem; }
.empty { font-style: italic; color: var(--muted); }
.problem-error { color: var(--err); font-weight: 600; }
.problem-warning { color: var(--warn); font-weight: 600; }
.timeline li { margin: .3rem 0; }
.note { border-left: 4px solid var(--warn); padding: .3rem .7rem; background: var(--panel); }
svg text { fill: var(--fg); font-size: 12px; }
.bar-form { fill: var(--form); } .bar-consent { fill: var(--consent); } .bar-nothing { fill: var(--nothing); }
.bar-field { fill: var(--accent); }
footer { margin-top: 2rem; padding-bottom: 2rem; border-top: 1px solid var(--line); }
@media print {
  body { font-size: 11pt; }
  nav { display: none; }
  section.step { break-before: page; }
  .form-frame, table, figure, .locale { break-inside: avoid; }
  a[href^="http"]::after, a[href^="mailto"]::after { content: " (" attr(href) ")"; font-size: .85em; }
  .locale { background: none; }
}
"#;

/// The review page of `project`.
pub fn page(project: &Project, extras: &Extras<'_>) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = format!("{} — progressive profiling review", project.name);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:; script-src 'none'; form-action 'none'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n",
        esc(&title)
    );
    if let Some(css) = extras.site_css {
        // Inside a style element nothing but `</style` can end it.
        let safe = css
            .replace("</style", "<\\/style")
            .replace("</STYLE", "<\\/STYLE");
        let _ = write!(
            out,
            "<style>/* The site's stylesheet (--css) */\n{safe}\n</style>\n"
        );
    }
    out.push_str("</head>\n<body>\n");
    header_html(&mut out, project, extras);
    out.push_str("<main>\n");
    toc_html(&mut out, project, extras);
    timeline_html(&mut out, project);
    scripts_note(&mut out, project);
    for step in &project.steps {
        step_html(&mut out, project, step);
    }
    problems_html(&mut out, project);
    coverage_html(&mut out, project);
    if let Some((f, file)) = extras.forecast {
        forecast_html(&mut out, f, file);
    }
    if let Some((d, file)) = extras.diff {
        diff_html(&mut out, d, file);
    }
    out.push_str(
        "</main>\n<footer><p class=\"muted\">Made by Progressive Profiling Studio \
                  (ppstudio report). Each form is the platform's own markup (LoginRadiusV2.js), \
                  for a consumer asked every field of the step; this page runs no script and \
                  fetches nothing.</p></footer>\n</body>\n</html>\n",
    );
    out
}

fn header_html(out: &mut String, project: &Project, extras: &Extras<'_>) {
    let _ = write!(
        out,
        "<header>\n<h1>{}</h1>\n<p class=\"muted\">Progressive profiling review of <span \
         class=\"mono\">{}</span>, made {}. {} {}.</p>\n</header>\n",
        esc(&project.name),
        esc(extras.file),
        esc(extras.date),
        project.steps.len(),
        if project.steps.len() == 1 {
            "step"
        } else {
            "steps"
        }
    );
}

/// An id for a step's section (`step-1`...).
fn step_anchor(i: usize) -> String {
    format!("step-{}", i + 1)
}

fn toc_html(out: &mut String, project: &Project, extras: &Extras<'_>) {
    out.push_str("<nav aria-label=\"Contents\">\n<h2>Contents</h2>\n<ul>\n");
    out.push_str("<li><a href=\"#life\">The consumer's life</a></li>\n");
    for (i, s) in project.steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "<li><a href=\"#{}\">{}</a></li>",
            step_anchor(i),
            esc(&s.name)
        );
    }
    out.push_str("<li><a href=\"#problems\">Problems</a></li>\n");
    out.push_str("<li><a href=\"#translations\">Translations</a></li>\n");
    if extras.forecast.is_some() {
        out.push_str("<li><a href=\"#forecast\">Who would be asked</a></li>\n");
    }
    if extras.diff.is_some() {
        out.push_str("<li><a href=\"#changes\">What a deploy changes</a></li>\n");
    }
    out.push_str("</ul>\n</nav>\n");
}

/// The order of the consumer's life: sign-up, first login, Nth logins, page visits, clicks,
/// then the steps the site calls itself.
fn life_rank(kind: &TriggerKind) -> (u8, i64) {
    match kind {
        TriggerKind::FirstLogin => (1, 1),
        TriggerKind::LoginCount(n) => (1, *n),
        TriggerKind::PageVisit(_) => (2, 0),
        TriggerKind::CtaClick(_) => (3, 0),
        TriggerKind::Manual => (4, 0),
        TriggerKind::Unknown(_) => (5, 0),
    }
}

fn labels(fields: &[&Field]) -> String {
    if fields.is_empty() {
        return "nothing".into();
    }
    fields
        .iter()
        .map(|f| esc(f.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn timeline_html(out: &mut String, project: &Project) {
    out.push_str("<section id=\"life\" aria-labelledby=\"life-h\">\n<h2 id=\"life-h\">The consumer's life</h2>\n<ol class=\"timeline\">\n");
    if let Some(form) = &project.registration {
        let fields: Vec<&Field> = form.iter().collect();
        let _ = writeln!(
            out,
            "<li><strong>At sign-up</strong>: the registration form asks {}.</li>",
            labels(&fields)
        );
    }
    let mut order: Vec<(usize, &Step)> = project.steps.iter().enumerate().collect();
    order.sort_by_key(|(i, s)| (life_rank(&s.trigger.kind), *i));
    for (i, s) in order {
        let asked = markup::asked_fields(s, &project.settings);
        let what = match &asked {
            Some(fields) => format!("asks {}", labels(fields)),
            None => "shows nothing to a new consumer (no field the platform would ask)".into(),
        };
        let _ = writeln!(
            out,
            "<li><strong>{}</strong>: <a href=\"#{}\">{}</a> {what}.</li>",
            esc(&s.trigger.kind.describe()),
            step_anchor(i),
            esc(&s.name)
        );
    }
    if project.registration.is_some() || project.settings.show_in_editor {
        let _ = writeln!(
            out,
            "<li><strong>On the profile page</strong>: the consumer edits the registration \
             form's fields{}.</li>",
            if project.settings.show_in_editor {
                " and the steps' (showInEditor is on)"
            } else {
                " (showInEditor is off: not the steps')"
            }
        );
    }
    out.push_str(
        "</ol>\n<p class=\"muted\">A step asks only what the consumer's profile does not hold yet; \
                  steps due at one moment show one after the other.</p>\n</section>\n",
    );
}

/// Whether a label or `html` key holds markup that would run a script on the site's page.
fn carries_script(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("<script") || lower.contains("javascript:") || {
        let b = lower.as_bytes();
        lower.match_indices(" on").any(|(i, _)| {
            let rest = &b[i + 3..];
            let name_len = rest.iter().take_while(|c| c.is_ascii_alphabetic()).count();
            name_len > 0 && rest.get(name_len) == Some(&b'=')
        })
    }
}

fn scripts_note(out: &mut String, project: &Project) {
    let mut places = Vec::new();
    for s in &project.steps {
        for f in &s.fields {
            let html = f.extra_str("html").unwrap_or_default();
            let mut texts = vec![f.display.as_str(), html];
            for l in &project.locales.list {
                if let Some(t) = l.text(&crate::project::TextKey::new(TextKind::Label, &f.name)) {
                    texts.push(t);
                }
            }
            if texts.iter().any(|t| carries_script(t)) {
                places.push(format!("{} › {}", esc(&s.name), esc(&f.name)));
            }
        }
    }
    if !places.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"note\" role=\"note\">These labels carry markup that can run a script \
             (a <code>&lt;script&gt;</code>, an event attribute or a <code>javascript:</code> \
             link): {}. The platform inserts labels where such scripts do not run; this page \
             shows the same markup and blocks every script.</p>",
            places.join(", ")
        );
    }
}

/// A rule in words, from the platform's own message template ("must be at least 3
/// characters in length").
fn rule_in_words(name: &str, param: Option<&str>) -> String {
    let (kind, _, template) = classify(name);
    match kind {
        RuleKind::Unknown => format!("{name}: unknown to the browser, always passes"),
        RuleKind::Member(_) => format!("{name}: the browser's validator throws"),
        RuleKind::CustomValidation => match param {
            Some(p) => {
                let (pattern, message) = p.split_once("###").unwrap_or((p, ""));
                if message.is_empty() {
                    format!("must match the pattern {pattern}")
                } else {
                    format!("must match the pattern {pattern} (message: {message})")
                }
            }
            None => "custom_validation without a pattern: the validator throws".into(),
        },
        _ => {
            let t = template
                .trim_start_matches("The %s field ")
                .trim_start_matches("The %s ")
                .trim_end_matches('.');
            let t = if t.is_empty() { name } else { t };
            match param {
                Some(p) => t.replacen("%s", p, 1),
                None => t.to_string(),
            }
        }
    }
}

fn rules_in_words(rules: &str) -> String {
    let set = RuleSet::parse(rules);
    let words: Vec<String> = set
        .segments()
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| rule_in_words(&s.name, s.param.as_deref()))
        .collect();
    if words.is_empty() {
        "none: any value is accepted".into()
    } else {
        words.join("; ")
    }
}

fn step_html(out: &mut String, project: &Project, step: &Step) {
    let i = project
        .steps
        .iter()
        .position(|s| s.id == step.id)
        .unwrap_or(0);
    let id = step_anchor(i);
    let _ = write!(
        out,
        "<section class=\"step\" id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{}</h2>\n\
         <p><strong>When</strong>: {}.</p>\n",
        esc(&step.name),
        esc(&step.trigger.kind.describe())
    );
    // The form in every language.
    out.push_str("<h3>The form, as the platform renders it</h3>\n");
    let mut languages: Vec<(Option<&crate::project::Locale>, String)> =
        vec![(None, "Source language".into())];
    for l in &project.locales.list {
        languages.push((Some(l), format!("Locale {}", l.code)));
    }
    for (locale, heading) in languages {
        let code = locale.map_or("", |l| l.code.as_str());
        let html = form_markup(step, locale, &project.settings);
        let _ = write!(
            out,
            "<div class=\"locale\" lang=\"{}\"><h4>{}</h4><div class=\"form-frame\"><div \
             data-step=\"{}\" data-locale=\"{}\">{html}</div>",
            escape_attr(if code.is_empty() { "en" } else { code }),
            esc(&heading),
            escape_attr(&step.name),
            escape_attr(code)
        );
        if html.is_empty() {
            out.push_str("<p class=\"empty\">The platform renders nothing for a new consumer: no field of this step would be asked.</p>");
        }
        out.push_str("</div></div>\n");
    }
    // The fields.
    out.push_str("<h3>Its fields</h3>\n<table>\n<caption class=\"muted\">Each field, its validation in words, and a value the browser refuses and one it accepts</caption>\n<thead><tr><th scope=\"col\">Label</th><th scope=\"col\">Name</th><th scope=\"col\">Type</th><th scope=\"col\">Required</th><th scope=\"col\">Rules</th><th scope=\"col\">Refused</th><th scope=\"col\">Accepted</th><th scope=\"col\">Options</th></tr></thead>\n<tbody>\n");
    for f in &step.fields {
        let (refused, accepted) = refused_and_accepted(step, f);
        let refused = refused.map_or_else(
            || "—".to_string(),
            |(v, m)| format!("<code>{}</code>: “{}”", show_value(&v), esc(&m)),
        );
        let accepted = accepted.map_or_else(
            || "—".to_string(),
            |v| format!("<code>{}</code>", show_value(&v)),
        );
        let list = f.options.list();
        let mut options: Vec<String> = list
            .iter()
            .take(8)
            .map(|o| format!("{} (<code>{}</code>)", esc(&o.text), esc(&o.value)))
            .collect();
        if list.len() > 8 {
            options.push(format!("and {} more", list.len() - 8));
        }
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{refused}</td><td>{accepted}</td><td>{}</td></tr>",
            esc(f.label()),
            esc(&f.name),
            esc(f.field_type.as_str()),
            if f.mentions_required() { "yes" } else { "no" },
            esc(&rules_in_words(&f.rules)),
            if options.is_empty() {
                "—".into()
            } else {
                options.join(", ")
            }
        );
    }
    out.push_str("</tbody>\n</table>\n");
    sample_html(out, project, step);
    out.push_str("</section>\n");
}

/// A value as a reader reads it: the empty value named.
fn show_value(v: &str) -> String {
    let mut chars = v.chars();
    match chars.next() {
        None => "(empty)".into(),
        // A length-limit value: "a" repeated, said as a count.
        Some(c) if v.chars().count() > 12 && chars.all(|x| x == c) => {
            format!("{} × {}", v.chars().count(), esc(&c.to_string()))
        }
        Some(_) => esc(v),
    }
}

fn sample_html(out: &mut String, project: &Project, step: &Step) {
    let empty = Map::new();
    let (profile, whose) = match project.sample_profile() {
        Some(p) => (p, "The project's sample consumer"),
        None => (
            &empty,
            "A consumer the platform knows nothing about (the project has no sample profile)",
        ),
    };
    let d = decide_step(step, profile, &project.settings);
    let shows = match d.shows {
        Shows::Form(_) => "sees the form",
        Shows::Consent(_) => "is sent to their social provider to re-consent",
        Shows::Nothing(_) => "sees nothing",
    };
    let _ = write!(
        out,
        "<h3>What a sample consumer is asked</h3>\n<p>{whose} {shows}.</p>\n<ul>\n"
    );
    for (f, (decision, why)) in step.fields.iter().zip(d.fields.iter().zip(&d.reasons)) {
        let asked = decision.state == FieldState::Kept && matches!(d.shows, Shows::Form(_));
        // The reason already starts with the decision ("asked: ...", "known: ...").
        let why = if asked || !matches!(d.shows, Shows::Form(_)) {
            why.clone()
        } else {
            why.replacen("asked:", "not asked (the step shows no form):", 1)
        };
        let _ = writeln!(
            out,
            "<li><strong>{}</strong>: {}</li>",
            esc(f.label()),
            esc(&why)
        );
    }
    out.push_str("</ul>\n");
}

fn problems_html(out: &mut String, project: &Project) {
    let mut problems: Vec<Problem> = crate::lint::check(project);
    problems.sort_by_key(|p| p.severity);
    out.push_str("<section id=\"problems\" aria-labelledby=\"problems-h\">\n<h2 id=\"problems-h\">Problems</h2>\n");
    if problems.is_empty() {
        out.push_str("<p>ppstudio check finds no problem.</p>\n</section>\n");
        return;
    }
    let count = |s: Severity| problems.iter().filter(|p| p.severity == s).count();
    let _ = writeln!(
        out,
        "<p>{} errors, {} warnings, {} notes, errors first.</p>\n<ul>",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    for p in &problems {
        let (class, word) = match p.severity {
            Severity::Error => ("problem-error", "Error"),
            Severity::Warning => ("problem-warning", "Warning"),
            Severity::Info => ("muted", "Note"),
        };
        let _ = writeln!(
            out,
            "<li><span class=\"{class}\">{word}</span> — {}: {}</li>",
            esc(&p.location.describe()),
            esc(&p.message)
        );
    }
    out.push_str("</ul>\n</section>\n");
}

fn coverage_html(out: &mut String, project: &Project) {
    out.push_str("<section id=\"translations\" aria-labelledby=\"translations-h\">\n<h2 id=\"translations-h\">Translations</h2>\n");
    if project.locales.list.is_empty() {
        out.push_str("<p>The project has no translation: every consumer reads the source language.</p>\n</section>\n");
        return;
    }
    let rows: Vec<_> = project
        .steps
        .iter()
        .flat_map(crate::l10n::step_texts)
        .collect();
    let mut seen = std::collections::HashSet::new();
    let keys: Vec<_> = rows.iter().filter(|r| seen.insert(r.key.clone())).collect();
    out.push_str("<table>\n<thead><tr><th scope=\"col\">Locale</th><th scope=\"col\">Texts translated</th><th scope=\"col\">Coverage</th></tr></thead>\n<tbody>\n");
    for l in &project.locales.list {
        let done = keys
            .iter()
            .filter(|r| crate::l10n::translated(l, &r.key).is_some())
            .count();
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{done} of {}</td><td>{}</td></tr>",
            esc(&l.code),
            keys.len(),
            percent(done as u64, keys.len() as u64)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// One horizontal stacked bar per step (form, re-consent, nothing), as inline SVG with a
/// text equivalent.
fn forecast_html(out: &mut String, f: &Forecast, file: &str) {
    let _ = write!(
        out,
        "<section id=\"forecast\" aria-labelledby=\"forecast-h\">\n<h2 id=\"forecast-h\">Who would be asked</h2>\n\
         <p>Over {} profiles from <span class=\"mono\">{}</span>, as if each step fired now for every consumer.</p>\n",
        thousands(f.profiles),
        esc(file)
    );
    let width = 440.0_f64;
    let row = 26.0_f64;
    let height = row * f.steps.len().max(1) as f64 + 30.0;
    let total = f.profiles.max(1) as f64;
    let mut desc = Vec::new();
    let _ = write!(
        out,
        "<figure><svg role=\"img\" aria-labelledby=\"chart-title chart-desc\" width=\"{}\" height=\"{height}\" viewBox=\"0 0 {} {height}\">\
         <title id=\"chart-title\">What each step shows</title>",
        width + 200.0,
        width + 200.0
    );
    for (i, c) in f.steps.iter().enumerate() {
        let y = i as f64 * row + 4.0;
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{}\">{}</text>",
            y + 14.0,
            esc(&c.step)
        );
        let mut x = 190.0;
        for (n, class) in [
            (c.form, "bar-form"),
            (c.consent, "bar-consent"),
            (c.nothing, "bar-nothing"),
        ] {
            let w = width * n as f64 / total;
            let _ = write!(
                out,
                "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"18\"></rect>"
            );
            x += w;
        }
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{}\">{} form</text>",
            190.0 + width + 8.0,
            y + 14.0,
            percent(c.form, f.profiles)
        );
        desc.push(format!(
            "{}: form {}, re-consent {}, nothing {}",
            c.step,
            percent(c.form, f.profiles),
            percent(c.consent, f.profiles),
            percent(c.nothing, f.profiles)
        ));
    }
    let legend_y = row * f.steps.len() as f64 + 20.0;
    let _ = write!(
        out,
        "<rect class=\"bar-form\" x=\"190\" y=\"{}\" width=\"10\" height=\"10\"></rect><text x=\"204\" y=\"{legend_y}\">form</text>\
         <rect class=\"bar-consent\" x=\"260\" y=\"{}\" width=\"10\" height=\"10\"></rect><text x=\"274\" y=\"{legend_y}\">re-consent</text>\
         <rect class=\"bar-nothing\" x=\"360\" y=\"{}\" width=\"10\" height=\"10\"></rect><text x=\"374\" y=\"{legend_y}\">nothing</text>\
         <desc id=\"chart-desc\">{}</desc></svg>\
         <figcaption class=\"muted\">The share of consumers who would see each step's form, be sent to re-consent, or see nothing; the table below gives the numbers.</figcaption></figure>",
        legend_y - 9.0,
        legend_y - 9.0,
        legend_y - 9.0,
        esc(&desc.join("; "))
    );
    out.push_str("\n<table>\n<thead><tr><th scope=\"col\">Step</th><th scope=\"col\">Form</th><th scope=\"col\">Re-consent</th><th scope=\"col\">Nothing</th><th scope=\"col\">Asked, field by field</th></tr></thead>\n<tbody>\n");
    for c in &f.steps {
        let fields: Vec<String> = c
            .fields
            .iter()
            .map(|(n, k)| format!("<code>{}</code> {}", esc(n), thousands(*k)))
            .collect();
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{} ({})</td><td>{} ({})</td><td>{} ({})</td><td>{}</td></tr>",
            esc(&c.step),
            thousands(c.form),
            percent(c.form, f.profiles),
            thousands(c.consent),
            percent(c.consent, f.profiles),
            thousands(c.nothing),
            percent(c.nothing, f.profiles),
            fields.join(" · ")
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn diff_html(out: &mut String, d: &Diff, file: &str) {
    let _ = write!(
        out,
        "<section id=\"changes\" aria-labelledby=\"changes-h\">\n<h2 id=\"changes-h\">What a deploy changes</h2>\n\
         <p>Compared with <span class=\"mono\">{}</span> (deployed now).</p>\n",
        esc(file)
    );
    let text = crate::diff::to_text(d);
    // Changes and their indented details, as `ppstudio diff` words them.
    let mut changes: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        match changes.last_mut() {
            Some((_, details)) if line.starts_with(' ') => details.push(line.trim().to_string()),
            _ => changes.push((line.to_string(), Vec::new())),
        }
    }
    out.push_str("<ul>\n");
    for (change, details) in changes {
        let _ = write!(out, "<li>{}", esc(&change));
        if !details.is_empty() {
            out.push_str("<ul>");
            for d in details {
                let _ = write!(out, "<li>{}</li>", esc(&d));
            }
            out.push_str("</ul>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</section>\n");
}
