//! The surprises of the platform's markup (`MARKUP.md`) that a product manager would not
//! expect, on a step's field: one small function each.
//!
//! - [`country_doubled`]: a dropdown named `country` whose values are already `code|name`;
//! - [`data_source_empties`]: a `DataSource` that empties a dropdown to "-- select --";
//! - [`no_effect_on_a_step`]: `permission` "r" or `Checked` false, which change nothing on a step;
//! - [`label_markup`]: a label the platform inserts as HTML that does not read as written.
//!
//! An unknown type shown as a text box is `unknown-type` (`lint/mod.rs`); translations'
//! labels and the untranslated "-- select --" are in `lint::translations`.

use serde_json::Value;

use super::{Location, Problem, Severity};
use crate::project::{Field, FieldType, Step};
use crate::report::markup::html_fragment;

/// The markup checks of a step's field.
pub(super) fn markup_problems(step: &Step, field: &Field, out: &mut Vec<Problem>) {
    country_doubled(step, field, out);
    data_source_empties(step, field, out);
    no_effect_on_a_step(step, field, out);
    label_markup(step, field, out);
}

/// The platform submits `value|text` for a dropdown named exactly `country`: values already
/// shaped `af|Afghanistan` are sent as `af|Afghanistan|Afghanistan`.
pub fn country_doubled(step: &Step, f: &Field, out: &mut Vec<Problem>) {
    if f.name != "country" || f.field_type != FieldType::Option {
        return;
    }
    let doubled: Vec<&str> = f
        .options
        .list()
        .iter()
        .filter(|o| o.value.contains('|'))
        .map(|o| o.value.as_str())
        .collect();
    let Some(first) = doubled.first() else {
        return;
    };
    let text = f
        .options
        .list()
        .iter()
        .find(|o| o.value == *first)
        .map_or("", |o| o.text.as_str());
    out.push(Problem::new(
        Severity::Warning,
        "country-value-doubled",
        Location::step_field(step, f, "options"),
        format!(
            "The platform sends a country dropdown's value as value|text, so {} of its values \
             already shaped code|name are sent doubled: \"{first}\" becomes \"{first}|{text}\". \
             Keep only the code in each value (\"{}\").",
            doubled.len(),
            first.split('|').next().unwrap_or_default()
        ),
    ));
}

/// Any `DataSource` but null empties a dropdown: only "-- select --" is shown, nothing fetched.
pub fn data_source_empties(step: &Step, f: &Field, out: &mut Vec<Problem>) {
    if f.field_type != FieldType::Option {
        return;
    }
    let Some(ds) = f.extra.get("DataSource").filter(|v| !v.is_null()) else {
        return;
    };
    out.push(Problem::new(
        Severity::Error,
        "data-source-empties",
        Location::step_field(step, f, "DataSource"),
        format!(
            "The dropdown {} has a DataSource ({ds}): in a step the platform then ignores its \
             options and fetches nothing, so the consumer sees only \"-- select --\". Set \
             DataSource to null to show the options.",
            quoted(f)
        ),
    ));
}

/// `permission` and `Checked` change nothing in a step's form.
pub fn no_effect_on_a_step(step: &Step, f: &Field, out: &mut Vec<Problem>) {
    if f.extra_str("permission") == Some("r") {
        out.push(Problem::new(
            Severity::Info,
            "read-only-no-effect",
            Location::step_field(step, f, "permission"),
            format!(
                "The field {} is read-only (permission \"r\"), but a step's form ignores it: the \
                 consumer can type in it like any other.",
                quoted(f)
            ),
        ));
    }
    if f.extra.get("Checked") == Some(&Value::Bool(false)) {
        out.push(Problem::new(
            Severity::Info,
            "unchecked-no-effect",
            Location::step_field(step, f, "Checked"),
            format!(
                "The field {} is unchecked (Checked false), but a step shows it anyway: Checked \
                 changes nothing in a step's form. Remove the field to leave it out.",
                quoted(f)
            ),
        ));
    }
}

