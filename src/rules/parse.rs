//! Parsing a validation string into its segments, with byte spans in the original string.
//!
//! The browser splits the (renamed, see [`RuleSet::renamed`]) string on `|` and matches each
//! segment with `/^(.+?)\[(.+)\]$/`. Positions here always refer to the ORIGINAL string, so an
//! editor can underline the exact characters, even where the `custom_validation` renaming
//! inserted text.

use std::ops::Range;

/// The text the browser inserts before `custom_validation` (see [`RuleSet::renamed`]).
pub const CALLBACK_PREFIX: &str = "callback_";

const CUSTOM: &str = "custom_validation";
const CALLBACK_CUSTOM: &str = "callback_custom_validation";

/// One `|`-separated segment of a validation string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// The segment's text in the original string.
    pub raw: String,
    /// Where [`Segment::raw`] is in the original string (bytes).
    pub span: Range<usize>,
    /// The text the browser sees: [`Segment::raw`] after the `custom_validation` renaming.
    pub text: String,
    /// The rule name the browser looks up: the part before the parameter, with one leading `!`
    /// stripped (`callback_` kept). Without a parameter, the whole segment minus that `!`.
    pub name: String,
    /// Whether a leading `!` was stripped from the name.
    pub bang: bool,
    /// Where the name (after the `!`) is in the original string (bytes).
    pub name_span: Range<usize>,
    /// The parameter, between the first `[` and the final `]`, as the browser sees it (renamed).
    pub param: Option<String>,
    /// Where the parameter is in the original string (bytes), when there is one.
    pub param_span: Option<Range<usize>>,
}

impl Segment {
    /// Whether the segment is empty (it does nothing).
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }

    /// The rule name as the browser reports it: [`Segment::name`] without `callback_`.
    pub fn reported_name(&self) -> &str {
        self.name
            .strip_prefix(CALLBACK_PREFIX)
            .unwrap_or(&self.name)
    }

    /// Whether this segment runs on an empty value whatever the rest of the string holds: it
    /// contains `!callback_` (after the renaming).
    pub fn forces_run_on_empty(&self) -> bool {
        self.text.contains("!callback_")
    }

    /// The text between the first `###` and the next `###` (or the end) of the parameter, when
    /// the parameter has a `###`: the custom message (used only when non-empty).
    pub fn custom_message(&self) -> Option<&str> {
        let param = self.param.as_deref()?;
        let (_, rest) = param.split_once("###")?;
        Some(rest.split("###").next().unwrap_or(""))
    }

    /// The part of the parameter before its first `###` (the whole parameter without one).
    pub fn param_value(&self) -> Option<&str> {
        let param = self.param.as_deref()?;
        Some(param.split("###").next().unwrap_or(param))
    }
}

/// A validation string, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSet {
    source: String,
    renamed: bool,
    segments: Vec<Segment>,
}

/// Parses a validation string into its segments (see [`RuleSet`]). Never fails: every string
/// is a rule set, in which unknown names simply pass.
pub fn parse(rules: &str) -> RuleSet {
    RuleSet::parse(rules)
}

impl RuleSet {
    /// Parses `rules` (see [`parse`]).
    pub fn parse(rules: &str) -> RuleSet {
        let renamed = rules.contains(CUSTOM) && !rules.contains(CALLBACK_CUSTOM);
        let mut segments = Vec::new();
        let mut start = 0;
        for raw in rules.split('|') {
            segments.push(parse_segment(raw, start, renamed));
            start += raw.len() + 1;
        }
        RuleSet {
            source: rules.to_string(),
            renamed,
            segments,
        }
    }

    /// The original string.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the browser renames `custom_validation` to `callback_custom_validation` in this
    /// string: it contains `custom_validation` but nowhere `callback_custom_validation`. Every
    /// `custom_validation` followed by a word boundary is then renamed, even inside a regex or
    /// a message.
    pub fn renamed(&self) -> bool {
        self.renamed
    }

    /// The string the browser evaluates: the original after the renaming.
    pub fn effective(&self) -> String {
        self.segments
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join("|")
    }

