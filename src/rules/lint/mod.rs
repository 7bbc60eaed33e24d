//! Problems in a validation string, explained for product managers.
//!
//! [`lint`] is a pure function of the rules string and its [`LintContext`]. Each problem has a
//! byte span in the ORIGINAL string and, when a correction exists, the whole corrected string.

mod engine;
mod shape;

pub use engine::every_option_fails;

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
                out.extend(lint_number_param(&set, i))
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

/// A custom regex that does not compile: the rule always fails.
fn lint_regex_invalid(set: &RuleSet, i: usize) -> Option<RuleProblem> {
    let seg = &set.segments()[i];
    let pattern = effective_pattern(seg)?;
    let err = JsRegex::new(&pattern, "g").err()?;
    let (text, span) = custom_regex(set, i)?;
    let at = err
        .offset
        .map(|o| format!(" at character {}", o + 1))
        .unwrap_or_default();
    let message = format!(
        "The custom regex \"{text}\" is not valid in the browser ({}{at}), so this rule always fails.",
        err.reason
    );
    Some(problem(Severity::Error, "regex-invalid", message, span))
}

/// Every `or` of the pattern that touches a letter, or sits in a character class, with whether
/// it is inside a class.
fn or_in_words(pattern: &str) -> Vec<(usize, bool)> {
    let b = pattern.as_bytes();
    let mut found = Vec::new();
    let mut in_class = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                // An escaped `o` still forms `or` with the next `r`.
                if b.get(i + 1) == Some(&b'o') && b.get(i + 2) == Some(&b'r') {
                    found.push((i + 1, in_class));
                    i += 3;
                    continue;
                }
                i += 2;
                continue;
            }
            b'[' if !in_class => in_class = true,
            b']' if in_class => in_class = false,
            b'o' if b.get(i + 1) == Some(&b'r') => {
                let before = i
                    .checked_sub(1)
                    .and_then(|j| b.get(j))
                    .is_some_and(u8::is_ascii_alphabetic);
                let after = b.get(i + 2).is_some_and(u8::is_ascii_alphabetic);
                if in_class || before || after {
                    found.push((i, in_class));
                }
                i += 2;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Whether the browser's reading of a pattern has an empty alternative (`||`, `(|`, `|)`, or
/// `|` at an end) that the `or` rewriting created.
fn empty_alternative(original: &str, rewritten: &str) -> bool {
    let count = |p: &str| {
        let b = p.as_bytes();
        let mut n = 0;
        for (i, &c) in b.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| b[j]);
            let next = b.get(i + 1).copied();
            let empty_side = matches!(prev, None | Some(b'(' | b'|'))
                || matches!(next, None | Some(b')' | b'|'));
            if c == b'|' && prev != Some(b'\\') && empty_side {
                n += 1;
            }
        }
        n
    };
    count(rewritten) > count(original)
}

/// `or` inside a word of a custom regex: the browser turns it into `|`. A warning when that
/// leaves an empty alternative (`color` becomes `col|`) or hits a character class; otherwise
/// (`northorsouth`, which may be meant as north-or-south) a note.
fn lint_or_in_regex(set: &RuleSet, i: usize) -> Option<RuleProblem> {
    let (pattern, span) = custom_regex(set, i)?;
    let found = or_in_words(&pattern);
    if found.is_empty() {
        return None;
    }
    let mut fixed = String::new();
    let mut last = 0;
    for &(at, in_class) in &found {
        fixed.push_str(&pattern[last..at]);
        fixed.push_str(if in_class { r"o\x72" } else { "o[r]" });
        last = at + 2;
    }
    fixed.push_str(&pattern[last..]);
    let rewritten = custom_pattern(&pattern);
    let broken =
        found.iter().any(|&(_, in_class)| in_class) || empty_alternative(&pattern, &rewritten);
    let (severity, message) = if broken {
        (
            Severity::Warning,
            format!(
                "The custom regex \"{pattern}\" contains \"or\" inside a word. The browser turns every \"or\" \
                 into \"|\" (either/or), so it reads \"{rewritten}\". Write \"o[r]\" where you mean the letters o \
                 and r."
            ),
        )
    } else {
        (
            Severity::Info,
            format!(
                "The browser turns every \"or\" in a regex into \"|\" (either/or), so it reads \"{pattern}\" as \
                 \"{rewritten}\". If you meant the letters o and r, write \"o[r]\"."
            ),
        )
    };
    // Offer the correction only when it still compiles (a group name cannot take `o[r]`).
    let compiles = JsRegex::new(&custom_pattern(&fixed), "g").is_ok();
    let fix = if compiles {
        splice(set, &span, &fixed)
    } else {
        None
    };
    let at = span.start + found[0].0;
    Some(with_fix(
        problem(severity, "or-in-regex", message, at..at + 2),
        fix,
    ))
}

