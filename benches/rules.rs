//! Rule evaluation throughput, one core: `cargo bench --bench rules`.

use std::hint::black_box;
use std::time::Instant;

use ppstudio::rules::{CompiledRules, Form, Messages, Subject};

fn measure(rules: &str, values: &[&str]) -> f64 {
    let compiled = CompiledRules::new(rules);
    let form = Form::new();
    let rounds = 400_000;
    // Warm up the regex engine's per-thread memory and lazy automata.
    for v in values {
        black_box(compiled.evaluate("Field", v, &form));
    }
    let start = Instant::now();
    let mut invalid = 0usize;
    for i in 0..rounds {
        let v = values[i % values.len()];
        if !black_box(compiled.evaluate(black_box("Field"), black_box(v), &form)).is_valid() {
            invalid += 1;
        }
    }
    let per_second = rounds as f64 / start.elapsed().as_secs_f64();
    println!("{rules:<60} {per_second:>12.0} evaluations/s ({invalid} invalid of {rounds})");
    per_second
}

fn main() {
    measure(
        "required|min_length[2]|max_length[50]",
        &["Ann", "José", "Al"],
    );
    measure("required|min_length[2]|max_length[50]", &["A"]);
    measure(
        "required|valid_email",
        &["john.smith@example.co.uk", "a@b.c", "ann@x.org"],
    );
    measure(
        "custom_validation[^\\d{5}(-\\d{4})?$###Please enter a valid US ZIP code]",
        &["12345", "12345-6789", "1234"],
    );
    measure(
        "required|alpha|min_length[2]|max_length[50]",
        &["Annabelle", "José"],
    );
    measure("callback_valid_date", &["01-15-2000", "02-30-2001"]);

    // A named field with a locale's templates (a `rule#field` entry and a plain one), failing:
    // the template lookup on each failure.
    let messages = Messages::from_entries([
        (
            "min_length#firstname",
            "Le champ %s doit compter au moins %s caractères.",
        ),
        ("required", "Le champ %s est obligatoire."),
    ]);
    let compiled = CompiledRules::new("required|min_length[2]|max_length[50]");
    let form = Form::new();
    let rounds = 400_000;
    let start = Instant::now();
    for i in 0..rounds {
        let v = if i % 2 == 0 { "A" } else { "" };
        let subject = Subject::new("firstname", "Prénom", black_box(v));
        black_box(compiled.evaluate_field(&subject, &form, &messages));
    }
    let per_second = f64::from(rounds) / start.elapsed().as_secs_f64();
    println!(
        "{:<60} {per_second:>12.0} evaluations/s (all invalid)",
        "named + translated templates, failing"
    );

    // Without the compiled form: parse + compile + evaluate per call (regexes from the cache).
    let form = Form::new();
    for rules in [
        "required|min_length[2]|max_length[50]",
        "custom_validation[^\\d{5}$###ZIP]",
    ] {
        let rounds = 200_000;
        let start = Instant::now();
        for _ in 0..rounds {
            black_box(ppstudio::rules::evaluate(
                black_box(rules),
                "Field",
                black_box("12345"),
                &form,
            ));
        }
        let per_second = f64::from(rounds) / start.elapsed().as_secs_f64();
        println!("evaluate() uncompiled {rules:<38} {per_second:>12.0} evaluations/s");
    }
    let start = Instant::now();
    for _ in 0..20_000 {
        black_box(ppstudio::rules::lint(
            black_box("required|min_lenght[3]|custom_validation[^colour$###x]|valid_base64"),
            &ppstudio::rules::LintContext::default(),
        ));
    }
    println!(
        "lint() on a 4-rule string: {:.1} µs per call",
        start.elapsed().as_secs_f64() * 1e6 / 20_000.0
    );
}
