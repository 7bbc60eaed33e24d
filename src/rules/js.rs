//! Small functions with the semantics JavaScript gives them in the browser.
//!
//! The validator of the consumer's browser is JavaScript: lengths count UTF-16 code units,
//! `trim` removes a whitespace set that differs from Rust's, numbers are read with `parseFloat`
//! and `parseInt`, and messages are built with `String.prototype.replace`. Each function here
//! reproduces one of those exactly.

/// The length of `s` as JavaScript's `String.prototype.length` counts it: UTF-16 code units
/// (a character beyond the Basic Multilingual Plane, such as an emoji, counts 2).
pub fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.chars().map(char::len_utf16).sum()
}

/// Whether `c` is removed by JavaScript's `trim()`: the ECMAScript WhiteSpace (tab, vertical
/// tab, form feed, space, no-break space, U+FEFF and every Unicode `Zs` space) and
/// LineTerminator (LF, CR, U+2028, U+2029) characters. U+0085, U+200B and U+180E are not.
pub fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{0009}'
            | '\u{000A}'
            | '\u{000B}'
            | '\u{000C}'
            | '\u{000D}'
            | '\u{0020}'
            | '\u{00A0}'
            | '\u{1680}'
            | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// JavaScript's `String.prototype.trim()`: removes [`is_js_whitespace`] characters from both ends.
pub fn trim(s: &str) -> &str {
    s.trim_matches(is_js_whitespace)
}

/// JavaScript's `String.prototype.trimStart()`.
pub fn trim_start(s: &str) -> &str {
    s.trim_start_matches(is_js_whitespace)
}

