//! A changed rules string: told rule by rule, and judged on sample values with the engine.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use super::{Judgement, ValueChange, ValueSource};
use crate::project::{Field, FieldType, Id, Options, Step};
use crate::rules::{
    CompiledRules, Form, Hook, Messages, RuleKind, RuleSet, Segment, Subject, Verdict, classify, js,
};

/// The values the rule lints quote to explain a surprise (`valid_base64` rejects "SGVsbG8=",
/// `valid_phoneno` takes "abc123", `valid_url` takes "/" and ":8080" but not "example.com"):
/// judged on every changed rules string. A test keeps them in the lints' messages.
pub const LINT_EXAMPLES: [&str; 6] = [
    "SGVsbG8=",
    "abc123",
    "/",
    ":8080",
    "example.com",
    "www.example.com",
];

/// The time limit of one regex match when judging values (a catastrophic pattern costs this
/// per value, not a freeze).
pub const MATCH_TIMEOUT: Duration = Duration::from_millis(25);

/// Length and number limits beyond this are not tried (the values would be huge).
const MAX_LIMIT: f64 = 512.0;

/// Lines shown for a list of option changes before "and N more".
const MAX_OPTION_LINES: usize = 20;

fn rules(text: &str) -> Vec<Segment> {
    RuleSet::parse(text)
        .segments()
        .iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect()
}

