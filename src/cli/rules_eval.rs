//! `ppstudio rules eval`: JSON Lines in, JSON Lines out.

use std::time::Duration;

use super::{InputError, Outcome};
use crate::rules::EvalOptions;

/// Evaluates every case on standard input, each regex match limited to `match_timeout`.
pub fn run(match_timeout: Duration) -> Outcome {
    let stdin = std::io::stdin().lock();
    let stdout = std::io::stdout().lock();
    let options = EvalOptions { match_timeout };
    crate::rules::eval_jsonl_with(stdin, std::io::BufWriter::new(stdout), &options)
        .map_err(|e| InputError(format!("<stdin>: cannot read or write: {e}")))?;
    Ok(true)
}
