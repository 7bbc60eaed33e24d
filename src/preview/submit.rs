//! What Submit does in the consumer's browser, for a previewed step: posted, blocked (with
//! each field's exact message), or unknown (a field has no verdict). No GUI: the studio's
//! preview draws it.

use super::{FieldPreview, StepPreview};
use crate::project::{Field, Step};
use crate::rules::Verdict;
use crate::rules::eval::FULL_MATCH_TIMEOUT;

/// What a press of Submit gives.
#[derive(Debug, Clone, PartialEq)]
pub enum SubmitResult {
    /// The form was valid: the JSON that would be posted, pretty-printed.
    Posted(String),
    /// The browser blocks the submit: each invalid field's label and exact message.
    Invalid(Vec<(String, String)>),
    /// The studio cannot say what the browser does: each field without a verdict, and why (the
    /// page would freeze on its value, the validator throws, or a check is still running).
    Unknown(Vec<(String, String)>),
}

/// The label as the consumer reads it: the platform inserts it as HTML (`x<y` shows "x");
/// the field's name when it has none (so the studio can still name the box).
pub fn label_text(f: &Field) -> String {
    if f.display.trim().is_empty() {
        f.name.clone()
    } else {
        crate::report::markup::label_text(&f.display)
    }
}

/// The mark of a field that has no verdict, and why; `None` when it has one.
pub fn no_verdict_mark(p: &FieldPreview, verdict: &Verdict) -> Option<String> {
    match verdict {
        Verdict::TimedOut { rule } if p.checking => Some(format!(
            "Checking… the {rule} regex is slow on this value (finishing in the background)."
        )),
        Verdict::TimedOut { rule } => Some(format!(
            "⚠ The consumer's page would freeze on this value: the {rule} regex ran past {} ms \
             (the browser has no limit). No verdict.",
            FULL_MATCH_TIMEOUT.as_millis()
        )),
        Verdict::Throws { rule } => Some(format!(
            "⚠ The browser's validator throws at \"{rule}\" on this value: validation breaks for \
             the whole form."
        )),
        Verdict::Valid | Verdict::Invalid { .. } => None,
    }
}

/// What Submit gives for the current preview: posted when every field is valid; blocked when
/// one certainly fails (and none throws); unknown when a field has no verdict and none fails,
/// or when the validator throws (then nothing is validated as the studio shows it).
pub fn submit_result(step: &Step, preview: &StepPreview) -> SubmitResult {
    if preview.valid()
        && let Some(json) = &preview.submit
    {
        return SubmitResult::Posted(serde_json::to_string_pretty(json).unwrap_or_default());
    }
    let each = |pick: &dyn Fn(&FieldPreview, &Verdict) -> Option<String>| {
        step.fields
            .iter()
            .zip(&preview.fields)
            .filter_map(|(f, p)| {
                let why = pick(p, p.verdict.as_ref()?)?;
                Some((label_text(f), why))
            })
            .collect::<Vec<_>>()
    };
    let unknown = each(&|p, v| no_verdict_mark(p, v));
    if preview.throws || !preview.blocked() {
        return SubmitResult::Unknown(unknown);
    }
    SubmitResult::Invalid(each(&|_, v| v.message().map(str::to_string)))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde_json::Map;

    use super::*;
    use crate::preview::Preview;
    use crate::project::{FieldType, Settings};

    fn step() -> Step {
        let mut s = Step::new("S");
        let mut company = Field::new("company", "R&amp;D <b>team</b>", FieldType::String);
        company.rules = "required".into();
        s.fields.push(company);
        let mut size = Field::new("cf_Size", "", FieldType::String);
        size.rules = "numeric".into();
        s.fields.push(size);
        s
    }

    fn submit(values: &[(&str, &str)]) -> SubmitResult {
        let s = step();
        let values: HashMap<String, String> = values
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let p = Preview::new().compute(&s, &Map::new(), &Settings::default(), &values);
        submit_result(&s, &p)
    }

    #[test]
    fn an_invalid_form_is_blocked_with_each_fields_shown_label_and_message() {
        assert_eq!(
            submit(&[("cf_Size", "ten")]),
            SubmitResult::Invalid(vec![
                (
                    "R&D team".into(),
                    "The R&amp;D <b>team</b> field is required.".into()
                ),
                // (No label: the message names the field, as the platform's does.)
                (
                    "cf_Size".into(),
                    "The cf_Size field must contain only numbers.".into()
                ),
            ])
        );
    }

    #[test]
    fn a_valid_form_posts_its_json_with_custom_fields_apart() {
        let SubmitResult::Posted(json) = submit(&[("company", "Acme"), ("cf_Size", "12")]) else {
            panic!("posted");
        };
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"company": "Acme", "CustomFields": {"Size": "12"}})
        );
    }
}