/// A custom regex without `^` and `$` matches anywhere in the value.
fn lint_unanchored_regex(set: &RuleSet, i: usize) -> Option<RuleProblem> {
    let seg = &set.segments()[i];
    let pattern = effective_pattern(seg)?;
    let (text, span) = custom_regex(set, i)?;
    if pattern.is_empty() {
        let message = "The custom regex is empty, so every value passes.".to_string();
        return Some(problem(
            Severity::Warning,
            "empty-regex",
            message,
            seg.span.clone(),
        ));
    }
    JsRegex::new(&pattern, "g").ok()?;
    let alts = shape::read(&pattern)?;
    let (start, end) = shape::anchors(&alts);
    match (start, end) {
        (true, true) => None,
        (false, false) => {
            let message = format!(
                "The custom regex \"{text}\" is not anchored with ^ at the start and $ at the end, so a value \
                 passes as soon as any part of it matches."
            );
            // A lookbehind at the start cannot follow ^: no correction then.
            let fixed = format!("^(?:{text})$");
            let fix = (!text.contains("(?<=") && !text.contains("(?<!"))
                .then(|| splice(set, &span, &fixed))
                .flatten()
                .filter(|_| JsRegex::new(&custom_pattern(&fixed), "g").is_ok());
            Some(with_fix(
                problem(Severity::Warning, "unanchored-regex", message, span),
                fix,
            ))
        }
        (only_start, _) => {
            let (side, rest) = if only_start {
                ("start (^)", "follow")
            } else {
                ("end ($)", "come before")
            };
            let message = format!(
                "The custom regex \"{text}\" is anchored only at the {side}, so anything may {rest} the part \
                 that matches. Add {} if the whole value must match.",
                if only_start {
                    "$ at the end"
                } else {
                    "^ at the start"
                }
            );
            Some(problem(Severity::Info, "unanchored-regex", message, span))
        }
    }
}

/// A repetition inside a repetition: the browser's backtracking can take exponential time.
fn lint_slow_regex(set: &RuleSet, i: usize) -> Option<RuleProblem> {
    let seg = &set.segments()[i];
    let pattern = effective_pattern(seg)?;
    JsRegex::new(&pattern, "g").ok()?;
    let alts = shape::read(&pattern)?;
    let found = shape::nested_repetition(&pattern, &alts)?;
    let (text, span) = custom_regex(set, i)?;
    let fragment = pattern.get(found).unwrap_or("");
    let message = format!(
        "The custom regex \"{text}\" repeats something that itself repeats ({fragment}). On a long value \
         that almost matches, the browser can freeze for seconds or more."
    );
    Some(problem(Severity::Warning, "slow-regex", message, span))
}

/// A parameter the rule does not read (and that holds no `###` message).
fn lint_ignored_parameter(set: &RuleSet, i: usize) -> Option<RuleProblem> {
    let seg = &set.segments()[i];
    let param = seg.param.as_deref()?;
    let (kind, rule, _) = classify(&seg.name);
    let reads_param = matches!(
        kind,
        RuleKind::CustomValidation
            | RuleKind::Hook(
                Hook::Matches
                    | Hook::Default
                    | Hook::MinLength
                    | Hook::MaxLength
                    | Hook::ExactLength
                    | Hook::GreaterThan
                    | Hook::LessThan
                    | Hook::IsFileType
            )
    );
    if reads_param || param.contains("###") {
        return None;
    }
    let span = seg.param_span.clone()?;
    let message = format!(
        "{rule} ignores its parameter \"{param}\". To show your own message instead of the standard one, write \
         it after ###: {rule}[###{param}]."
    );
    let fix = splice(set, &(span.start..span.start), "###");
    Some(with_fix(
        problem(Severity::Warning, "ignored-parameter", message, span),
        fix,
    ))
}