    /// Whether the substring `required` occurs anywhere in the (renamed) string, which makes
    /// every rule run on an empty value.
    pub fn mentions_required(&self) -> bool {
        // The renaming inserts `callback_` (no `r`, `e`, `q`, `u`, `i`, `d` run) before a `c`,
        // so it neither creates nor breaks a `required`.
        self.source.contains("required")
    }

    /// The parts of `span` (a problem's, in the original string) that show what is wrong: a
    /// span within one segment is itself; a span across several segments (two rules that can
    /// never both pass) is its part in the first and in the last of them, not the rules in
    /// between, which are not at fault.
    pub fn marked_parts(&self, span: Range<usize>) -> Vec<Range<usize>> {
        let touched: Vec<&Segment> = self
            .segments
            .iter()
            .filter(|s| !s.is_empty() && s.span.start < span.end && span.start < s.span.end)
            .collect();
        match touched.as_slice() {
            [first, .., last] => vec![
                span.start.max(first.span.start)..first.span.end,
                last.span.start..span.end.min(last.span.end),
            ],
            _ => vec![span],
        }
    }

    /// The segment as the user wrote it (before the browser's renaming), its name and
    /// parameter: what a list of the rules shows.
    pub fn written<'a>(&'a self, seg: &'a Segment) -> (&'a str, Option<&'a str>) {
        let name = self.source.get(seg.name_span.clone()).unwrap_or(&seg.name);
        let param = seg
            .param_span
            .as_ref()
            .and_then(|r| self.source.get(r.clone()))
            .or(seg.param.as_deref());
        (name, param)
    }

    /// Every segment, empty ones included, in order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Writes the rule set back: the segments' original texts joined with `|`. It is always
    /// byte-identical to the string that was parsed.
    pub fn to_rules_string(&self) -> String {
        join(self.segments.iter().map(|s| s.raw.as_str()))
    }

    /// The string with segment `index` replaced by `text` and every other segment untouched.
    /// An index past the end appends `text` as a new segment.
    pub fn with_segment_replaced(&self, index: usize, text: &str) -> String {
        if index >= self.segments.len() {
            return self.with_segment_inserted(self.segments.len(), text);
        }
        join(
            self.segments
                .iter()
                .enumerate()
                .map(|(i, s)| if i == index { text } else { s.raw.as_str() }),
        )
    }

    /// The string with segment `index` removed (with one of its `|`), every other segment
    /// untouched.
    pub fn with_segment_removed(&self, index: usize) -> String {
        join(
            self.segments
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != index)
                .map(|(_, s)| s.raw.as_str()),
        )
    }

    /// The string with `text` inserted as a new segment before segment `index` (at the end when
    /// `index` is the number of segments or more). An empty original string gives `text` alone.
    pub fn with_segment_inserted(&self, index: usize, text: &str) -> String {
        if self.source.is_empty() {
            return text.to_string();
        }
        let mut parts: Vec<&str> = self.segments.iter().map(|s| s.raw.as_str()).collect();
        parts.insert(index.min(parts.len()), text);
        join(parts.into_iter())
    }
}

/// Writes one segment: `!` when `bang`, the name, and `[param]` when there is a parameter.
pub fn format_segment(bang: bool, name: &str, param: Option<&str>) -> String {
    let mut out = String::new();
    if bang {
        out.push('!');
    }
    out.push_str(name);
    if let Some(param) = param {
        out.push('[');
        out.push_str(param);
        out.push(']');
    }
    out
}

fn join<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    parts.collect::<Vec<_>>().join("|")
}

/// The renaming of one segment: its effective text and where text was inserted (offsets in
/// the raw segment). Renaming segment by segment is the same as renaming the whole string,
/// because a `|` and the end of the string are both word boundaries.
fn rename(raw: &str) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(raw.len() + CALLBACK_PREFIX.len());
    let mut inserted = Vec::new();
    let mut last = 0;
    let mut from = 0;
    while let Some(found) = raw[from..].find(CUSTOM) {
        let at = from + found;
        let end = at + CUSTOM.len();
        let boundary = raw
            .as_bytes()
            .get(end)
            .is_none_or(|&b| !(b.is_ascii_alphanumeric() || b == b'_'));
        if boundary {
            text.push_str(&raw[last..at]);
            text.push_str(CALLBACK_PREFIX);
            inserted.push(at);
            last = at;
        }
        from = end;
    }
    text.push_str(&raw[last..]);
    (text, inserted)
}

