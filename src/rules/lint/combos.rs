//! Checks of the rules together: `required` out of place, conflicting lengths, rules that no
//! value can satisfy at once.

use super::*;

/// `required` appears, but not as a rule: every rule runs on an empty value.
pub(super) fn lint_required_elsewhere(set: &RuleSet) -> Option<RuleProblem> {
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
pub(super) fn lint_required_not_first(set: &RuleSet, ctx: &LintContext) -> Option<RuleProblem> {
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
pub(super) fn lengths(set: &RuleSet) -> Vec<(&'static str, f64, Range<usize>)> {
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

pub(super) fn show(n: f64) -> String {
    format!("{n}")
}

/// Length rules that contradict each other.
pub(super) fn lint_length_conflict(set: &RuleSet) -> Vec<RuleProblem> {
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
pub(super) struct Demand {
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

pub(super) fn demand(seg: &Segment) -> Option<Demand> {
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

pub(super) fn original_label(seg: &Segment, rule: &str) -> String {
    match seg.param.as_deref() {
        Some(p) => format!("{rule}[{p}]"),
        None => rule.to_string(),
    }
}

pub(super) fn is_length(label: &str) -> bool {
    label.starts_with("min_length")
        || label.starts_with("max_length")
        || label.starts_with("exact_length")
}

/// Two rules that no non-empty value can satisfy together.
pub(super) fn lint_impossible_combination(set: &RuleSet) -> Vec<RuleProblem> {
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