/// A custom message is shown verbatim: `%s` is not replaced.
fn lint_custom_message_placeholder(seg: &Segment) -> Option<RuleProblem> {
    let message = seg.custom_message()?;
    if !message.contains("%s") {
        return None;
    }
    let text = format!(
        "Custom messages are shown as written: the \"%s\" in \"{message}\" will not be replaced by the field's label."
    );
    Some(problem(
        Severity::Info,
        "message-placeholder",
        text,
        seg.span.clone(),
    ))
}

// ---------------------------------------------------------------------------------------------
// `|` inside a parameter

/// Consecutive segments that the user meant as one rule whose parameter holds a `|`.
#[derive(Clone, Debug)]
struct Cut {
    segments: Range<usize>,
    span: Range<usize>,
    name: String,
}

/// Finds segments `known_name[...` without their `]`, closed by a later segment ending in `]`.
fn pipe_cuts(set: &RuleSet) -> Vec<Cut> {
    let segs = set.segments();
    let mut cuts = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        let seg = &segs[i];
        let open = seg.param.is_none()
            && seg
                .name
                .find('[')
                .is_some_and(|at| classify(&seg.name[..at]).0 != RuleKind::Unknown)
            && !seg.raw.ends_with(']');
        if open && let Some(j) = (i + 1..segs.len()).find(|&j| segs[j].raw.ends_with(']')) {
            let name = seg.name[..seg.name.find('[').unwrap_or(0)].to_string();
            cuts.push(Cut {
                segments: i..j + 1,
                span: seg.span.start..segs[j].span.end,
                name,
            });
            i = j + 1;
            continue;
        }
        i += 1;
    }
    cuts
}

/// A `|` inside a regex or message splits the rule.
fn lint_pipe_split(set: &RuleSet, cut: &Cut) -> RuleProblem {
    let text = original(set, &cut.span);
    let reported = cut.name.strip_prefix("callback_").unwrap_or(&cut.name);
    let message = format!(
        "The \"|\" inside \"{text}\" splits it into separate rules, so the browser never runs {reported} \
         as written and every piece passes. A regex or a message cannot contain \"|\"; in a regex, write \
         \"or\" instead."
    );
    // Correct it when every `|` is in the regex part (before `###`).
    let hashes = text.find("###").unwrap_or(text.len());
    let in_regex = text[..hashes].matches('|').count() == cut.segments.len() - 1;
    let is_custom = reported == "custom_validation";
    let fix = (in_regex && is_custom)
        .then(|| format!("{}{}", text[..hashes].replace('|', "or"), &text[hashes..]))
        .and_then(|joined| splice(set, &cut.span, &joined));
    with_fix(
        problem(Severity::Error, "pipe-split", message, cut.span.clone()),
        fix,
    )
}

// ---------------------------------------------------------------------------------------------
// Unknown names

/// Every name the browser runs.
const CALLBACKS: &[&str] = &["callback_valid_date", "callback_custom_validation"];

fn known_names() -> impl Iterator<Item = &'static str> {
    super::eval::HOOKS
        .iter()
        .map(|(n, _, _)| *n)
        .chain(CALLBACKS.iter().copied())
}

/// The optimal-string-alignment distance (edits, with a swap of neighbours as one edit).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The known name closest to `name` (case, spaces and dashes ignored), if close enough.
fn closest_name(name: &str, set: &RuleSet) -> Option<&'static str> {
    let norm: String = name.trim().to_lowercase().replace(['-', ' '], "_");
    if norm.len() > 40 {
        return None;
    }
    if norm == "custom_validation" || norm == "valid_date" {
        let full = if norm == "valid_date" {
            "callback_valid_date"
        } else {
            custom_name(set)
        };
        return (full != name).then_some(if full == "custom_validation" {
            "custom_validation"
        } else {
            full
        });
    }
    let mut best: Option<(usize, &'static str)> = None;
    for known in known_names().chain(["custom_validation"]) {
        let d = distance(&norm, known);
        if best.is_none_or(|(b, _)| d < b) {
            best = Some((d, known));
        }
    }
    let (d, known) = best?;
    let limit = if known.len() >= 6 { 2 } else { 1 };
    (d <= limit && known != name).then_some(known)
}

