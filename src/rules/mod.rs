//! The validation language of LoginRadius fields: parsing, exact browser evaluation, and lints.
//!
//! - [`js`]: JavaScript semantics (UTF-16 length, `trim`, `parseFloat`, `parseInt`, `replace`).
//! - [`jsregex`]: the JavaScript regex engine, behind one small door.
//! - [`parse()`] / [`RuleSet`]: segments with byte spans in the original string.
//! - [`evaluate`] / [`CompiledRules`]: the browser's verdict and message, character for character.
//! - [`eval_jsonl`]: the `ppstudio rules eval` command.
//! - [`lint()`]: problems and fixes for the problems list, for product managers.
//!
//! This module uses no GUI crate.

pub mod eval;
pub mod js;
pub mod jsonl;
pub mod jsregex;
pub mod lint;
pub mod parse;

pub use eval::{CompiledRules, Form, FormField, Hook, RuleKind, Verdict, classify, evaluate};
pub use jsonl::eval_jsonl;
pub use lint::{LintContext, RuleProblem, Severity, lint};
pub use parse::{RuleSet, Segment, format_segment, parse};