/// Whether `c` is a JavaScript LineTerminator (LF, CR, U+2028, U+2029): what `.` does not match.
pub fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// JavaScript's global `parseFloat(s)`: leading whitespace is skipped, the longest prefix that
/// is a decimal literal (optional sign, digits with an optional fraction and exponent, or
/// `Infinity`) is read, and what follows is ignored. No such prefix gives NaN.
///
/// `"5abc"` is 5, `"1,000"` is 1, `" -Infinity"` is -∞, `".5e1x"` is 5, `"abc"` and `"."` are NaN.
pub fn parse_float(s: &str) -> f64 {
    let t = trim_start(s);
    let b = t.as_bytes();
    let mut i = 0;
    let mut negative = false;
    if let Some(&sign) = b.first()
        && (sign == b'+' || sign == b'-')
    {
        negative = sign == b'-';
        i = 1;
    }
    if t[i..].starts_with("Infinity") {
        return if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let digits = |mut j: usize| {
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        j
    };
    let int_end = digits(i);
    let mut end = int_end;
    let mut mantissa_digits = int_end - i;
    if end < b.len() && b[end] == b'.' {
        let frac_end = digits(end + 1);
        mantissa_digits += frac_end - (end + 1);
        end = frac_end;
    }
    if mantissa_digits == 0 {
        return f64::NAN;
    }
    if end < b.len() && (b[end] == b'e' || b[end] == b'E') {
        let mut j = end + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        let exp_end = digits(j);
        if exp_end > j {
            end = exp_end;
        }
    }
    // The prefix is ASCII and a valid Rust float literal ("5.", ".5", "+1e3" included).
    t[..end].parse::<f64>().unwrap_or(f64::NAN)
}

/// JavaScript's `parseInt(s, 10)`: leading whitespace is skipped, an optional sign and the
/// longest run of ASCII digits are read, anything after is ignored. No digit gives NaN.
///
/// `"1e3"` is 1, `"1.5"` is 1, `"-0"` is -0, `"x1"` is NaN.
pub fn parse_int(s: &str) -> f64 {
    let t = trim_start(s);
    let b = t.as_bytes();
    let mut i = 0;
    let mut negative = false;
    if let Some(&sign) = b.first()
        && (sign == b'+' || sign == b'-')
    {
        negative = sign == b'-';
        i = 1;
    }
    let start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == start {
        return f64::NAN;
    }
    let magnitude = t[start..i].parse::<f64>().unwrap_or(f64::NAN);
    if negative { -magnitude } else { magnitude }
}

/// JavaScript's `haystack.replace(pattern, replacement)` with a string pattern: only the first
/// occurrence of `pattern` is replaced, and the replacement's `$` patterns are expanded as
/// `GetSubstitution` does: `$$` is `$`, `$&` the matched text, `` $` `` the text before the
/// match, `$'` the text after it; any other `$` (such as `$1` or `$<`) stays literal.
/// Without an occurrence the haystack is returned unchanged.
pub fn replace_first(haystack: &str, pattern: &str, replacement: &str) -> String {
    let Some(pos) = haystack.find(pattern) else {
        return haystack.to_string();
    };
    let before = &haystack[..pos];
    let after = &haystack[pos + pattern.len()..];
    let mut out = String::with_capacity(haystack.len() + replacement.len());
    out.push_str(before);
    push_substitution(&mut out, pattern, before, after, replacement);
    out.push_str(after);
    out
}

/// Appends the expansion of `replacement` (see [`replace_first`]) to `out`.
fn push_substitution(
    out: &mut String,
    matched: &str,
    before: &str,
    after: &str,
    replacement: &str,
) {
    let mut rest = replacement;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let tail = &rest[dollar + 1..];
        match tail.as_bytes().first() {
            Some(b'$') => out.push('$'),
            Some(b'&') => out.push_str(matched),
            Some(b'`') => out.push_str(before),
            Some(b'\'') => out.push_str(after),
            _ => {
                out.push('$');
                rest = tail;
                continue;
            }
        }
        rest = &tail[1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_lengths() {
        assert_eq!(utf16_len(""), 0);
        assert_eq!(utf16_len("abc"), 3);
        assert_eq!(utf16_len("é"), 1);
        assert_eq!(utf16_len("😀"), 2);
        assert_eq!(utf16_len("名前"), 2);
        assert_eq!(utf16_len("a😀b"), 4);
    }

    #[test]
    fn trim_uses_the_js_set() {
        assert_eq!(trim("\u{FEFF} a \u{3000}"), "a");
        assert_eq!(
            trim("\u{00A0}\u{1680}\u{2000}\u{200A}\u{202F}\u{205F}x\n\r\t\u{0B}\u{0C}"),
            "x"
        );
        assert_eq!(trim("\u{2028}x\u{2029}"), "x");
        // Not JS whitespace, although Rust's trim removes U+0085.
        assert_eq!(trim("\u{0085}"), "\u{0085}");
        assert_eq!(trim("\u{200B}"), "\u{200B}");
        assert_eq!(trim("\u{180E}"), "\u{180E}");
        assert_eq!(trim(" \n "), "");
        assert_eq!(trim_start("  a "), "a ");
    }

    #[test]
    fn parse_float_like_js() {
        assert_eq!(parse_float("5abc"), 5.0);
        assert_eq!(parse_float("1,000"), 1.0);
        assert_eq!(parse_float("  18"), 18.0);
        assert_eq!(parse_float("\u{FEFF}\u{3000}7"), 7.0);
        assert_eq!(parse_float("1e3"), 1000.0);
        assert_eq!(parse_float("1e"), 1.0);
        assert_eq!(parse_float("1e+"), 1.0);
        assert_eq!(parse_float("-1.5e-1x"), -0.15);
        assert_eq!(parse_float(".5"), 0.5);
        assert_eq!(parse_float("1.e5"), 100000.0);
        assert_eq!(parse_float("-.5"), -0.5);
        assert_eq!(parse_float("1e1000"), f64::INFINITY);
        assert!(parse_float(".e5").is_nan());
        assert!(parse_float("\u{180E}5").is_nan());
        assert_eq!(parse_float("5."), 5.0);
        assert_eq!(parse_float("+6"), 6.0);
        assert_eq!(parse_float("Infinity"), f64::INFINITY);
        assert_eq!(parse_float("-Infinityx"), f64::NEG_INFINITY);
        assert_eq!(parse_float("5###Must be over five"), 5.0);
        assert!(parse_float("abc").is_nan());
        assert!(parse_float(".").is_nan());
        assert!(parse_float("").is_nan());
        assert!(parse_float("-").is_nan());
        assert!(parse_float("infinity").is_nan());
        assert!(parse_float("0x10") == 0.0);
        assert!(parse_float("$$5").is_nan());
        assert!(parse_float("\u{0085}5").is_nan());
        assert!(parse_float("-0").is_sign_negative());
    }

    #[test]
    fn parse_int_like_js() {
        assert_eq!(parse_int("01"), 1.0);
        assert_eq!(parse_int(" 12x"), 12.0);
        assert_eq!(parse_int("1e3"), 1.0);
        assert_eq!(parse_int("1.5"), 1.0);
        assert_eq!(parse_int("-3"), -3.0);
        assert_eq!(parse_int("+3"), 3.0);
        assert!(parse_int("-0").is_sign_negative());
        assert!(parse_int("x1").is_nan());
        assert!(parse_int("").is_nan());
        assert!(parse_int("-").is_nan());
        assert!(parse_int("١").is_nan());
        assert_eq!(parse_int("99999999999999999999"), 1e20);
    }

    #[test]
    fn replace_first_like_js() {
        assert_eq!(
            replace_first("The %s field", "%s", "A $$ B"),
            "The A $ B field"
        );
        assert_eq!(
            replace_first("The %s field", "%s", "[$&]"),
            "The [%s] field"
        );
        assert_eq!(replace_first("The %s field", "%s", "$`"), "The The  field");
        assert_eq!(
            replace_first("The %s field", "%s", "$'"),
            "The  field field"
        );
        assert_eq!(replace_first("a %s b %s", "%s", "x"), "a x b %s");
        assert_eq!(replace_first("no match", "%s", "$$"), "no match");
        assert_eq!(replace_first("%s", "%s", "$1$<n>$"), "$1$<n>$");
        assert_eq!(replace_first("%s", "%s", "$$$"), "$$");
        assert_eq!(replace_first("%s", "%s", "é$"), "é$");
    }
}