/// A name the browser does not know: the rule silently passes.
fn lint_unknown_rule(set: &RuleSet, i: usize) -> Option<RuleProblem> {
    let seg = &set.segments()[i];
    let span = seg.span.clone();
    let raw = seg.raw.as_str();
    if raw.trim().is_empty() {
        let message = "This rule is only spaces; the browser ignores it.".to_string();
        let fix = Some(set.with_segment_removed(i));
        return Some(with_fix(
            problem(Severity::Warning, "empty-rule", message, span),
            fix,
        ));
    }
    // A known name whose parameter does not parse.
    if seg.param.is_none()
        && let Some(at) = seg.name.find('[')
        && classify(seg.name[..at].trim_end()).0 != RuleKind::Unknown
    {
        let name = &seg.name[..at];
        let (why, fix) = if raw.contains(js::is_line_terminator) {
            ("contains a line break".to_string(), None)
        } else if raw.ends_with("[]") {
            ("has an empty parameter []".to_string(), None)
        } else if !raw.ends_with(']') {
            (
                "is missing its closing ]".to_string(),
                Some(set.with_segment_replaced(i, &format!("{raw}]"))),
            )
        } else {
            ("has a space before [".to_string(), None)
        };
        if !why.starts_with("has a space") {
            let message = format!(
                "\"{}\" {why}, so the browser does not recognise {} and the rule always passes.",
                visible(raw),
                name.trim()
            );
            return Some(with_fix(
                problem(Severity::Error, "unknown-rule", message, span),
                fix,
            ));
        }
    }
    if seg.name == "custom_validation" {
        let message = format!(
            "\"{}\" is not run because this rules string also contains callback_custom_validation; write it \
             as callback_custom_validation.",
            original(set, &span)
        );
        let fixed = format_segment(seg.bang, "callback_custom_validation", seg.param.as_deref());
        let fix = Some(set.with_segment_replaced(i, &fixed));
        return Some(with_fix(
            problem(Severity::Error, "unknown-rule", message, span),
            fix,
        ));
    }
    // A close known name: a typo, a capital, a space.
    let compact: String = raw.trim().to_string();
    let (cand_name, cand_param) = match split_rule(&compact) {
        Some((n, p)) => (compact[n].trim().to_string(), Some(compact[p].to_string())),
        None => (compact.clone(), None),
    };
    let (bang, cand_name) = match cand_name.strip_prefix('!') {
        Some(rest) => (true, rest.to_string()),
        None => (false, cand_name),
    };
    let suggestion = if classify(&cand_name).0 != RuleKind::Unknown {
        Some(cand_name.as_str().to_string())
    } else {
        closest_name(&cand_name, set).map(str::to_string)
    };
    let shown = visible(&original(set, &span));
    if let Some(known) = suggestion {
        let corrected = format_segment(bang, &known, cand_param.as_deref());
        if corrected != raw {
            let message = format!(
                "\"{shown}\" is not a rule the browser knows, so it never runs and always passes. Did you mean \
                 \"{corrected}\"?"
            );
            let fix = Some(set.with_segment_replaced(i, &corrected));
            return Some(with_fix(
                problem(Severity::Error, "unknown-rule", message, span),
                fix,
            ));
        }
    }
    let message = if let Some(handler) = seg.name.strip_prefix("callback_") {
        format!(
            "\"{shown}\" asks for a handler \"{handler}\" that does not exist (only valid_date and \
             custom_validation do), so it always passes."
        )
    } else {
        format!("\"{shown}\" is not a rule the browser knows, so it never runs and always passes.")
    };
    Some(problem(Severity::Warning, "unknown-rule", message, span))
}

// ---------------------------------------------------------------------------------------------
// Parameters

