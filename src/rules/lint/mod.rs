//! Problems in a validation string, explained for product managers.
//!
//! [`lint`] is a pure function of the rules string and its [`LintContext`]. Each problem has a
//! byte span in the ORIGINAL string and, when a correction exists, the whole corrected string.

mod builtins;
mod combos;
mod engine;
mod params;
mod patterns;
mod shape;

pub use engine::every_option_fails;

use builtins::*;
use combos::*;
use params::*;
use patterns::*;

use std::ops::Range;

use serde::Serialize;

use super::eval::{CompiledRules, Form, Hook, RuleKind, Subject, classify, custom_pattern};
use super::js;
use super::jsregex::JsRegex;
use super::messages::Messages;
use super::parse::{RuleSet, Segment, format_segment, split_rule};

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The rule does not do what it says: it always fails, never runs, or can never pass.
    Error,
    /// The rule runs, but probably not as intended.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// The word for it: `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in a validation string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleProblem {
    /// How serious it is.
    pub severity: Severity,
    /// A stable identifier of the kind of problem, such as `unknown-rule`.
    pub code: &'static str,
    /// A plain sentence for a product manager.
    pub message: String,
    /// The bytes of the original rules string the problem is about.
    pub span: Option<Range<usize>>,
    /// The whole corrected rules string, when a correction exists.
    pub fix: Option<String>,
}

/// What the lints know about the field's surroundings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LintContext {
    /// The names of the other fields of the same step (for `matches[f]`).
    pub fields: Vec<String>,
    /// The field's type (`string`, `password`, `option`, ...), when known.
    pub field_type: Option<String>,
    /// The field's label, used when a message quotes what the browser would show.
    pub display: Option<String>,
    /// The field's own name: `matches[name]` compares the field with itself, and an empty label
    /// falls back to it.
    pub name: Option<String>,
    /// The labels of the other fields of the step, by name, when a message quotes what the
    /// browser would show (a name without one is labelled with its name).
    pub labels: Vec<(String, String)>,
    /// The option values of a dropdown (`option`): the lints check that one of them passes.
    pub options: Option<Vec<String>>,
}

impl LintContext {
    /// The step's other fields as the validator's form, every value empty.
    pub fn form(&self) -> Form {
        let mut form = Form::new();
        for f in &self.fields {
            let label = self
                .labels
                .iter()
                .find(|(n, _)| n == f)
                .map_or("", |(_, l)| l.as_str());
            form.insert(f.as_str(), "", label);
        }
        form
    }

    /// The field as the validator registers it, holding `value`; labelled "Field" when the
    /// label is not known.
    pub fn subject<'a>(&'a self, value: &'a str) -> Subject<'a> {
        Subject {
            name: self.name.as_deref(),
            display: self.display.as_deref().unwrap_or("Field"),
            value,
        }
    }
}

/// Every problem of `rules`, in the order of the string (problems about the whole string last).
pub fn lint(rules: &str, ctx: &LintContext) -> Vec<RuleProblem> {
    let set = RuleSet::parse(rules);
    let mut out = Vec::new();
    let cut = pipe_cuts(&set);
    for c in &cut {
        out.push(lint_pipe_split(&set, c));
    }
    for (i, seg) in set.segments().iter().enumerate() {
        if seg.is_empty() || cut.iter().any(|c| c.segments.contains(&i)) {
            continue;
        }
        let (kind, _, _) = classify(&seg.name);
        match kind {
            RuleKind::Unknown => out.extend(lint_unknown_rule(&set, i)),
            RuleKind::Member(_) => out.push(engine::lint_member_rule(&set, i)),
            RuleKind::CustomValidation if seg.param.is_none() => {
                out.push(engine::lint_bare_custom_validation(&set, i));
            }
            RuleKind::CustomValidation => {
                out.extend(lint_regex_invalid(&set, i));
                out.extend(lint_or_in_regex(&set, i));
                out.extend(lint_unanchored_regex(&set, i));
                out.extend(lint_slow_regex(&set, i));
            }
            RuleKind::Hook(Hook::MinLength | Hook::MaxLength | Hook::ExactLength) => {
                out.extend(lint_length_param(&set, i));
            }
            RuleKind::Hook(Hook::GreaterThan | Hook::LessThan) => {
                out.extend(lint_number_param(&set, i));
            }
            RuleKind::Hook(Hook::Matches) => out.extend(
                engine::lint_matches_itself(&set, i, ctx)
                    .or_else(|| lint_matches_field(&set, i, ctx)),
            ),
            RuleKind::Hook(Hook::ValidBase64) => out.push(lint_base64_inverted(&set, i)),
            RuleKind::Hook(Hook::ValidPhoneno) => out.push(lint_phone_lax(seg)),
            RuleKind::Hook(Hook::ValidUrl) => out.push(lint_url_lax(seg)),
            RuleKind::Hook(Hook::IsFileType) => out.push(lint_file_type(seg, ctx)),
            _ => {}
        }
        if !matches!(kind, RuleKind::Unknown | RuleKind::Member(_)) {
            out.extend(lint_custom_message_placeholder(seg));
            out.extend(lint_ignored_parameter(&set, i));
        }
    }
    out.extend(lint_required_elsewhere(&set));
    out.extend(lint_required_not_first(&set, ctx));
    out.extend(lint_length_conflict(&set));
    out.extend(lint_impossible_combination(&set));
    out.extend(engine::lint_unsubmittable_options(&set, ctx));
    out
}

fn problem(
    severity: Severity,
    code: &'static str,
    message: String,
    span: Range<usize>,
) -> RuleProblem {
    RuleProblem {
        severity,
        code,
        message,
        span: Some(span),
        fix: None,
    }
}

fn with_fix(mut p: RuleProblem, fix: Option<String>) -> RuleProblem {
    p.fix = fix;
    p
}

/// `text` with its line breaks written as `\n` (and CR, U+2028, U+2029 alike), for quoting.
fn visible(text: &str) -> String {
    text.replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// The original text of a span.
fn original(set: &RuleSet, span: &Range<usize>) -> String {
    set.source().get(span.clone()).unwrap_or("").to_string()
}

/// The rules string with `span` replaced by `text`.
fn splice(set: &RuleSet, span: &Range<usize>, text: &str) -> Option<String> {
    let source = set.source();
    Some(format!(
        "{}{}{}",
        source.get(..span.start)?,
        text,
        source.get(span.end..)?
    ))
}

/// How a new custom_validation segment must be spelled in this string: `callback_` when the
/// string already has that form (then the browser renames nothing).
fn custom_name(set: &RuleSet) -> &'static str {
    if set.source().contains("callback_custom_validation") {
        "callback_custom_validation"
    } else {
        "custom_validation"
    }
}

// ---------------------------------------------------------------------------------------------
// custom_validation regexes

/// The custom regex of segment `i`: its original text (before `###`) and its span.
fn custom_regex(set: &RuleSet, i: usize) -> Option<(String, Range<usize>)> {
    let seg = &set.segments()[i];
    let span = seg.param_span.clone()?;
    let param = original(set, &span);
    let pattern = param.split("###").next().unwrap_or("").to_string();
    let end = span.start + pattern.len();
    Some((pattern, span.start..end))
}

/// The pattern the browser compiles for segment `i`.
fn effective_pattern(seg: &Segment) -> Option<String> {
    seg.param.as_deref().map(custom_pattern)
}

#[cfg(test)]
mod tests;
