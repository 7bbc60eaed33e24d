//! What the rule reads of a profile value, whatever holds it: a parsed [`serde_json::Value`]
//! (the preview, the simulator, `check`), or the JSON text itself read lazily
//! ([`super::raw::Raw`], `ppstudio audience` over millions of profiles). The field walk is
//! written once against [`JsonValue`] and [`ProfileView`], so both give the same decisions by
//! construction; `tests/audience_agrees.rs` checks the two readings agree.

use std::borrow::Cow;

use serde_json::Value;

use super::profile;

/// The kind of a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// A value of a prepared profile, as the platform's library reads it (`SKIP.md` §2.1): keys
/// compared lower-cased (the first of two colliding keys wins), arrays as objects keyed `"0"`,
/// `"1"`..., JavaScript truthiness.
pub trait JsonValue<'p>: Copy {
    /// The value's kind.
    fn kind(self) -> Kind;
    /// JavaScript truthiness: `false`, `0`, `""` and `null` are falsy, everything else truthy.
    fn truthy(self) -> bool;
    /// Whether the value is exactly the boolean `true`.
    fn is_true(self) -> bool;
    /// The text of a string (escapes resolved); `None` for other kinds.
    fn str(self) -> Option<Cow<'p, str>>;
    /// `v[key]`: an object's first key that lower-cases to `key_lower`, an array's element at
    /// that index; nothing for other values.
    fn member(self, key_lower: &str) -> Option<Self>;
    /// The element at index (number of keys − 1) of an array or object.
    fn last_element(self) -> Option<Self>;
    /// A number's value; `None` for other kinds.
    fn as_f64(self) -> Option<f64>;
    /// A number as `serde_json` writes it (R5 reads a numeric birth date as text).
    fn number_text(self) -> Option<String>;
}

/// JavaScript truthiness of a value that may be absent (`undefined`, falsy).
pub fn truthy<'p, V: JsonValue<'p>>(v: Option<V>) -> bool {
    v.is_some_and(JsonValue::truthy)
}

/// Whether a value that may be absent is exactly the string `s`.
pub fn is_str<'p, V: JsonValue<'p>>(v: Option<V>, s: &str) -> bool {
    v.and_then(JsonValue::str).is_some_and(|t| t == s)
}

impl<'p> JsonValue<'p> for &'p Value {
    fn kind(self) -> Kind {
        match self {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::String,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }

    fn truthy(self) -> bool {
        profile::truthy(Some(self))
    }

    fn is_true(self) -> bool {
        *self == Value::Bool(true)
    }

    fn str(self) -> Option<Cow<'p, str>> {
        self.as_str().map(Cow::Borrowed)
    }

    fn member(self, key_lower: &str) -> Option<Self> {
        profile::member(self, key_lower)
    }

    fn last_element(self) -> Option<Self> {
        profile::last_element(self)
    }

    fn as_f64(self) -> Option<f64> {
        self.as_f64()
    }

    fn number_text(self) -> Option<String> {
        match self {
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

/// A prepared profile: the first value of each top-level key the rules read (by slot, see
/// [`super::Compiled`]) and the consumer's `Provider`.
pub trait ProfileView<'p> {
    /// How the profile holds its values.
    type Value: JsonValue<'p>;
    /// The value of the top-level key in `slot`, if the profile has it.
    fn get(&self, slot: u16) -> Option<Self::Value>;
    /// The `Provider` value when it is a string (as written).
    fn provider(&self) -> Option<&str>;
    /// No provider, or `email`/`raas` in any case: the Schema path.
    fn email(&self) -> bool;
}
