//! Progressive Profiling Studio: the library behind the `ppstudio` binary.
//!
//! Everything here except `studio` builds without any GUI crate.

pub mod rules;