/// min_length / max_length / exact_length whose parameter is not digits only.
fn lint_length_param(set: &RuleSet, i: usize) -> Option<RuleProblem> {
    let seg = &set.segments()[i];
    let rule = seg.reported_name();
    let Some(param) = seg.param.as_deref() else {
        let message = format!("{rule} has no length, so it always fails. Write it as {rule}[N].");
        return Some(problem(
            Severity::Error,
            "length-parameter",
            message,
            seg.span.clone(),
        ));
    };
    if param.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut message = format!(
        "{rule}[{param}] always fails: the browser reads the whole parameter \"{param}\" as the length, and \
         it is not digits only."
    );
    if param.contains("###") {
        message.push_str(&format!(" A custom message cannot be used with {rule}."));
    }
    let digits = seg
        .param_value()
        .map(str::trim)
        .map(|p| p.strip_prefix('+').unwrap_or(p));
    let fix = digits
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        .map(|d| set.with_segment_replaced(i, &format_segment(seg.bang, &seg.name, Some(d))));
    let span = seg.param_span.clone().unwrap_or(seg.span.clone());
    Some(with_fix(
        problem(Severity::Error, "length-parameter", message, span),
        fix,
    ))
}

/// greater_than / less_than whose parameter is not a number (or can never be beaten).
fn lint_number_param(set: &RuleSet, i: usize) -> Option<RuleProblem> {
    let seg = &set.segments()[i];
    let rule = seg.reported_name();
    let Some(param) = seg.param.as_deref() else {
        let message = format!("{rule} has no number, so it always fails. Write it as {rule}[N].");
        return Some(problem(
            Severity::Error,
            "number-parameter",
            message,
            seg.span.clone(),
        ));
    };
    let n = js::parse_float(param);
    let span = seg.param_span.clone().unwrap_or(seg.span.clone());
    let message = if n.is_nan() {
        format!("{rule}[{param}] always fails: \"{param}\" is not a number.")
    } else if (rule == "greater_than" && n == f64::INFINITY)
        || (rule == "less_than" && n == f64::NEG_INFINITY)
    {
        format!(
            "{rule}[{param}] always fails: no number is {} {param}.",
            words(rule)
        )
    } else {
        return None;
    };
    Some(problem(Severity::Error, "number-parameter", message, span))
}

fn words(rule: &str) -> &'static str {
    if rule == "greater_than" {
        "greater than"
    } else {
        "less than"
    }
}

/// The field named `wanted`, or the one closest to it (at most two edits, case ignored).
fn closest_field<'a>(ctx: &'a LintContext, wanted: &str) -> Option<&'a String> {
    ctx.fields.iter().find(|f| *f == wanted).or_else(|| {
        ctx.fields
            .iter()
            .filter(|f| f.len() <= 100 && distance(&f.to_lowercase(), &wanted.to_lowercase()) <= 2)
            .min_by_key(|f| distance(f, wanted))
    })
}

/// matches[f] where f is not a field of the same step.
fn lint_matches_field(set: &RuleSet, i: usize, ctx: &LintContext) -> Option<RuleProblem> {
    let seg = &set.segments()[i];
    let Some(param) = seg.param.as_deref() else {
        let message =
            "matches has no field name, so it always fails. Write it as matches[fieldname]."
                .to_string();
        return Some(problem(
            Severity::Error,
            "matches-field",
            message,
            seg.span.clone(),
        ));
    };
    if ctx.fields.iter().any(|f| f == param) {
        return None;
    }
    let span = seg.param_span.clone().unwrap_or(seg.span.clone());
    let wanted = seg.param_value().unwrap_or(param);
    let close = if wanted.len() > 100 {
        None
    } else {
        closest_field(ctx, wanted)
    };
    let mut message = if param.contains("###") {
        format!(
            "matches[{param}] always fails: the browser looks for a field named \"{param}\" (a custom message \
             cannot be used with matches)."
        )
    } else {
        format!("matches[{param}] always fails: this step has no field named \"{param}\".")
    };
    if let Some(close) = close
        && !param.contains("###")
    {
        message.push_str(&format!(" Did you mean \"{close}\"?"));
    }
    let fix =
        close.map(|f| set.with_segment_replaced(i, &format_segment(seg.bang, &seg.name, Some(f))));
    Some(with_fix(
        problem(Severity::Error, "matches-field", message, span),
        fix,
    ))
}

// ---------------------------------------------------------------------------------------------
// Surprising built-ins

