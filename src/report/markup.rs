//! The markup the platform renders for a step (`MARKUP.md`), written in the normalised form
//! of its last section: what a consumer's browser holds in the container after `execStep`,
//! for a consumer who is asked every field of the step under the project's settings.
//!
//! Labels (a locale's label or the field's `display`) and the `html` key are HTML: they are
//! parsed as browsers parse `innerHTML` (html5ever, through `scraper`), so `x<y` shows "x",
//! `&copy;` shows ©, `<specials>` becomes an element. Everything else is plain text, escaped.

use std::fmt::Write;

use ego_tree::NodeRef;
use scraper::{Html, Node};
use serde_json::{Map, Value};

use crate::asked::{Shows, decide_step};
use crate::project::{Field, Locale, Settings, Step, TextKey, TextKind};

/// The prefix of every id and class (the site's `classPrefix`; the platform's default).
pub const CLASS_PREFIX: &str = "loginradius-";

/// Elements written without an end tag.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param",
];

/// Text escaped as the normalisation writes it: `&`, `<`, `>` and U+00A0.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
    out
}

/// An attribute value: the text escapes and `"`.
pub fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;")
}

/// An element of ours: attributes sorted by name, then the children's markup.
fn element(name: &str, attrs: &[(&str, String)], children: &str) -> String {
    let mut sorted: Vec<&(&str, String)> = attrs.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = format!("<{name}");
    for (k, v) in sorted {
        let _ = write!(out, " {k}=\"{}\"", escape_attr(v));
    }
    out.push('>');
    if !VOID.contains(&name) {
        out.push_str(children);
        let _ = write!(out, "</{name}>");
    }
    out
}

/// HTML inserted as `innerHTML` inserts it, normalised.
pub fn html_fragment(html: &str) -> String {
    let doc = Html::parse_fragment(html);
    let mut out = String::new();
    let root = doc.root_element();
    for child in root.children() {
        node(child, &mut out);
    }
    out
}

fn node(n: NodeRef<'_, Node>, out: &mut String) {
    match n.value() {
        Node::Element(e) => {
            let mut attrs: Vec<(&str, &str)> = e.attrs().collect();
            attrs.sort_by(|a, b| a.0.cmp(b.0));
            let name = e.name();
            let _ = write!(out, "<{name}");
            for (k, v) in attrs {
                let _ = write!(out, " {k}=\"{}\"", escape_attr(v));
            }
            out.push('>');
            if !VOID.contains(&name) {
                for c in n.children() {
                    node(c, out);
                }
                let _ = write!(out, "</{name}>");
            }
        }
        Node::Text(t) => {
            let text: &str = t;
            if !text
                .chars()
                .all(|c| matches!(c, ' ' | '\t' | '\n' | '\u{c}' | '\r'))
            {
                out.push_str(&escape_text(text));
            }
        }
        Node::Comment(c) => {
            let text: &str = c;
            let _ = write!(out, "<!--{text}-->");
        }
        _ => {
            for c in n.children() {
                node(c, out);
            }
        }
    }
}

/// The text a label shows once the platform has inserted it as HTML (`x<y` shows "x",
/// `&copy; Acme` shows "© Acme").
pub fn label_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return html.to_string();
    }
    Html::parse_fragment(html).root_element().text().collect()
}

/// A value as JavaScript's `String(v)` writes it (an option's value, a hidden field's value).
fn js_string(v: Option<&Value>) -> String {
    match v {
        None => "undefined".into(),
        Some(Value::Null) => "null".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(x) if x.fract() == 0.0 && x.abs() < 1e21 => format!("{x:.0}"),
            _ => n.to_string(),
        },
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| match x {
                Value::Null => String::new(),
                other => js_string(Some(other)),
            })
            .collect::<Vec<_>>()
            .join(","),
        Some(Value::Object(_)) => "[object Object]".into(),
    }
}

/// JavaScript truthiness of a field key's value (absent is falsy).
fn truthy(v: Option<&Value>) -> bool {
    crate::asked::profile::truthy(v)
}

/// What a locale gives for a text, when non-empty.
fn locale_text<'a>(locale: Option<&'a Locale>, kind: TextKind, name: &str) -> Option<&'a str> {
    locale
        .and_then(|l| l.text(&TextKey::new(kind, name)))
        .filter(|t| !t.is_empty())
}

/// The submit button's text: the locale's `buttonsName.progressiveprofiling` (any letter case)
/// when non-empty, else the platform's default.
fn button_text(locale: Option<&Locale>) -> String {
    crate::l10n::button_text(locale).to_string()
}

/// The field's type as the class writes it (`loginradius-` + type as written).
fn type_class(raw: &Map<String, Value>) -> String {
    match raw.get("type") {
        Some(Value::String(s)) => s.clone(),
        other => js_string(other),
    }
}

/// The choices a dropdown shows after "-- select --", as `(value, text)`: the value the
/// browser submits (for a field named exactly `country`, `value|text`) and the text shown.
/// None when `DataSource` is anything but null: the platform then ignores `options`.
pub fn option_choices(f: &Field) -> Vec<(String, String)> {
    match crate::project::field_to_value(f) {
        Value::Object(raw) => choices(&raw, &f.name),
        _ => Vec::new(),
    }
}

/// [`option_choices`] of a field already written as its JSON object.
fn choices(raw: &Map<String, Value>, name: &str) -> Vec<(String, String)> {
    if raw.get("DataSource").is_some_and(|v| !v.is_null()) {
        return Vec::new();
    }
    let Some(Value::Array(entries)) = raw.get("options") else {
        return Vec::new();
    };
    entries
        .iter()
        .map(|e| {
            let value = js_string(e.get("value"));
            let text = js_string(e.get("text"));
            let value = if name == "country" {
                format!("{value}|{text}")
            } else {
                value
            };
            (value, text)
        })
        .collect()
}

