//! Lints that follow from how the browser's validator looks names up and runs rules: rule names
//! that make it throw, `matches` on the field itself, and dropdowns whose every option fails.

use super::{LintContext, RuleProblem, Severity, problem, with_fix};
use crate::rules::eval::{CompiledRules, Hook, MemberCall, RuleKind, classify};
use crate::rules::messages::Messages;
use crate::rules::parse::RuleSet;

/// When a segment runs, in words: on a filled-in value, or on every value.
fn when_it_runs(set: &RuleSet, i: usize) -> &'static str {
    if set.mentions_required() || set.segments()[i].forces_run_on_empty() {
        "whenever the form is validated"
    } else {
        "as soon as the field has a value"
    }
}

/// A rule named like a member of `Object.prototype` (`hasOwnProperty`, `__defineGetter__`...):
/// the validator finds JavaScript's built-in function under that name and throws.
pub(super) fn lint_member_rule(set: &RuleSet, i: usize) -> RuleProblem {
    let seg = &set.segments()[i];
    let (kind, name, _) = classify(&seg.name);
    let how = match kind {
        RuleKind::Member(MemberCall::Throws) => "the call fails with an exception",
        _ => "it answers false, so the rule fails, and no message exists for it",
    };
    let message = format!(
        "\"{name}\" is not a rule: the browser's validator finds JavaScript's built-in {name} \
         function under that name and calls it ({how}). When it runs ({}), the browser's \
         validator throws: validation breaks for the whole form. Remove it.",
        when_it_runs(set, i)
    );
    with_fix(
        problem(
            Severity::Error,
            "validator-throws",
            message,
            seg.span.clone(),
        ),
        Some(set.with_segment_removed(i)),
    )
}

/// `custom_validation` without `[pattern]`: the handler reads its missing parameter and throws.
pub(super) fn lint_bare_custom_validation(set: &RuleSet, i: usize) -> RuleProblem {
    let seg = &set.segments()[i];
    let message = format!(
        "\"{}\" has no [pattern]: when it runs ({}), the browser's validator throws: validation \
         breaks for the whole form. Write it as custom_validation[^pattern$###message], or remove \
         it.",
        seg.raw.trim(),
        when_it_runs(set, i)
    );
    with_fix(
        problem(
            Severity::Error,
            "validator-throws",
            message,
            seg.span.clone(),
        ),
        Some(set.with_segment_removed(i)),
    )
}

/// `matches[n]` where n is the field's own name: the field is compared with itself.
pub(super) fn lint_matches_itself(
    set: &RuleSet,
    i: usize,
    ctx: &LintContext,
) -> Option<RuleProblem> {
    let seg = &set.segments()[i];
    let param = seg.param.as_deref()?;
    if ctx.name.as_deref() != Some(param) {
        return None;
    }
    let message = format!(
        "matches[{param}] compares this field with itself, so it always passes. Name the field \
         this one must equal (for a confirmation, the password field)."
    );
    let span = seg.param_span.clone().unwrap_or(seg.span.clone());
    Some(problem(Severity::Warning, "matches-itself", message, span))
}

/// Whether every one of a dropdown's option `values` certainly fails `set` (a timeout or a throw
/// is not a certain failure), for the field named `name`. `false` when the rules read another
/// field (`matches[f]` depends on what the consumer typed there) or there is no value. No
/// message is built: cheap enough to run before deciding what a lint needs.
pub fn every_option_fails(set: &RuleSet, name: Option<&str>, values: &[String]) -> bool {
    let reads_other_fields = set.segments().iter().any(|s| {
        classify(&s.name).0 == RuleKind::Hook(Hook::Matches) && s.param.as_deref() != name
    });
    if reads_other_fields || values.is_empty() {
        return false;
    }
    let compiled = CompiledRules::from_rule_set(set);
    let form = crate::rules::Form::new();
    values.iter().all(|v| {
        let subject = crate::rules::Subject {
            name,
            display: "",
            value: v,
        };
        compiled.validity(&subject, &form, Messages::platform_ref()) == Some(false)
    })
}

