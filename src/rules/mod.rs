//! The validation language (being written on the `rules` branch).

/// Placeholder until the rule engine lands: reads nothing.
pub fn eval_jsonl<R: std::io::BufRead, W: std::io::Write>(
    _input: R,
    _output: W,
) -> std::io::Result<()> {
    Ok(())
}
