//! Checks of a `custom_validation` regex: invalid, a literal `or`, unanchored, slow.

use super::*;

/// A custom regex that does not compile: the rule always fails.
pub(super) fn lint_regex_invalid(set: &RuleSet, i: usize) -> Option<RuleProblem> {
    let seg = &set.segments()[i];
    let pattern = effective_pattern(seg)?;
    let err = JsRegex::new(&pattern, "g").err()?;
    let (text, span) = custom_regex(set, i)?;
    let at = err
        .offset
        .map(|o| format!(" at character {}", o + 1))
        .unwrap_or_default();
    let message = format!(
        "The custom regex \"{text}\" is not valid in the browser ({}{at}), so this rule always fails.",
        err.reason
    );
    Some(problem(Severity::Error, "regex-invalid", message, span))
}

/// Every `or` of the pattern that touches a letter, or sits in a character class, with whether
/// it is inside a class.
pub(super) fn or_in_words(pattern: &str) -> Vec<(usize, bool)> {
    let b = pattern.as_bytes();
    let mut found = Vec::new();
    let mut in_class = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                // An escaped `o` still forms `or` with the next `r`.
                if b.get(i + 1) == Some(&b'o') && b.get(i + 2) == Some(&b'r') {
                    found.push((i + 1, in_class));
                    i += 3;
                    continue;
                }
                i += 2;
                continue;
            }
            b'[' if !in_class => in_class = true,
            b']' if in_class => in_class = false,
            b'o' if b.get(i + 1) == Some(&b'r') => {
                let before = i
                    .checked_sub(1)
                    .and_then(|j| b.get(j))
                    .is_some_and(u8::is_ascii_alphabetic);
                let after = b.get(i + 2).is_some_and(u8::is_ascii_alphabetic);
                if in_class || before || after {
                    found.push((i, in_class));
                }
                i += 2;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Whether the browser's reading of a pattern has an empty alternative (`||`, `(|`, `|)`, or
/// `|` at an end) that the `or` rewriting created.
pub(super) fn empty_alternative(original: &str, rewritten: &str) -> bool {
    let count = |p: &str| {
        let b = p.as_bytes();
        let mut n = 0;
        for (i, &c) in b.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| b[j]);
            let next = b.get(i + 1).copied();
            let empty_side = matches!(prev, None | Some(b'(' | b'|'))
                || matches!(next, None | Some(b')' | b'|'));
            if c == b'|' && prev != Some(b'\\') && empty_side {
                n += 1;
            }
        }
        n
    };
    count(rewritten) > count(original)
}

/// `or` inside a word of a custom regex: the browser turns it into `|`. A warning when that
/// leaves an empty alternative (`color` becomes `col|`) or hits a character class; otherwise
/// (`northorsouth`, which may be meant as north-or-south) a note.
pub(super) fn lint_or_in_regex(set: &RuleSet, i: usize) -> Option<RuleProblem> {
    let (pattern, span) = custom_regex(set, i)?;
    let found = or_in_words(&pattern);
    if found.is_empty() {
        return None;
    }
    let mut fixed = String::new();
    let mut last = 0;
    for &(at, in_class) in &found {
        fixed.push_str(&pattern[last..at]);
        fixed.push_str(if in_class { r"o\x72" } else { "o[r]" });
        last = at + 2;
    }
    fixed.push_str(&pattern[last..]);
    let rewritten = custom_pattern(&pattern);
    let broken =
        found.iter().any(|&(_, in_class)| in_class) || empty_alternative(&pattern, &rewritten);
    let (severity, message) = if broken {
        (
            Severity::Warning,
            format!(
                "The custom regex \"{pattern}\" contains \"or\" inside a word. The browser turns every \"or\" \
                 into \"|\" (either/or), so it reads \"{rewritten}\". Write \"o[r]\" where you mean the letters o \
                 and r."
            ),
        )
    } else {
        (
            Severity::Info,
            format!(
                "The browser turns every \"or\" in a regex into \"|\" (either/or), so it reads \"{pattern}\" as \
                 \"{rewritten}\". If you meant the letters o and r, write \"o[r]\"."
            ),
        )
    };
    // Offer the correction only when it still compiles (a group name cannot take `o[r]`).
    let compiles = JsRegex::new(&custom_pattern(&fixed), "g").is_ok();
    let fix = if compiles {
        splice(set, &span, &fixed)
    } else {
        None
    };
    let at = span.start + found[0].0;
    Some(with_fix(
        problem(severity, "or-in-regex", message, at..at + 2),
        fix,
    ))
}

/// A custom regex without `^` and `$` matches anywhere in the value.
pub(super) fn lint_unanchored_regex(set: &RuleSet, i: usize) -> Option<RuleProblem> {
    let seg = &set.segments()[i];
    let pattern = effective_pattern(seg)?;
    let (text, span) = custom_regex(set, i)?;
    if pattern.is_empty() {
        let message = "The custom regex is empty, so every value passes.".to_string();
        return Some(problem(
            Severity::Warning,
            "empty-regex",
            message,
            seg.span.clone(),
        ));
    }
    JsRegex::new(&pattern, "g").ok()?;
    let alts = shape::read(&pattern)?;
    let (start, end) = shape::anchors(&alts);
    match (start, end) {
        (true, true) => None,
        (false, false) => {
            let message = format!(
                "The custom regex \"{text}\" is not anchored with ^ at the start and $ at the end, so a value \
                 passes as soon as any part of it matches."
            );
            // A lookbehind at the start cannot follow ^: no correction then.
            let fixed = format!("^(?:{text})$");
            let fix = (!text.contains("(?<=") && !text.contains("(?<!"))
                .then(|| splice(set, &span, &fixed))
                .flatten()
                .filter(|_| JsRegex::new(&custom_pattern(&fixed), "g").is_ok());
            Some(with_fix(
                problem(Severity::Warning, "unanchored-regex", message, span),
                fix,
            ))
        }
        (only_start, _) => {
            let (side, rest) = if only_start {
                ("start (^)", "follow")
            } else {
                ("end ($)", "come before")
            };
            let message = format!(
                "The custom regex \"{text}\" is anchored only at the {side}, so anything may {rest} the part \
                 that matches. Add {} if the whole value must match.",
                if only_start {
                    "$ at the end"
                } else {
                    "^ at the start"
                }
            );
            Some(problem(Severity::Info, "unanchored-regex", message, span))
        }
    }
}

/// A repetition inside a repetition: the browser's backtracking can take exponential time.
pub(super) fn lint_slow_regex(set: &RuleSet, i: usize) -> Option<RuleProblem> {
    let seg = &set.segments()[i];
    let pattern = effective_pattern(seg)?;
    JsRegex::new(&pattern, "g").ok()?;
    let alts = shape::read(&pattern)?;
    let found = shape::nested_repetition(&pattern, &alts)?;
    let (text, span) = custom_regex(set, i)?;
    let fragment = pattern.get(found).unwrap_or("");
    let message = format!(
        "The custom regex \"{text}\" repeats something that itself repeats ({fragment}). On a long value \
         that almost matches, the browser can freeze for seconds or more."
    );
    Some(problem(Severity::Warning, "slow-regex", message, span))
}
