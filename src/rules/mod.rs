//! The validation language (owned by the rules work).
