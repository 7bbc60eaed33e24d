//! The forecast as `ppstudio audience` prints it: JSON (FORMATS.md "Who would be asked") or
//! text for people.

use std::fmt::Write;

use serde_json::{Map, Value, json};

use super::{Forecast, NAMED_SKIPS, StepCounts};

fn counts_json(c: &StepCounts, fires: Option<u64>) -> Value {
    let mut fields = Map::new();
    for (name, n) in &c.fields {
        // Two fields of one name in a step (a lint error) add up.
        let sum = fields.get(name).and_then(Value::as_u64).unwrap_or(0) + n;
        fields.insert(name.clone(), json!(sum));
    }
    let mut m = Map::new();
    m.insert("step".into(), json!(c.step));
    if let Some(f) = fires {
        m.insert("fires".into(), json!(f));
    }
    m.insert("form".into(), json!(c.form));
    m.insert("consent".into(), json!(c.consent));
    m.insert("nothing".into(), json!(c.nothing));
    m.insert("fields".into(), Value::Object(fields));
    Value::Object(m)
}

/// The documented JSON (`profile_page` only when the project has a profile page to count).
pub fn to_json(f: &Forecast) -> Value {
    let n = &f.next_login;
    let mut v = json!({
        "profiles": f.profiles,
        "skipped": f.skipped,
        "skipped_lines": f.skipped_lines.iter().map(|s| json!({
            "line": s.line, "column": s.column, "message": s.message
        })).collect::<Vec<_>>(),
        "steps": f.steps.iter().map(|c| counts_json(c, None)).collect::<Vec<_>>(),
        "next_login": {
            "profiles": n.profiles,
            "without_login_count": n.without_login_count,
            "no_step_fires": n.no_step_fires,
            "shown_nothing": n.shown_nothing,
            "steps": n.steps.iter().map(|s| counts_json(&s.counts, Some(s.fires))).collect::<Vec<_>>(),
        }
    });
    if let (Some(page), Value::Object(m)) = (&f.profile_page, &mut v) {
        m.insert(
            "profile_page".into(),
            json!({ "fields": page.iter().map(|p| json!({
                "name": p.name, "editable": p.editable, "read_only": p.read_only
            })).collect::<Vec<_>>() }),
        );
    }
    v
}

/// A count with thousands separators: `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `part` of `whole` as a percentage with one decimal (`0.0%` of nothing).
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0.0%".into();
    }
    #[allow(clippy::cast_precision_loss)]
    let p = part as f64 * 100.0 / whole as f64;
    format!("{p:.1}%")
}

fn shows_line(out: &mut String, c: &StepCounts, whole: u64) {
    let _ = writeln!(
        out,
        "    form {} ({}) · re-consent {} ({}) · nothing {} ({})",
        thousands(c.form),
        percent(c.form, whole),
        thousands(c.consent),
        percent(c.consent, whole),
        thousands(c.nothing),
        percent(c.nothing, whole)
    );
    if c.fields.is_empty() {
        let _ = writeln!(out, "    no fields");
        return;
    }
    let asked: Vec<String> = c
        .fields
        .iter()
        .map(|(name, n)| format!("{name} {}", thousands(*n)))
        .collect();
    let _ = writeln!(out, "    asked: {}", asked.join(" · "));
}

/// The text for people: `source` names the profiles file.
pub fn to_text(f: &Forecast, source: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "{} {} read from {source}",
        thousands(f.profiles),
        if f.profiles == 1 {
            "profile"
        } else {
            "profiles"
        }
    );
    if f.skipped > 0 {
        let _ = write!(
            out,
            "; {} skipped (not a profile)",
            match f.skipped {
                1 => "1 line".to_string(),
                n => format!("{} lines", thousands(n)),
            }
        );
    }
    out.push_str(".\n\nEach step, as if it fired now for every consumer:\n");
    if f.steps.is_empty() {
        out.push_str("  (the project has no steps)\n");
    }
    for c in &f.steps {
        let _ = writeln!(out, "  {}", c.step);
        shows_line(&mut out, c, f.profiles);
    }
    let n = &f.next_login;
    out.push_str("\nAt each consumer's next login (NoOfLogins + 1):\n");
    if n.steps.is_empty() {
        out.push_str("  (no step has a login trigger)\n");
    }
    for s in &n.steps {
        let _ = writeln!(
            out,
            "  {}: fires for {} ({})",
            s.counts.step,
            thousands(s.fires),
            percent(s.fires, n.profiles)
        );
        shows_line(&mut out, &s.counts, s.fires);
    }
    let _ = writeln!(
        out,
        "  no step fires: {} · steps fire but show nothing: {} · no login count: {}",
        thousands(n.no_step_fires),
        thousands(n.shown_nothing),
        thousands(n.without_login_count)
    );
    if let Some(page) = &f.profile_page {
        out.push_str(
            "\nThe profile page (registration form, and the steps' fields with showInEditor):\n",
        );
        if page.is_empty() {
            out.push_str("  (no field)\n");
        }
        for p in page {
            let _ = writeln!(
                out,
                "  {}: editable for {} ({}), in the read-only list for {} ({})",
                p.name,
                thousands(p.editable),
                percent(p.editable, f.profiles),
                thousands(p.read_only),
                percent(p.read_only, f.profiles)
            );
        }
    }
    if f.skipped > 0 {
        out.push_str("\nSkipped:\n");
        for s in &f.skipped_lines {
            let _ = writeln!(out, "  line {}, column {}: {}", s.line, s.column, s.message);
        }
        let named = f.skipped_lines.len() as u64;
        if f.skipped > named {
            let _ = writeln!(
                out,
                "  … and {} more (the first {NAMED_SKIPS} are named)",
                thousands(f.skipped - named)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(percent(1, 3), "33.3%");
        assert_eq!(percent(0, 0), "0.0%");
    }
}
