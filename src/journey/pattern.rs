//! Page patterns of `page_visit` triggers.

/// Whether `pattern` matches the whole of `path`: `*` matches any run of characters (`/`
/// included, possibly none); every other character is literal and case-sensitive.
///
/// Iterative, with one remembered star: O(pattern × path) in the worst case and no
/// backtracking blow-up, whatever the number of stars.
pub fn matches_path(pattern: &str, path: &str) -> bool {
    // Bytes are enough: `*` is ASCII, and a literal run of the (valid UTF-8) pattern can only
    // match the path at a character boundary.
    let p = pattern.as_bytes();
    let t = path.as_bytes();
    let (mut pi, mut ti) = (0, 0);
    // The pattern index just after the last star, and the path index it is matched up to.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi + 1, ti));
                pi += 1;
            }
            Some(&c) if c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                // Let the last star swallow one more byte and retry what follows it.
                Some((after, upto)) => {
                    pi = after;
                    ti = upto + 1;
                    star = Some((after, upto + 1));
                }
                None => return false,
            },
        }
    }
    p[pi.min(p.len())..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::matches_path;

    #[test]
    fn the_whole_path_must_match() {
        assert!(matches_path("/pricing", "/pricing"));
        assert!(!matches_path("/pricing", "/pricing/teams"));
        assert!(!matches_path("/pricing", "/en/pricing"));
        assert!(!matches_path("/pricing", "/pricin"));
        assert!(matches_path("", ""));
        assert!(!matches_path("", "/"));
    }

    #[test]
    fn a_star_matches_any_run_slashes_included() {
        assert!(matches_path("/pricing*", "/pricing"));
        assert!(matches_path("/pricing*", "/pricing/teams"));
        assert!(matches_path("/pricing*", "/pricing-old/a/b"));
        assert!(matches_path("*/pricing", "/en/us/pricing"));
        assert!(matches_path("/docs/*/intro", "/docs/a/b/c/intro"));
        assert!(!matches_path("/docs/*/intro", "/docs/intro"));
        assert!(matches_path("*", ""));
        assert!(matches_path("*", "/anything/at/all"));
        assert!(matches_path("**", "/x"));
        assert!(matches_path("/a*b*c", "/aXbYbZc"));
        assert!(!matches_path("/a*b*c", "/aXbYbZ"));
    }

    #[test]
    fn everything_else_is_literal_and_case_sensitive() {
        assert!(!matches_path("/Pricing", "/pricing"));
        assert!(matches_path("/a?b", "/a?b"));
        assert!(!matches_path("/a?b", "/axb"));
        assert!(matches_path("/a.b", "/a.b"));
        assert!(!matches_path("/a.b", "/axb"));
        assert!(matches_path("/[x]+", "/[x]+"));
        assert!(matches_path("/café*", "/café/menu"));
        assert!(matches_path("/caf*", "/café"));
        assert!(matches_path("/*é", "/café"));
        assert!(!matches_path("/café", "/cafe"));
    }

    #[test]
    fn many_stars_do_not_blow_up() {
        let pattern = format!("{}b", "*a".repeat(200));
        let path = "a".repeat(20_000);
        let start = std::time::Instant::now();
        assert!(!matches_path(&pattern, &path));
        assert!(start.elapsed().as_secs() < 5);
    }
}
