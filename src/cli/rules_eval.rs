//! `ppstudio rules eval`: JSON Lines in, JSON Lines out.

use super::{InputError, Outcome};

/// Evaluates every case on standard input.
pub fn run() -> Outcome {
    let stdin = std::io::stdin().lock();
    let stdout = std::io::stdout().lock();
    crate::rules::eval_jsonl(stdin, std::io::BufWriter::new(stdout))
        .map_err(|e| InputError(format!("<stdin>: cannot read or write: {e}")))?;
    Ok(true)
}