/// A correct base64 check, written for the browser (`or` is its `|`).
const BASE64_REGEX: &str = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==or[A-Za-z0-9+/]{3}=)?$";

/// valid_base64 passes only non-base64 values.
fn lint_base64_inverted(set: &RuleSet, i: usize) -> RuleProblem {
    let seg = &set.segments()[i];
    let message = "valid_base64 is inverted in the browser: it rejects real base64 text such as \"SGVsbG8=\" \
                   and accepts only values containing a character other than A-Z, a-z, 0-9, +, / and =."
        .to_string();
    let replacement = format_segment(seg.bang, custom_name(set), Some(BASE64_REGEX));
    let fix = Some(set.with_segment_replaced(i, &replacement));
    with_fix(
        problem(
            Severity::Warning,
            "base64-inverted",
            message,
            seg.span.clone(),
        ),
        fix,
    )
}

/// valid_phoneno accepts surprising values.
fn lint_phone_lax(seg: &Segment) -> RuleProblem {
    let message =
        "valid_phoneno is a loose check: it accepts anything that starts with a backslash and any \
                   text that merely ends in enough digits, such as \"abc123\"."
            .to_string();
    problem(Severity::Info, "phone-lax", message, seg.span.clone())
}

/// valid_url accepts surprising values.
fn lint_url_lax(seg: &Segment) -> RuleProblem {
    let message =
        "valid_url accepts surprising values: \"/\" and \":8080\" pass, while \"example.com\" and \
                   \"www.example.com\" fail because they do not start with http:// or https://."
            .to_string();
    problem(Severity::Info, "url-lax", message, seg.span.clone())
}

/// is_file_type checks nothing: no progressive-profiling field is a file upload.
fn lint_file_type(seg: &Segment, ctx: &LintContext) -> RuleProblem {
    let kind = ctx
        .field_type
        .as_deref()
        .map(|t| format!(" (this one is {t})"))
        .unwrap_or_default();
    let message = format!(
        "is_file_type checks nothing here: the browser applies it only to file uploads, and this field is not \
         one{kind}, so every value passes."
    );
    problem(
        Severity::Warning,
        "file-type-noop",
        message,
        seg.span.clone(),
    )
}

// ---------------------------------------------------------------------------------------------
// The whole string

/// `required` appears, but not as a rule: every rule runs on an empty value.
fn lint_required_elsewhere(set: &RuleSet) -> Option<RuleProblem> {
    if !set.mentions_required() {
        return None;
    }
    // A real required rule, or a misspelt one (`Required`, `required `) that unknown-rule reports.
    let near = |s: &Segment| {
        s.name
            .trim()
            .trim_start_matches('!')
            .eq_ignore_ascii_case("required")
    };
    if set.segments().iter().any(near) {
        return None;
    }
    let at = set.source().find("required")?;
    let seg = set
        .segments()
        .iter()
        .find(|s| s.span.start <= at && at < s.span.end)?;
    let message = format!(
        "The word \"required\" appears in \"{}\" although the field has no required rule. The browser then \
         runs every rule on an empty value too, so leaving the field empty can fail with another rule's \
         message.",
        visible(&seg.raw)
    );
    Some(problem(
        Severity::Warning,
        "required-elsewhere",
        message,
        at..at + "required".len(),
    ))
}

/// `required` after a rule that fails on an empty value: that rule's message wins.
fn lint_required_not_first(set: &RuleSet, ctx: &LintContext) -> Option<RuleProblem> {
    let index = set.segments().iter().position(|s| s.name == "required")?;
    let verdict = CompiledRules::from_rule_set(set).evaluate_field(
        &ctx.subject(""),
        &ctx.form(),
        Messages::platform_ref(),
    );
    // A throw is reported by its own lint; a timeout cannot happen on an empty value that
    // matters here.
    let (rule, shown) = (verdict.rule()?, verdict.message()?);
    if rule == "required" {
        return None;
    }
    let message = format!(
        "On an empty value the browser stops at the {rule} rule, before required, and shows \"{shown}\" instead \
         of saying the field is required. Put required first."
    );
    let seg = &set.segments()[index];
    let moved = RuleSet::parse(&set.with_segment_removed(index)).with_segment_inserted(0, &seg.raw);
    Some(with_fix(
        problem(
            Severity::Info,
            "required-not-first",
            message,
            seg.span.clone(),
        ),
        Some(moved),
    ))
}