/// A dropdown whose every option value fails its rules: no choice can ever be submitted.
pub(super) fn lint_unsubmittable_options(set: &RuleSet, ctx: &LintContext) -> Option<RuleProblem> {
    if ctx.field_type.as_deref() != Some("option") {
        return None;
    }
    let values = ctx.options.as_deref().filter(|v| !v.is_empty())?;
    if !every_option_fails(set, ctx.name.as_deref(), values) {
        return None;
    }
    let compiled = CompiledRules::from_rule_set(set);
    let form = ctx.form();
    let messages = Messages::platform_ref();
    let verdict = |value: &str| compiled.evaluate_field(&ctx.subject(value), &form, messages);
    let value = values.first()?;
    let v = verdict(value);
    let shown = v.message().unwrap_or_default();
    let n = values.len();
    let which = if n == 1 {
        format!("The only option value, \"{value}\", fails its rules (\"{shown}\")")
    } else {
        format!(
            "None of the {n} option values of this dropdown passes its rules: \"{value}\" fails \
             with \"{shown}\", and so do the other {}",
            n - 1
        )
    };
    let empty = verdict("");
    let tail = if empty.is_invalid() {
        "; leaving it on \"-- select --\" fails too, so the consumer can never submit this step"
    } else {
        ", so the consumer can never submit a choice (only leave it on \"-- select --\")"
    };
    let message = format!("{which}{tail}. Fix the rules or the option values.");
    let len = set.source().len();
    Some(problem(
        Severity::Error,
        "options-all-fail",
        message,
        0..len,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::lint::lint;

    fn codes(rules: &str, ctx: &LintContext) -> Vec<(&'static str, Severity, String)> {
        lint(rules, ctx)
            .into_iter()
            .map(|p| (p.code, p.severity, p.message))
            .collect()
    }

    fn dropdown(rules_name: &str, values: &[&str]) -> LintContext {
        LintContext {
            field_type: Some("option".into()),
            display: Some("Gender".into()),
            name: Some(rules_name.into()),
            options: Some(
                values
                    .iter()
                    .map(std::string::ToString::to_string)
                    .collect(),
            ),
            ..LintContext::default()
        }
    }

    #[test]
    fn prototype_member_rule_names_are_errors_not_unknown_rules() {
        for name in ["hasOwnProperty", "__defineGetter__", "__lookupSetter__"] {
            let rules = format!("required|{name}");
            let found = lint(&rules, &LintContext::default());
            assert_eq!(found.len(), 1, "{found:#?}");
            let p = &found[0];
            assert_eq!((p.code, p.severity), ("validator-throws", Severity::Error));
            assert!(
                p.message.contains("validation breaks for the whole form"),
                "{}",
                p.message
            );
            assert!(p.message.contains("whenever the form is validated"));
            assert_eq!(&rules[p.span.clone().unwrap()], name);
            assert_eq!(p.fix.as_deref(), Some("required"));
        }
        let p = &lint("min_length[2]|isPrototypeOf", &LintContext::default())[0];
        assert!(
            p.message.contains("as soon as the field has a value"),
            "{}",
            p.message
        );
        // Members that pass are unknown names, as before.
        let found = codes("toString", &LintContext::default());
        assert_eq!(found[0].0, "unknown-rule");
    }

    #[test]
    fn a_bare_custom_validation_is_an_error() {
        let found = lint("required|custom_validation", &LintContext::default());
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].code, "validator-throws");
        assert_eq!(
            found[0].message,
            "\"custom_validation\" has no [pattern]: when it runs (whenever the form is validated), \
             the browser's validator throws: validation breaks for the whole form. Write it as \
             custom_validation[^pattern$###message], or remove it."
        );
        assert_eq!(found[0].fix.as_deref(), Some("required"));
        assert_eq!(
            codes("callback_custom_validation", &LintContext::default())[0].0,
            "validator-throws"
        );
        // With a pattern it is no such problem.
        assert!(
            lint("custom_validation[^a$]", &LintContext::default())
                .iter()
                .all(|p| p.code != "validator-throws")
        );
    }

    #[test]
    fn matches_on_the_field_itself() {
        let ctx = LintContext {
            name: Some("password".into()),
            fields: vec!["email".into()],
            ..LintContext::default()
        };
        let found = codes("required|matches[password]", &ctx);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].0, "matches-itself");
        assert_eq!(found[0].1, Severity::Warning);
        assert!(
            found[0]
                .2
                .contains("compares this field with itself, so it always passes")
        );
        // Another field is the usual check.
        assert_eq!(codes("matches[phone]", &ctx)[0].0, "matches-field");
        assert!(codes("matches[email]", &ctx).is_empty());
    }

    #[test]
    fn a_dropdown_whose_every_option_fails() {
        let ctx = dropdown("gender", &["M", "F"]);
        let p = lint("numeric", &ctx);
        assert_eq!(p.len(), 1, "{p:#?}");
        assert_eq!(
            (p[0].code, p[0].severity),
            ("options-all-fail", Severity::Error)
        );
        assert_eq!(
            p[0].message,
            "None of the 2 option values of this dropdown passes its rules: \"M\" fails with \"The \
             Gender field must contain only numbers.\", and so do the other 1, so the consumer can \
             never submit a choice (only leave it on \"-- select --\"). Fix the rules or the option \
             values."
        );
        let p = lint("required|numeric", &dropdown("gender", &["M"]));
        assert_eq!(
            p[0].message,
            "The only option value, \"M\", fails its rules (\"The Gender field must contain only \
             numbers.\"); leaving it on \"-- select --\" fails too, so the consumer can never submit \
             this step. Fix the rules or the option values."
        );
        // One passing value is enough; other types and rules reading other fields are skipped.
        assert!(lint("alpha", &dropdown("gender", &["1", "F"])).is_empty());
        let mut text = dropdown("gender", &["M"]);
        text.field_type = Some("string".into());
        assert!(lint("numeric", &text).is_empty());
        let mut other = dropdown("gender", &["M"]);
        other.fields = vec!["x".into()];
        assert!(
            lint("matches[x]", &other)
                .iter()
                .all(|p| p.code != "options-all-fail")
        );
        // An empty label falls back to the field's name in the quoted message.
        let mut unlabelled = dropdown("gender", &["M"]);
        unlabelled.display = Some(String::new());
        assert!(
            lint("numeric", &unlabelled)[0]
                .message
                .contains("The gender field")
        );
        // A throwing rule is reported as such, not as every option failing.
        let p = lint("hasOwnProperty", &dropdown("gender", &["M"]));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].code, "validator-throws");
    }
}