/// One field's markup (`raw` is the field as its JSON object, for keys as written).
fn field_markup(f: &Field, locale: Option<&Locale>, p: &str) -> String {
    let raw = match crate::project::field_to_value(f) {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let name = &f.name;
    let t = type_class(&raw);
    let id = format!("{p}progressiveProfiling-{name}");
    let label_html = match locale_text(locale, TextKind::Label, name) {
        Some(l) => l.to_string(),
        None => match raw.get("display") {
            None => "undefined".into(),
            Some(Value::Null) => String::new(),
            Some(v) => js_string(Some(v)),
        },
    };
    let wrapper = |inner: String| {
        element(
            "div",
            &[(
                "class",
                format!("{p}-form-element-content content-{p}{name}"),
            )],
            &inner,
        )
    };
    let required = raw
        .get("rules")
        .and_then(Value::as_str)
        .is_some_and(|r| r.contains("required"));
    let class = format!(
        "{p}{t} {p}{name}{}",
        if required { " lr-required" } else { "" }
    );
    let placeholder = locale_text(locale, TextKind::Placeholder, name)
        .map(str::to_string)
        .or_else(|| match raw.get("placeholder") {
            Some(v) if truthy(Some(v)) => Some(js_string(Some(v))),
            _ => None,
        });
    let mut common: Vec<(&str, String)> =
        vec![("name", name.clone()), ("id", id.clone()), ("class", class)];
    if let Some(title) = raw.get("title").filter(|v| !v.is_null()) {
        common.push(("title", js_string(Some(title))));
    }
    if raw.get("disabled") == Some(&Value::Bool(true)) {
        common.push(("disabled", String::new()));
    }
    let label = || element("label", &[("for", id.clone())], &html_fragment(&label_html));
    match t.as_str() {
        "hidden" => {
            let value = match raw.get("value") {
                Some(v) if truthy(Some(v)) => js_string(Some(v)),
                _ => String::new(),
            };
            let mut attrs = vec![
                ("type", "hidden".into()),
                ("name", name.clone()),
                ("id", id),
                ("value", value),
            ];
            if let Some(ph) = placeholder {
                attrs.push(("placeholder", ph));
            }
            element("input", &attrs, "")
        }
        "html" | "captcha" => {
            let html = match raw.get("html") {
                Some(Value::String(s)) => s.clone(),
                None => String::new(),
                other => js_string(other),
            };
            wrapper(html_fragment(&html))
        }
        "button" => wrapper(element(
            "input",
            &[
                ("type", "button".into()),
                ("name", name.clone()),
                ("id", id),
                ("value", label_html.clone()),
            ],
            "",
        )),
        "image" => {
            let mut attrs = vec![
                ("src", js_string(raw.get("value"))),
                ("name", name.clone()),
                ("id", id.clone()),
                ("class", format!("{p}image {p}{name}")),
            ];
            if raw.get("value").is_none() {
                attrs[0].1 = "undefined".into();
            }
            wrapper(label() + &element("img", &attrs, ""))
        }
        "option" => {
            let mut options = element("option", &[("value", String::new())], "-- select --");
            for (value, text) in choices(&raw, name) {
                options.push_str(&element("option", &[("value", value)], &escape_text(&text)));
            }
            wrapper(label() + &element("select", &common, &options))
        }
        "text" => {
            if let Some(ph) = placeholder {
                common.push(("placeholder", ph));
            }
            wrapper(label() + &element("textarea", &common, ""))
        }
        _ => {
            let input_type = match t.as_str() {
                "email" => "email",
                "password" => "password",
                "multi" => "checkbox",
                _ => "text",
            };
            common.push(("type", input_type.into()));
            if let Some(ph) = placeholder {
                common.push(("placeholder", ph));
            }
            let input = element("input", &common, "");
            if t == "multi" {
                wrapper(input + &label())
            } else {
                wrapper(label() + &input)
            }
        }
    }
}

/// The fields of `step` a consumer who has no profile yet is asked, under `settings` (the
/// platform drops passwords and PINs unless an option asks for them): `None` when the step
/// shows no form at all.
pub fn asked_fields<'a>(step: &'a Step, settings: &Settings) -> Option<Vec<&'a Field>> {
    let d = decide_step(step, &Map::new(), settings);
    match d.shows {
        Shows::Form(_) => Some(
            d.form_fields()
                .into_iter()
                .map(|i| &step.fields[i])
                .collect(),
        ),
        _ => None,
    }
}

/// The normalised markup of `step`'s form in `locale` (`None`: no translation), for a
/// consumer who is asked every field the platform would ask them; `""` when nothing renders.
pub fn form_markup(step: &Step, locale: Option<&Locale>, settings: &Settings) -> String {
    let Some(fields) = asked_fields(step, settings) else {
        return String::new();
    };
    let p = CLASS_PREFIX;
    let mut inner = String::new();
    for f in fields {
        inner.push_str(&field_markup(f, locale, p));
    }
    inner.push_str(&element(
        "input",
        &[
            ("type", "submit".into()),
            ("value", button_text(locale)),
            ("id", format!("{p}submit-progressive-profiling")),
            (
                "class",
                format!("{p}submit submit-{p}progressive-profiling"),
            ),
        ],
        "",
    ));
    element(
        "form",
        &[
            ("name", format!("{p}progressiveProfiling")),
            ("method", "POST".into()),
        ],
        &inner,
    )
}