/// What a label shows once the platform has inserted it as HTML, when that differs from what
/// was written (`x<y` shows "x", `&copy;` shows ©, a tag becomes an element).
pub fn shown_label(label: &str) -> Option<String> {
    if !label.contains('<') && !label.contains('&') {
        return None;
    }
    let doc = scraper::Html::parse_fragment(label);
    let text: String = doc.root_element().text().collect();
    (text != label).then(|| {
        // Markup the reader would see as tags is named too.
        let markup = html_fragment(label);
        if markup == crate::report::markup::escape_text(&text) {
            format!("shows \"{text}\"")
        } else {
            format!("shows \"{text}\" (as the markup {markup})")
        }
    })
}

/// A label that the platform's HTML insertion changes.
pub fn label_markup(step: &Step, f: &Field, out: &mut Vec<Problem>) {
    if f.field_type == FieldType::Hidden {
        return;
    }
    let Some(shown) = shown_label(&f.display) else {
        return;
    };
    let mut p = Problem::new(
        Severity::Warning,
        "label-is-html",
        Location::step_field(step, f, "display"),
        format!(
            "The platform inserts the label \"{}\" as HTML: it {shown}. Write & as &amp; and < \
             as &lt; to show them, or keep the markup if it is meant.",
            f.display
        ),
    );
    // A plain `<` or `&` meant as text: the escaped label shows exactly what was written.
    let escaped = crate::report::markup::escape_text(&f.display);
    if !f.display.contains("</") && !f.display.contains("/>") {
        p.fix = Some(escaped);
    }
    out.push(p);
}

fn quoted(f: &Field) -> String {
    format!("\"{}\"", f.label())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{FieldOption, Options};

    fn step_with(f: Field) -> Step {
        let mut s = Step::new("S");
        s.fields.push(f);
        s
    }

    fn codes(f: Field) -> Vec<&'static str> {
        let s = step_with(f);
        let mut out = Vec::new();
        markup_problems(&s, &s.fields[0], &mut out);
        out.iter().map(|p| p.code).collect()
    }

    #[test]
    fn a_country_value_shaped_code_name_is_doubled() {
        let mut f = Field::new("country", "Country", FieldType::Option);
        f.options = Options::List(vec![FieldOption::new("Afghanistan", "af|Afghanistan")]);
        assert_eq!(codes(f.clone()), ["country-value-doubled"]);
        f.options = Options::List(vec![FieldOption::new("Afghanistan", "af")]);
        assert!(codes(f).is_empty());
    }

    #[test]
    fn a_data_source_empties_the_dropdown() {
        let mut f = Field::new("cf_X", "X", FieldType::Option);
        f.extra
            .insert("DataSource".into(), Value::String(String::new()));
        assert_eq!(codes(f), ["data-source-empties"]);
    }

    #[test]
    fn read_only_and_unchecked_change_nothing_on_a_step() {
        let mut f = Field::new("cf_X", "X", FieldType::String);
        f.extra
            .insert("permission".into(), Value::String("r".into()));
        f.extra.insert("Checked".into(), Value::Bool(false));
        assert_eq!(codes(f), ["read-only-no-effect", "unchecked-no-effect"]);
    }

    #[test]
    fn a_label_the_html_insertion_changes_is_named_with_what_it_shows() {
        assert_eq!(shown_label("x<y").as_deref(), Some("shows \"x\""));
        assert_eq!(
            shown_label("&copy; Acme").as_deref(),
            Some("shows \"© Acme\"")
        );
        assert_eq!(shown_label("Tom & Jerry"), None);
        assert_eq!(shown_label("First Name"), None);
        let f = Field::new("cf_X", "a < b", FieldType::String);
        let s = step_with(f);
        let mut out = Vec::new();
        label_markup(&s, &s.fields[0], &mut out);
        assert!(out.is_empty(), "\"a < b\" shows as written");
        let f = Field::new("cf_X", "x<y", FieldType::String);
        let s = step_with(f);
        label_markup(&s, &s.fields[0], &mut out);
        assert_eq!(out[0].fix.as_deref(), Some("x&lt;y"));
    }
}
