//! `ppstudio rules eval`: JSON Lines in, one verdict line out for each case.

use std::io::{BufRead, Write};
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use super::eval::{CompiledRules, FULL_MATCH_TIMEOUT, Form, Subject};
use super::messages::Messages;

/// One case of `ppstudio rules eval`. Unknown keys are ignored.
#[derive(Debug, Deserialize)]
struct Case {
    rules: String,
    display: String,
    value: String,
    #[serde(default)]
    form: Option<Form>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    messages: Option<Value>,
}

/// How `rules eval` runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalOptions {
    /// The time limit of each regex match; a match past it has no verdict (`timed_out`).
    pub match_timeout: Duration,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            match_timeout: FULL_MATCH_TIMEOUT,
        }
    }
}

/// [`eval_jsonl_with`] with the default options (a match time limit of
/// [`FULL_MATCH_TIMEOUT`]).
pub fn eval_jsonl(input: impl BufRead, output: impl Write) -> std::io::Result<()> {
    eval_jsonl_with(input, output, &EvalOptions::default())
}

/// Reads JSON Lines cases from `input` (`{"rules": .., "display": .., "value": .., "form":
/// {name: {"value": .., "display": ..}}, "name": .., "messages": [{"rule", "message"}]}`,
/// `form`, `name` and `messages` optional, unknown keys ignored) and writes one line for each
/// to `output`: the [`super::Verdict`] (`{"valid":..,"rule":..,"message":..}` in that key order,
/// plus `"timed_out":true` or `"throws":true` when there is no verdict), or `{"error":"..."}`
/// for a line that is not such a case, after which the run goes on.
///
/// Lines that are empty or hold only whitespace are skipped and get no output line. A line may
/// end in `\n` or `\r\n`. Only an I/O error of `input` or `output` stops the run.
pub fn eval_jsonl_with(
    mut input: impl BufRead,
    mut output: impl Write,
    options: &EvalOptions,
) -> std::io::Result<()> {
    let mut line = Vec::new();
    let mut number = 0usize;
    let mut last: Option<(String, CompiledRules)> = None;
    let mut last_messages: Option<(Value, Messages)> = None;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        let text = match std::str::from_utf8(&line) {
            Ok(text) => text,
            Err(e) => {
                write_error(&mut output, &format!("line {number}: not UTF-8: {e}"))?;
                continue;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        let case: Case = match serde_json::from_str(text) {
            Ok(case) => case,
            Err(e) => {
                write_error(
                    &mut output,
                    &format!("line {number}: not a rules case: {e}"),
                )?;
                continue;
            }
        };
        let list = case.messages.unwrap_or(Value::Null);
        let messages = match &last_messages {
            Some((v, m)) if *v == list => m,
            _ => match Messages::from_json(&list) {
                Ok(m) => &last_messages.insert((list, m)).1,
                Err(e) => {
                    write_error(
                        &mut output,
                        &format!("line {number}: not a rules case: {e}"),
                    )?;
                    continue;
                }
            },
        };
        // Consecutive cases often share their rules: compile them once.
        let compiled = match &last {
            Some((rules, compiled)) if *rules == case.rules => compiled,
            _ => {
                let compiled = CompiledRules::new(&case.rules).with_timeout(options.match_timeout);
                &last.insert((case.rules.clone(), compiled)).1
            }
        };
        let subject = Subject {
            name: case.name.as_deref(),
            display: &case.display,
            value: &case.value,
        };
        let verdict = compiled.evaluate_field(&subject, &case.form.unwrap_or_default(), messages);
        serde_json::to_writer(&mut output, &verdict)?;
        output.write_all(b"\n")?;
    }
    output.flush()
}

fn write_error(output: &mut impl Write, message: &str) -> std::io::Result<()> {
    serde_json::to_writer(&mut *output, &serde_json::json!({ "error": message }))?;
    output.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str) -> String {
        let mut out = Vec::new();
        eval_jsonl(input.as_bytes(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn writes_one_line_per_case() {
        let out = run(concat!(
            r#"{"rules":"required|min_length[3]","display":"First Name","value":"Al","extra":1}"#,
            "\n\n  \r\n",
            r#"{"rules":"matches[password]","display":"C","value":"x","form":{"password":{"value":"x","display":"P"}}}"#,
            "\r\n",
            "not json\n",
            r#"{"rules":"required","display":"D"}"#,
            "\n",
            r#"{"rules":"required","display":"D","value":"v","form":null}"#,
        ));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 5, "{out}");
        assert_eq!(
            lines[0],
            r#"{"valid":false,"rule":"min_length","message":"The First Name field must be at least 3 characters in length."}"#
        );
        assert_eq!(lines[1], r#"{"valid":true,"rule":null,"message":null}"#);
        assert!(
            lines[2].starts_with(r#"{"error":"line 5: not a rules case"#),
            "{}",
            lines[2]
        );
        assert!(
            lines[3].starts_with(r#"{"error":"line 6: not a rules case: missing field `value`"#),
            "{}",
            lines[3]
        );
        assert_eq!(lines[4], r#"{"valid":true,"rule":null,"message":null}"#);
    }

    #[test]
    fn invalid_utf8_is_an_error_line() {
        let mut out = Vec::new();
        eval_jsonl(
            &b"\xff\n{\"rules\":\"\",\"display\":\"\",\"value\":\"\"}"[..],
            &mut out,
        )
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with(r#"{"error":"line 1: not UTF-8"#), "{out}");
        assert!(out.ends_with("{\"valid\":true,\"rule\":null,\"message\":null}\n"));
    }
}
