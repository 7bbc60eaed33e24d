//! Checks of the built-in rules whose behaviour surprises: `matches` naming no field, the
//! inverted base64 check, the lax phone and URL checks, file types.

use super::*;

/// The field named `wanted`, or the one closest to it (at most two edits, case ignored).
pub(super) fn closest_field<'a>(ctx: &'a LintContext, wanted: &str) -> Option<&'a String> {
    ctx.fields.iter().find(|f| *f == wanted).or_else(|| {
        ctx.fields
            .iter()
            .filter(|f| f.len() <= 100 && distance(&f.to_lowercase(), &wanted.to_lowercase()) <= 2)
            .min_by_key(|f| distance(f, wanted))
    })
}

/// matches[f] where f is not a field of the same step.
pub(super) fn lint_matches_field(
    set: &RuleSet,
    i: usize,
    ctx: &LintContext,
) -> Option<RuleProblem> {
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
pub(super) const BASE64_REGEX: &str =
    "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==or[A-Za-z0-9+/]{3}=)?$";

/// valid_base64 passes only non-base64 values.
pub(super) fn lint_base64_inverted(set: &RuleSet, i: usize) -> RuleProblem {
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
pub(super) fn lint_phone_lax(seg: &Segment) -> RuleProblem {
    let message =
        "valid_phoneno is a loose check: it accepts anything that starts with a backslash and any \
                   text that merely ends in enough digits, such as \"abc123\"."
            .to_string();
    problem(Severity::Info, "phone-lax", message, seg.span.clone())
}

/// valid_url accepts surprising values.
pub(super) fn lint_url_lax(seg: &Segment) -> RuleProblem {
    let message =
        "valid_url accepts surprising values: \"/\" and \":8080\" pass, while \"example.com\" and \
                   \"www.example.com\" fail because they do not start with http:// or https://."
            .to_string();
    problem(Severity::Info, "url-lax", message, seg.span.clone())
}

/// is_file_type checks nothing: no progressive-profiling field is a file upload.
pub(super) fn lint_file_type(seg: &Segment, ctx: &LintContext) -> RuleProblem {
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
