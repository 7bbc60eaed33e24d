//! The validation language of LoginRadius fields: parsing, exact browser evaluation, and lints.
//!
//! - [`js`]: JavaScript semantics (UTF-16 length, `trim`, `parseFloat`, `parseInt`, `replace`).
//! - [`jsregex`]: the JavaScript regex engine, behind one small door.
//! - [`parse()`] / [`RuleSet`]: segments with byte spans in the original string.
//! - [`evaluate`] / [`CompiledRules`]: the browser's verdict and message, character for character.
//! - [`Messages`]: the message templates, the platform's or a site's translation.
//! - [`eval_jsonl`]: the `ppstudio rules eval` command.
//! - [`lint()`]: problems and fixes for the problems list, for product managers.
//!
//! This module uses no GUI crate.

pub mod eval;
pub mod js;
pub mod jsonl;
pub mod jsregex;
pub mod lint;
pub mod messages;
pub mod names;
pub mod parse;

pub use eval::{
    CompiledRules, Form, FormField, Hook, MemberCall, OBJECT_PROTOTYPE_MEMBERS, RuleKind, Subject,
    Verdict, classify, evaluate, is_object_prototype_member,
};
pub use jsonl::{EvalOptions, eval_jsonl, eval_jsonl_with};
pub use lint::{LintContext, RuleProblem, Severity, every_option_fails, lint};
pub use messages::Messages;
pub use parse::{RuleSet, Segment, format_segment, parse};