/// A rules change rule by rule: "min_length[2] became min_length[3]", "valid_email added",
/// "max_length[50] removed", and a change of order (the browser stops at the first failure).
/// Rules are matched by name, identical ones first.
pub fn rule_words(old: &str, new: &str) -> Vec<String> {
    if old == new {
        return Vec::new();
    }
    let (os, ns) = (rules(old), rules(new));
    let mut used = vec![false; os.len()];
    let mut matched: Vec<Option<usize>> = vec![None; ns.len()];
    for exact in [true, false] {
        for (k, n) in ns.iter().enumerate() {
            if matched[k].is_some() {
                continue;
            }
            let found = (0..os.len()).find(|&j| {
                !used[j]
                    && if exact {
                        os[j].raw == n.raw
                    } else {
                        os[j].name == n.name
                    }
            });
            if let Some(j) = found {
                used[j] = true;
                matched[k] = Some(j);
            }
        }
    }
    let mut out = Vec::new();
    for (k, n) in ns.iter().enumerate() {
        match matched[k] {
            Some(j) if os[j].raw != n.raw => out.push(format!("{} became {}", os[j].raw, n.raw)),
            Some(_) => {}
            None => out.push(format!("{} added", n.raw)),
        }
    }
    for (j, o) in os.iter().enumerate() {
        if !used[j] {
            out.push(format!("{} removed", o.raw));
        }
    }
    let order: Vec<usize> = matched.iter().flatten().copied().collect();
    if order.windows(2).any(|w| w[0] > w[1]) {
        let mut before = order.clone();
        before.sort_unstable();
        let names = |idx: &[usize]| {
            idx.iter()
                .map(|&j| os[j].reported_name().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(format!(
            "the order changed: {} became {} (the browser shows the first rule that fails)",
            names(&before),
            names(&order)
        ));
    }
    if out.is_empty() {
        out.push("only empty rules (\"||\") changed: no effect in the browser".into());
    }
    out
}

/// A change of a dropdown's choices, by value.
pub(crate) fn option_words(old: &Options, new: &Options) -> Vec<String> {
    let (Options::List(ol), Options::List(nl)) = (old, new) else {
        return Vec::new();
    };
    let mut used = vec![false; ol.len()];
    let mut out = Vec::new();
    let mut order = Vec::new();
    for n in nl {
        match (0..ol.len()).find(|&j| !used[j] && ol[j].value == n.value) {
            Some(j) => {
                used[j] = true;
                order.push(j);
                let o = &ol[j];
                if o.text != n.text {
                    out.push(format!(
                        "the text of option {} became \"{}\" (was \"{}\")",
                        n.value, n.text, o.text
                    ));
                }
                if o.extra != n.extra || o.written != n.written {
                    out.push(format!("option {}: other keys changed", n.value));
                }
            }
            None => out.push(format!("option {} (\"{}\") added", n.value, n.text)),
        }
    }
    for (j, o) in ol.iter().enumerate() {
        if !used[j] {
            out.push(format!("option {} (\"{}\") removed", o.value, o.text));
        }
    }
    if order.windows(2).any(|w| w[0] > w[1]) {
        out.push("the order of the options changed".into());
    }
    if out.len() > MAX_OPTION_LINES {
        let more = out.len() - MAX_OPTION_LINES;
        out.truncate(MAX_OPTION_LINES);
        out.push(format!("and {more} more"));
    }
    out
}

/// Values in the order found, each once.
#[derive(Default)]
struct Candidates {
    list: Vec<(String, ValueSource)>,
    seen: HashSet<String>,
}

/// Adds `value` unless it is already there.
fn push(out: &mut Candidates, value: &str, source: ValueSource) {
    if out.seen.insert(value.to_string()) {
        out.list.push((value.to_string(), source));
    }
}

fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// The character length-limit values are made of: a digit when either rules string wants
/// numbers, else a letter.
fn filler(of: &Field, nf: &Field) -> &'static str {
    let numeric = [of, nf].iter().any(|f| {
        rules(&f.rules).iter().any(|s| {
            matches!(
                classify(&s.name).0,
                RuleKind::Hook(
                    Hook::Numeric
                        | Hook::Integer
                        | Hook::Decimal
                        | Hook::IsNatural
                        | Hook::IsNaturalNoZero
                        | Hook::GreaterThan
                        | Hook::LessThan
                )
            )
        })
    });
    if numeric { "1" } else { "a" }
}

/// The values judged for a rules change of `of` into `nf`: the empty value, the preview's
/// starting value (the `value` key; "true" for a checkbox), the placeholder, the option
/// values, the lints' examples, then just below, at and above each length and number limit
/// of either rules string.
fn candidates(of: &Field, nf: &Field) -> Vec<(String, ValueSource)> {
    let mut out = Candidates::default();
    push(&mut out, "", ValueSource::Empty);
    for f in [of, nf] {
        if let Some(v) = f.extra_str("value") {
            push(&mut out, v, ValueSource::StartingValue);
        }
        if f.field_type == FieldType::Multi {
            push(&mut out, "true", ValueSource::StartingValue);
        }
    }
    for f in [of, nf] {
        if let Some(v) = f.extra_str("placeholder") {
            push(&mut out, v, ValueSource::Placeholder);
        }
    }
    for f in [of, nf] {
        for o in f.options.list() {
            push(&mut out, &o.value, ValueSource::OptionValue);
        }
    }
    for v in LINT_EXAMPLES {
        push(&mut out, v, ValueSource::LintExample);
    }
    for f in [of, nf] {
        for seg in rules(&f.rules) {
            let (kind, _, _) = classify(&seg.name);
            let Some(param) = seg.param.as_deref() else {
                continue;
            };
            match kind {
                RuleKind::Hook(Hook::MinLength | Hook::MaxLength | Hook::ExactLength) => {
                    if param.is_empty() || !param.bytes().all(|b| b.is_ascii_digit()) {
                        continue;
                    }
                    let n = js::parse_int(param);
                    if !(0.0..=MAX_LIMIT).contains(&n) {
                        continue;
                    }
                    let n = n as usize;
                    let fill = filler(of, nf);
                    for len in [n.saturating_sub(1), n, n + 1] {
                        push(&mut out, &fill.repeat(len), ValueSource::LengthLimit);
                    }
                }
                RuleKind::Hook(Hook::GreaterThan | Hook::LessThan) => {
                    let x = js::parse_float(param);
                    if !x.is_finite() || x.abs() > 1e12 {
                        continue;
                    }
                    for v in [x - 1.0, x, x + 1.0] {
                        push(&mut out, &number_text(v), ValueSource::NumberLimit);
                    }
                }
                _ => {}
            }
        }
    }
    out.list
}

/// The form a field is validated in: the step's fields with their starting values.
fn form_of(step: &Step) -> Form {
    let mut form = Form::new();
    for f in &step.fields {
        form.insert(
            f.name.as_str(),
            f.extra_str("value").unwrap_or(""),
            f.display.as_str(),
        );
    }
    form
}

/// The engine's verdict as a judgement (the one place that reads [`Verdict`]).
fn judgement(v: Verdict) -> Judgement {
    match v {
        Verdict::Valid => Judgement::Accepted,
        Verdict::Invalid { rule, message } => Judgement::Refused {
            rule: rule.to_string(),
            message,
        },
        Verdict::TimedOut { rule } => Judgement::Unknown {
            rule: rule.to_string(),
        },
        Verdict::Throws { rule } => Judgement::Throws {
            rule: rule.to_string(),
        },
    }
}

/// The time one diff may spend judging sample values: past it, rules changes are told
/// without their values (a slow custom regex must not stall the studio).
pub const JUDGING_BUDGET: Duration = Duration::from_secs(2);

/// Compiled rules strings and step forms, kept while one diff is computed (a large project
/// repeats a few rules strings in thousands of fields).
#[derive(Default)]
pub(crate) struct Judges {
    compiled: HashMap<String, CompiledRules>,
    /// By (the step is OLD's, step identity).
    forms: HashMap<(bool, Id), Form>,
    spent: Duration,
    /// Rules changes left unjudged once the budget was spent.
    pub(crate) skipped: usize,
}

impl Judges {
    fn compile(&mut self, rules: &str) {
        if !self.compiled.contains_key(rules) {
            let c = CompiledRules::new(rules).with_timeout(MATCH_TIMEOUT);
            self.compiled.insert(rules.to_string(), c);
        }
    }

    /// The step's form, taken out of the cache (give it back with [`Judges::put_form`]).
    fn take_form(&mut self, old: bool, step: &Step) -> Form {
        self.forms
            .remove(&(old, step.id))
            .unwrap_or_else(|| form_of(step))
    }

    /// Gives back a form, its field under test reset to its starting value.
    fn put_form(&mut self, old: bool, step: &Step, field: &Field, mut form: Form) {
        form.insert(
            field.name.as_str(),
            field.extra_str("value").unwrap_or(""),
            field.display.as_str(),
        );
        self.forms.insert((old, step.id), form);
    }
}

/// The sample values whose verdict differs between `of` (in its step `os`) and `nf` (in
/// `ns`), each judged by the engine as the browser would, in its own form.
pub(crate) fn value_impact(
    of: &Field,
    os: &Step,
    nf: &Field,
    ns: &Step,
    judges: &mut Judges,
) -> Vec<ValueChange> {
    if judges.spent >= JUDGING_BUDGET {
        judges.skipped += 1;
        return Vec::new();
    }
    let started = std::time::Instant::now();
    judges.compile(&of.rules);
    judges.compile(&nf.rules);
    let (mut old_form, mut new_form) = (judges.take_form(true, os), judges.take_form(false, ns));
    let out = match (
        judges.compiled.get(&of.rules),
        judges.compiled.get(&nf.rules),
    ) {
        (Some(old_rules), Some(new_rules)) => judge_all(
            of,
            nf,
            (old_rules, &mut old_form),
            (new_rules, &mut new_form),
        ),
        _ => Vec::new(),
    };
    judges.put_form(true, os, of, old_form);
    judges.put_form(false, ns, nf, new_form);
    judges.spent += started.elapsed();
    out
}

fn judge_all(
    of: &Field,
    nf: &Field,
    (old_rules, old_form): (&CompiledRules, &mut Form),
    (new_rules, new_form): (&CompiledRules, &mut Form),
) -> Vec<ValueChange> {
    let mut out = Vec::new();
    for (value, source) in candidates(of, nf) {
        // The validator sees the field under test with the value typed.
        old_form.insert(of.name.as_str(), value.as_str(), of.display.as_str());
        new_form.insert(nf.name.as_str(), value.as_str(), nf.display.as_str());
        let old = judgement(old_rules.evaluate_field(
            &Subject::new(&of.name, &of.display, &value),
            old_form,
            Messages::platform_ref(),
        ));
        let new = judgement(new_rules.evaluate_field(
            &Subject::new(&nf.name, &nf.display, &value),
            new_form,
            Messages::platform_ref(),
        ));
        if old != new {
            out.push(ValueChange {
                value,
                source,
                old,
                new,
            });
        }
    }
    out
}

/// One value the browser refuses for `field` of `step` (with its exact message) and one it
/// accepts, among the values a rules change is judged on (the empty value, the starting value,
/// the placeholder, the option values, the lints' examples, the values around each length and
/// number limit): the review page's examples. `None` where no such value was found.
pub fn refused_and_accepted(
    step: &Step,
    field: &Field,
) -> (Option<(String, String)>, Option<String>) {
    let rules = CompiledRules::new(&field.rules).with_timeout(MATCH_TIMEOUT);
    let mut form = form_of(step);
    let mut refused = None;
    let mut accepted = None;
    // A value a consumer might type comes first for "accepted": the lints' odd examples last.
    let mut values = candidates(field, field);
    values.sort_by_key(|(_, source)| *source == ValueSource::LintExample);
    for (value, _) in values {
        form.insert(field.name.as_str(), value.as_str(), field.display.as_str());
        match judgement(rules.evaluate_field(
            &Subject::new(&field.name, &field.display, &value),
            &form,
            Messages::platform_ref(),
        )) {
            Judgement::Refused { message, .. } if refused.is_none() => {
                refused = Some((value, message));
            }
            Judgement::Accepted if accepted.is_none() => accepted = Some(value),
            _ => {}
        }
        if refused.is_some() && accepted.is_some() {
            break;
        }
    }
    (refused, accepted)
}
