//! Checks of a rule's name and parameters: unknown or misspelt names, ignored or malformed
//! parameters, placeholders in custom messages, a regex cut by the rules' pipe.

use super::*;

/// A parameter the rule does not read (and that holds no `###` message).
pub(super) fn lint_ignored_parameter(set: &RuleSet, i: usize) -> Option<RuleProblem> {
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
pub(super) fn lint_custom_message_placeholder(seg: &Segment) -> Option<RuleProblem> {
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
pub(super) struct Cut {
    pub(super) segments: Range<usize>,
    span: Range<usize>,
    name: String,
}

/// Finds segments `known_name[...` without their `]`, closed by a later segment ending in `]`.
pub(super) fn pipe_cuts(set: &RuleSet) -> Vec<Cut> {
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
pub(super) fn lint_pipe_split(set: &RuleSet, cut: &Cut) -> RuleProblem {
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
pub(super) const CALLBACKS: &[&str] = &["callback_valid_date", "callback_custom_validation"];

pub(super) fn known_names() -> impl Iterator<Item = &'static str> {
    crate::rules::eval::HOOKS
        .iter()
        .map(|(n, _, _)| *n)
        .chain(CALLBACKS.iter().copied())
}

/// The optimal-string-alignment distance (edits, with a swap of neighbours as one edit).
pub(super) fn distance(a: &str, b: &str) -> usize {
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
pub(super) fn closest_name(name: &str, set: &RuleSet) -> Option<&'static str> {
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
pub(super) fn lint_unknown_rule(set: &RuleSet, i: usize) -> Option<RuleProblem> {
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
pub(super) fn lint_length_param(set: &RuleSet, i: usize) -> Option<RuleProblem> {
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
pub(super) fn lint_number_param(set: &RuleSet, i: usize) -> Option<RuleProblem> {
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

pub(super) fn words(rule: &str) -> &'static str {
    if rule == "greater_than" {
        "greater than"
    } else {
        "less than"
    }
}
