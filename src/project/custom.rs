//! The one rule for a custom field's name: `cf_` and a key of ASCII letters, digits and
//! underscores. The studio's dialogs and drafts, the importers, the simulator and the lints
//! all ask here.

/// The prefix of every custom field's attribute name.
pub const CUSTOM_PREFIX: &str = "cf_";

/// Whether `name` is a custom field's name to the platform (it starts with `cf_` exactly).
pub fn is_custom_name(name: &str) -> bool {
    name.starts_with(CUSTOM_PREFIX)
}

/// The key of a custom field's name (the part after `cf_`), if `name` is one.
pub fn custom_key(name: &str) -> Option<&str> {
    name.strip_prefix(CUSTOM_PREFIX)
}

/// Why `key` cannot be a custom field's key (the part after `cf_`), or `Ok`.
pub fn check_custom_key(key: &str) -> Result<(), String> {
    if key.is_empty() {
        return Err("Give the field a key (letters, digits, underscores).".into());
    }
    if let Some(c) = key
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        let what = if c == ' ' {
            "a space".to_string()
        } else {
            format!("\"{c}\"")
        };
        return Err(format!(
            "A key has only letters, digits and underscores, not {what}."
        ));
    }
    Ok(())
}

/// Why `name` cannot be a custom field's name, or `Ok`.
pub fn check_custom_name(name: &str) -> Result<(), String> {
    match custom_key(name) {
        Some(key) => check_custom_key(key),
        None => Err(format!(
            "A custom field's name starts with {CUSTOM_PREFIX}, then its key."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_custom_name_is_cf_and_a_key_of_letters_digits_and_underscores() {
        assert!(is_custom_name("cf_Team"));
        assert!(!is_custom_name("CF_Team"));
        assert!(!is_custom_name("team"));
        assert_eq!(custom_key("cf_Team_2"), Some("Team_2"));
        assert_eq!(custom_key("Team"), None);
        assert_eq!(check_custom_name("cf_Team_2"), Ok(()));
        assert_eq!(
            check_custom_name("cf_"),
            Err("Give the field a key (letters, digits, underscores).".into())
        );
        assert_eq!(
            check_custom_name("cf_My Team"),
            Err("A key has only letters, digits and underscores, not a space.".into())
        );
        assert_eq!(
            check_custom_name("cf_Café"),
            Err("A key has only letters, digits and underscores, not \"é\".".into())
        );
        assert_eq!(
            check_custom_name("Team"),
            Err("A custom field's name starts with cf_, then its key.".into())
        );
    }
}