/// The digits-only length parameters of the string: (rule, n, span).
fn lengths(set: &RuleSet) -> Vec<(&'static str, f64, Range<usize>)> {
    set.segments()
        .iter()
        .filter_map(|s| {
            let (kind, rule, _) = classify(&s.name);
            let is_length = matches!(
                kind,
                RuleKind::Hook(Hook::MinLength | Hook::MaxLength | Hook::ExactLength)
            );
            let p = s.param.as_deref()?;
            (is_length && !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| (rule, js::parse_int(p), s.span.clone()))
        })
        .collect()
}

fn show(n: f64) -> String {
    format!("{n}")
}

/// Length rules that contradict each other.
fn lint_length_conflict(set: &RuleSet) -> Vec<RuleProblem> {
    let all = lengths(set);
    let mut out = Vec::new();
    for (i, (a, x, sa)) in all.iter().enumerate() {
        for (b, y, sb) in &all[i + 1..] {
            let text = match (*a, *b) {
                ("min_length", "max_length") | ("max_length", "min_length") => {
                    let (min, max) = if *a == "min_length" { (x, y) } else { (y, x) };
                    (min > max).then(|| {
                        format!(
                            "min_length[{}] and max_length[{}] can never both pass: no value is at least {} and \
                             at most {} characters long.",
                            show(*min),
                            show(*max),
                            show(*min),
                            show(*max)
                        )
                    })
                }
                ("exact_length", other) | (other, "exact_length") if other != "exact_length" => {
                    let (e, n) = if *a == "exact_length" { (x, y) } else { (y, x) };
                    let bad = if other == "min_length" { e < n } else { e > n };
                    bad.then(|| {
                        format!(
                            "exact_length[{}] and {other}[{}] can never both pass: a value of exactly {} \
                             characters is {} than {}.",
                            show(*e),
                            show(*n),
                            show(*e),
                            if other == "min_length" { "shorter" } else { "longer" },
                            show(*n)
                        )
                    })
                }
                ("exact_length", "exact_length") => (x != y).then(|| {
                    format!(
                        "exact_length[{}] and exact_length[{}] can never both pass.",
                        show(*x),
                        show(*y)
                    )
                }),
                _ => None,
            };
            if let Some(message) = text {
                out.push(problem(
                    Severity::Error,
                    "length-conflict",
                    message,
                    sa.start..sb.end,
                ));
            }
        }
    }
    out
}

// Character classes of the combination model. A rule allows a set of classes and may require
// a character of some classes; a non-empty value must fit every rule at once.
const L: u16 = 1; // ASCII letters
const D: u16 = 2; // ASCII digits
const DASH: u16 = 4;
const US: u16 = 8; // `_`
const DOT: u16 = 16;
const AT: u16 = 32;
const SPACE: u16 = 64; // JavaScript whitespace
// 128 is `+`, `/`, `=`: a class of its own, allowed only where ALL is.
const REST: u16 = 256; // everything else
const ALL: u16 = 511;

/// What a rule demands of a non-empty value: allowed classes, required classes (one character
/// of each listed set), and bounds on the length.
#[derive(Clone, Debug)]
struct Demand {
    label: String,
    span: Range<usize>,
    allowed: u16,
    required: Vec<u16>,
    min_len: f64,
    max_len: f64,
    /// Bounds on the number the value reads as (greater_than / less_than family).
    low: Option<(f64, bool)>,
    high: Option<f64>,
}

