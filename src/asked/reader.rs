//! Reading a profile's JSON for [`super::Compiled`]: only the top-level keys the rules read are
//! kept (values parsed in full); the values of all other keys are skipped without building
//! them.

use std::fmt;

use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::Compiled;

pub(super) struct ProfileReader<'c>(pub &'c Compiled);

impl<'de> Visitor<'de> for ProfileReader<'_> {
    type Value = Map<String, Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a profile (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if self.0.reads(&key) {
                let v: Value = map.next_value()?;
                // A key repeated exactly: the last value, as JSON.parse gives.
                out.insert(key.into_owned(), v);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(out)
    }
}
