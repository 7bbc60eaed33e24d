//! Two arbitrary files (split at the first zero byte) as the two versions of `ppstudio diff`
//! (a project or platform JSON each): never a panic; a version compared with itself has no
//! change, and the list of changes is written as text and JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ppstudio::diff::{self, Version};

fuzz_target!(|data: &[u8]| {
    let (a, b) = match data.iter().position(|b| *b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, data),
    };
    let (Ok(old), Ok(new)) = (Version::from_bytes(a), Version::from_bytes(b)) else {
        return;
    };
    assert!(diff::diff_versions(&old, &old).is_empty());
    let d = diff::diff_versions(&old, &new);
    // What `ppstudio diff` prints, in both formats: the text names every change, and the JSON
    // is JSON.
    let text = diff::to_text(&d);
    assert!(d.is_empty() || !text.is_empty());
    let json = serde_json::to_string(&diff::to_json(&d)).expect("the diff's JSON is written");
    serde_json::from_str::<serde_json::Value>(&json).expect("the diff's JSON reads back");
});