fn demand(seg: &Segment) -> Option<Demand> {
    let (kind, rule, _) = classify(&seg.name);
    let RuleKind::Hook(hook) = kind else {
        return None;
    };
    let param = seg.param.as_deref();
    let digits = param
        .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        .map(js::parse_int);
    let mut d = Demand {
        label: original_label(seg, rule),
        span: seg.span.clone(),
        allowed: ALL,
        required: Vec::new(),
        min_len: 1.0,
        max_len: f64::INFINITY,
        low: None,
        high: None,
    };
    match hook {
        Hook::Required => d.required = vec![ALL & !SPACE],
        Hook::Alpha => d.allowed = L,
        Hook::AlphaNumeric => d.allowed = L | D,
        Hook::AlphaDash => d.allowed = L | D | DASH | US,
        Hook::AlphaNumericDashCombo => {
            d.allowed = L | D | DASH;
            d.required = vec![L, D, DASH];
            d.min_len = 3.0;
        }
        Hook::AlphanumericCombo => {
            d.allowed = L | D;
            d.required = vec![L, D];
            d.min_len = 2.0;
        }
        Hook::Numeric | Hook::IsNatural => {
            d.allowed = D;
            d.low = Some((0.0, true));
        }
        Hook::IsNaturalNoZero => {
            d.allowed = D;
            d.low = Some((1.0, true));
        }
        Hook::Integer => {
            d.allowed = D | DASH;
            d.required = vec![D];
        }
        Hook::Decimal => {
            d.allowed = D | DASH | DOT;
            d.required = vec![D];
        }
        Hook::GreaterThan | Hook::LessThan => {
            d.allowed = D | DASH | DOT;
            d.required = vec![D];
            let n = param.map_or(f64::NAN, js::parse_float);
            if n.is_nan() {
                return None;
            }
            if hook == Hook::GreaterThan {
                d.low = Some((n, false));
            } else {
                d.high = Some(n);
            }
        }
        Hook::ValidEmail | Hook::ValidEmails => {
            d.required = vec![AT];
            d.min_len = 6.0;
        }
        Hook::ValidIp => {
            d.allowed = D | DOT;
            d.required = vec![D, DOT];
            d.min_len = 7.0;
            d.max_len = 15.0;
        }
        Hook::ValidCaZip => {
            d.allowed = L | D | SPACE;
            d.required = vec![L, D];
            d.min_len = 6.0;
        }
        Hook::ValidCreditCard => d.allowed = D | DASH | SPACE,
        Hook::ValidBase64 => d.required = vec![DASH | US | DOT | AT | SPACE | REST],
        Hook::MinLength => d.min_len = digits?.max(1.0),
        Hook::MaxLength => d.max_len = digits?,
        Hook::ExactLength => {
            d.min_len = digits?.max(1.0);
            d.max_len = digits?;
        }
        _ => return None,
    }
    Some(d)
}

fn original_label(seg: &Segment, rule: &str) -> String {
    match seg.param.as_deref() {
        Some(p) => format!("{rule}[{p}]"),
        None => rule.to_string(),
    }
}

fn is_length(label: &str) -> bool {
    label.starts_with("min_length")
        || label.starts_with("max_length")
        || label.starts_with("exact_length")
}

/// Two rules that no non-empty value can satisfy together.
fn lint_impossible_combination(set: &RuleSet) -> Vec<RuleProblem> {
    let demands: Vec<Demand> = set.segments().iter().filter_map(demand).collect();
    let mut out = Vec::new();
    for (i, a) in demands.iter().enumerate() {
        for b in &demands[i + 1..] {
            if (is_length(&a.label) && is_length(&b.label)) || a.label == b.label {
                continue; // length-conflict covers these
            }
            let allowed = a.allowed & b.allowed;
            let classes = allowed == 0
                || a.required
                    .iter()
                    .chain(&b.required)
                    .any(|r| r & allowed == 0);
            let length = a.min_len.max(b.min_len) > a.max_len.min(b.max_len);
            let low = match (a.low, b.low) {
                (Some(x), Some(y)) => Some(if x.0 > y.0 || (x.0 == y.0 && !x.1) {
                    x
                } else {
                    y
                }),
                (x, y) => x.or(y),
            };
            let high = match (a.high, b.high) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            };
            let numbers = match (low, high) {
                // v >= lo (or v > lo) and v < hi: impossible once lo >= hi.
                (Some((lo, _)), Some(hi)) => lo >= hi,
                _ => false,
            };
            if classes || length || numbers {
                let message = format!(
                    "{} and {} can never both pass: no filled-in value satisfies both.",
                    a.label, b.label
                );
                out.push(problem(
                    Severity::Error,
                    "impossible-combination",
                    message,
                    a.span.start..b.span.end,
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