/// Maps an offset in the renamed segment to an offset in the raw segment. An offset inside
/// inserted text maps to the place of the insertion.
fn to_raw(offset: usize, inserted: &[usize]) -> usize {
    let mut shift = 0;
    for &at in inserted {
        let start = at + shift;
        if offset < start {
            break;
        }
        if offset < start + CALLBACK_PREFIX.len() {
            return at;
        }
        shift += CALLBACK_PREFIX.len();
    }
    offset - shift
}

/// `/^(.+?)\[(.+)\]$/` on a segment: the byte ranges of the name and of the parameter.
pub(crate) fn split_rule(text: &str) -> Option<(Range<usize>, Range<usize>)> {
    if !text.ends_with(']') || text.contains(crate::rules::js::is_line_terminator) {
        return None;
    }
    let first = text.chars().next()?.len_utf8();
    let open = text[first..].find('[')? + first;
    let close = text.len() - 1;
    (open + 1 < close).then_some((0..open, open + 1..close))
}

fn parse_segment(raw: &str, start: usize, renamed: bool) -> Segment {
    let (text, inserted) = if renamed && raw.contains(CUSTOM) {
        rename(raw)
    } else {
        (raw.to_string(), Vec::new())
    };
    let map =
        |r: Range<usize>| start + to_raw(r.start, &inserted)..start + to_raw(r.end, &inserted);
    let (name_range, param_range) = match split_rule(&text) {
        Some((name, param)) => (name, Some(param)),
        None => (0..text.len(), None),
    };
    let mut name_range = name_range;
    let bang = text[name_range.clone()].starts_with('!');
    if bang {
        name_range.start += 1;
    }
    Segment {
        raw: raw.to_string(),
        span: start..start + raw.len(),
        name: text[name_range.clone()].to_string(),
        bang,
        name_span: map(name_range),
        param: param_range.clone().map(|r| text[r].to_string()),
        param_span: param_range.map(map),
        text,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_span_across_segments_marks_only_its_first_and_last_rule() {
        let set = super::parse("required|min_length[3]|numeric|max_length[2]");
        assert_eq!(set.marked_parts(9..44), vec![9..22, 31..44]);
        assert_eq!(set.marked_parts(20..21), vec![20..21]);
    }

    #[test]
    fn the_written_name_is_the_users_not_the_browsers_renamed_one() {
        let set = super::parse("required|custom_validation[^a+$###Pick one]");
        let seg = &set.segments()[1];
        assert_eq!(seg.name, "callback_custom_validation");
        assert_eq!(
            set.written(seg),
            ("custom_validation", Some("^a+$###Pick one"))
        );
    }

    use super::*;

    fn names(rules: &str) -> Vec<(String, Option<String>)> {
        parse(rules)
            .segments()
            .iter()
            .map(|s| (s.name.clone(), s.param.clone()))
            .collect()
    }

    #[test]
    fn splits_and_parses() {
        let set = parse("required|min_length[3]||!callback_valid_date");
        let segs = set.segments();
        assert_eq!(segs.len(), 4);
        assert_eq!(segs[0].name, "required");
        assert_eq!(segs[1].name, "min_length");
        assert_eq!(segs[1].param.as_deref(), Some("3"));
        assert_eq!(segs[1].span, 9..22);
        assert_eq!(segs[1].name_span, 9..19);
        assert_eq!(segs[1].param_span, Some(20..21));
        assert!(segs[2].is_empty());
        assert_eq!(segs[3].name, "callback_valid_date");
        assert!(segs[3].bang);
        assert_eq!(segs[3].name_span, 25..44);
        assert!(segs[3].forces_run_on_empty());
        assert_eq!(segs[3].reported_name(), "valid_date");
    }

    #[test]
    fn parameter_edge_cases() {
        assert_eq!(names("min_length[]"), vec![("min_length[]".into(), None)]);
        assert_eq!(names("x[3"), vec![("x[3".into(), None)]);
        assert_eq!(names("[3]"), vec![("[3]".into(), None)]);
        assert_eq!(names("[[3]"), vec![("[".into(), Some("3".into()))]);
        assert_eq!(names("a[]]"), vec![("a".into(), Some("]".into()))]);
        assert_eq!(names("a[b]c]"), vec![("a".into(), Some("b]c".into()))]);
        assert_eq!(names("a[][x]"), vec![("a".into(), Some("][x".into()))]);
        assert_eq!(names("a[x\n]"), vec![("a[x\n]".into(), None)]);
        assert_eq!(names("a\u{2028}[x]"), vec![("a\u{2028}[x]".into(), None)]);
        assert_eq!(names("!!a[1]"), vec![("!a".into(), Some("1".into()))]);
        assert_eq!(names("![1]"), vec![(String::new(), Some("1".into()))]);
        assert_eq!(names("é[ü]"), vec![("é".into(), Some("ü".into()))]);
    }

    #[test]
    fn renaming_keeps_original_positions() {
        let rules = "required|custom_validation[^a$###custom_validation here]";
        let set = parse(rules);
        assert!(set.renamed());
        let seg = &set.segments()[1];
        assert_eq!(seg.name, "callback_custom_validation");
        assert_eq!(
            seg.param.as_deref(),
            Some("^a$###callback_custom_validation here")
        );
        assert_eq!(&rules[seg.name_span.clone()], "custom_validation");
        assert_eq!(
            &rules[seg.param_span.clone().unwrap()],
            "^a$###custom_validation here"
        );
        assert_eq!(
            set.effective(),
            "required|callback_custom_validation[^a$###callback_custom_validation here]"
        );
        assert_eq!(set.to_rules_string(), rules);
    }

    #[test]
    fn renaming_needs_a_word_boundary_and_no_callback_form() {
        assert_eq!(
            parse("custom_validationx[a]").segments()[0].name,
            "custom_validationx"
        );
        assert_eq!(
            parse("xcustom_validation[a]").segments()[0].name,
            "xcallback_custom_validation"
        );
        assert_eq!(
            parse("custom_validation é").segments()[0].name,
            "callback_custom_validation é"
        );
        let set = parse("custom_validation[a]|callback_custom_validation[b]");
        assert!(!set.renamed());
        assert_eq!(set.segments()[0].name, "custom_validation");
        let bang = parse("!custom_validation[a]");
        assert!(bang.segments()[0].forces_run_on_empty());
        assert_eq!(bang.segments()[0].name_span, 1..18);
    }

    #[test]
    fn messages_and_values() {
        let set = parse("min_length[6###Too short###ignored]|a[###]|b[x]");
        assert_eq!(set.segments()[0].custom_message(), Some("Too short"));
        assert_eq!(set.segments()[0].param_value(), Some("6"));
        assert_eq!(set.segments()[1].custom_message(), Some(""));
        assert_eq!(set.segments()[2].custom_message(), None);
    }

    #[test]
    fn mentions_required() {
        assert!(parse("not_required").mentions_required());
        assert!(parse("custom_validation[a###required]").mentions_required());
        assert!(!parse("Required").mentions_required());
    }

    #[test]
    fn editing_keeps_other_segments() {
        let set = parse(" a |min_lenght[3]||b");
        assert_eq!(
            set.with_segment_replaced(1, "min_length[3]"),
            " a |min_length[3]||b"
        );
        assert_eq!(set.with_segment_removed(2), " a |min_lenght[3]|b");
        assert_eq!(
            set.with_segment_inserted(0, "required"),
            "required| a |min_lenght[3]||b"
        );
        assert_eq!(set.with_segment_inserted(9, "x"), " a |min_lenght[3]||b|x");
        assert_eq!(parse("").with_segment_inserted(0, "required"), "required");
        assert_eq!(
            format_segment(true, "callback_valid_date", None),
            "!callback_valid_date"
        );
        assert_eq!(
            format_segment(false, "min_length", Some("3")),
            "min_length[3]"
        );
    }
}
