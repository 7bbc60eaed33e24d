//! Differential test of the regex engine against V8: random JavaScript patterns (atoms,
//! classes, groups, lookarounds, backreferences, lazy and counted quantifiers, alternation,
//! and some patterns that do not compile), each tested on four values, through
//! `ppstudio rules eval` and through node running `benches/regex_peer.js` (`new RegExp(p,
//! 'g').test(v)`, as the consumer's browser does). The two outputs must be identical.
//!
//! Each pattern's four values are four lines in a row, so the engine answers the first tests
//! of a pattern with its backtracking program alone and the later ones with its automata
//! (`src/rules/jsregex.rs`): both must agree with V8.
//!
//! When node is missing the test fails, unless `PPSTUDIO_SKIP_NODE_TESTS=1` says skipping is
//! allowed (CI never sets it): then it prints a notice to the terminal and returns.

mod cli_support;

use std::path::Path;
use std::process::Command;

use cli_support::{node_for, output_lines, rules_eval};
use ppstudio::audience::generate::Rng;

/// Distinct patterns generated (`REGEX_NODE_PATTERNS` asks for more, for a longer run).
const PATTERNS: usize = 2_500;

fn patterns() -> usize {
    std::env::var("REGEX_NODE_PATTERNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(PATTERNS)
}
/// Values each pattern is tested on.
const VALUES: usize = 4;

/// Literal characters of patterns and values. No `o` or `r` (a rules string writes `|` as
/// `or`), no `#` (the message separator) and no `|`.
const ALPHABET: &[&str] = &["a", "b", "c", "A", "0", "1", " ", ".", "-", "@"];

fn atom(rng: &mut Rng, depth: usize, groups: &mut usize) -> String {
    let choice = if depth > 2 {
        rng.below(8)
    } else {
        rng.below(16)
    };
    match choice {
        0..=2 => {
            let c = rng.pick(ALPHABET);
            if c == "." && rng.below(2) == 0 {
                r"\.".to_string()
            } else {
                c.to_string()
            }
        }
        3 => rng
            .pick(&[".", r"\d", r"\w", r"\s", r"\D", r"\W", r"\S"])
            .to_string(),
        4 => rng
            .pick(&[
                "[a-c]", "[^ab]", r"[\d.]", "[A-Z0-9]", "[a-]", r"[\w@]", "[^ ]", "[.-]", r"[\b]",
            ])
            .to_string(),
        5 => rng.pick(&["^", "$", r"\b", r"\B"]).to_string(),
        6 => {
            // A backreference: to a group before it, to one not yet closed, or an octal
            // escape in Annex B when there is no such group.
            format!(r"\{}", 1 + rng.below(3))
        }
        7 => rng
            .pick(&[
                "a{2,1}",
                "(",
                "*a",
                "[b-a]",
                "a**",
                "(?<n>a)(?<n>b)",
                r"\k<zz>",
            ])
            .to_string(),
        8..=10 => {
            *groups += 1;
            format!("({})", alternation(rng, depth + 1, groups))
        }
        11 | 12 => format!("(?:{})", alternation(rng, depth + 1, groups)),
        13 => format!(
            "{}{})",
            rng.pick(&["(?=", "(?!"]),
            alternation(rng, depth + 1, groups)
        ),
        14 => format!(
            "{}{})",
            rng.pick(&["(?<=", "(?<!"]),
            alternation(rng, depth + 1, groups)
        ),
        _ => {
            *groups += 1;
            let name = *groups;
            format!("(?<g{name}>{})", alternation(rng, depth + 1, groups))
        }
    }
}

fn quantifier(rng: &mut Rng) -> String {
    let q = match rng.below(10) {
        0..=4 => return String::new(),
        5 => "*",
        6 => "+",
        7 => "?",
        _ => rng.pick(&["{2}", "{1,3}", "{2,}", "{0,1}", "{,2}"]),
    };
    if rng.below(3) == 0 {
        format!("{q}?")
    } else {
        q.to_string()
    }
}

fn sequence(rng: &mut Rng, depth: usize, groups: &mut usize) -> String {
    (0..=rng.below(3))
        .map(|_| atom(rng, depth, groups) + &quantifier(rng))
        .collect()
}

fn alternation(rng: &mut Rng, depth: usize, groups: &mut usize) -> String {
    let mut s = sequence(rng, depth, groups);
    if rng.below(4) == 0 {
        s.push_str("or");
        s.push_str(&sequence(rng, depth, groups));
    }
    s
}

fn value(rng: &mut Rng) -> String {
    (0..=rng.below(10)).map(|_| rng.pick(ALPHABET)).collect()
}

/// The workload: [`patterns`] patterns, each on `VALUES` consecutive lines.
fn workload() -> String {
    let mut rng = Rng::new(0x005e_ed0f_1e57);
    let mut out = String::new();
    for n in 0..patterns() {
        let mut groups = 0;
        let pattern = alternation(&mut rng, 0, &mut groups);
        for _ in 0..VALUES {
            let case = serde_json::json!({
                "rules": format!("custom_validation[{pattern}###Bad {n}]"),
                "display": "Field",
                "value": value(&mut rng),
            });
            out.push_str(&case.to_string());
            out.push('\n');
        }
    }
    out
}

#[test]
fn random_patterns_have_v8s_verdicts_on_first_and_later_tests() {
    let Some(node) = node_for("regex_node") else {
        return;
    };
    let input = workload();
    let peer = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/regex_peer.js");
    let ours = rules_eval(&input, &[]);
    let v8 = output_lines(Command::new(node).arg(peer), &input);
    assert_eq!(ours.len(), patterns() * VALUES);
    assert_eq!(v8.len(), ours.len());
    let lines: Vec<&str> = input.lines().collect();
    let differ: Vec<String> = (0..ours.len())
        .filter(|&i| ours[i] != v8[i])
        .take(10)
        .map(|i| {
            format!(
                "line {}: {}\n  ppstudio: {}\n  V8:       {}",
                i + 1,
                lines[i],
                ours[i],
                v8[i]
            )
        })
        .collect();
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    // The workload is not trivial: both verdicts occur often.
    let valid = ours
        .iter()
        .filter(|l| l.contains(r#""valid":true"#))
        .count();
    assert!(
        valid > ours.len() / 10 && valid < ours.len() * 9 / 10,
        "{valid} of {} valid",
        ours.len()
    );
}
