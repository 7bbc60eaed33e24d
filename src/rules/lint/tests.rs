use super::*;

fn ctx(fields: &[&str]) -> LintContext {
    LintContext {
        fields: fields
            .iter()
            .map(std::string::ToString::to_string)
            .collect(),
        ..LintContext::default()
    }
}

fn only(rules: &str, code: &str) -> RuleProblem {
    only_in(rules, code, &ctx(&[]))
}

fn only_in(rules: &str, code: &str, c: &LintContext) -> RuleProblem {
    let all = lint(rules, c);
    let found: Vec<&RuleProblem> = all.iter().filter(|p| p.code == code).collect();
    assert_eq!(found.len(), 1, "{rules}: {all:#?}");
    found[0].clone()
}

fn none(rules: &str, code: &str) {
    let all = lint(rules, &ctx(&["password"]));
    assert!(all.iter().all(|p| p.code != code), "{rules}: {all:#?}");
}

fn at(rules: &str, p: &RuleProblem) -> String {
    rules[p.span.clone().unwrap()].to_string()
}

#[test]
fn clean_strings_have_no_problems() {
    for rules in [
        "",
        "required",
        "required|min_length[2]|max_length[50]",
        "required|valid_email",
        "required|min_length[6]|max_length[32]|matches[password]",
        "custom_validation[^[0-9]{10}$###Mobile number must be 10 digits]",
        "custom_validation[^(yes)$or^(no)$]",
        "callback_valid_date",
        "!callback_valid_date",
    ] {
        assert_eq!(lint(rules, &ctx(&["password"])), vec![], "{rules}");
    }
}

#[test]
fn or_inside_a_word() {
    let rules = "required|custom_validation[^(color|colour)$###Pick a spelling]".replace('|', "§");
    let rules = rules.replacen('§', "|", 1).replace('§', "or");
    let p = only(&rules, "or-in-regex");
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(
        p.message,
        "The custom regex \"^(colororcolour)$\" contains \"or\" inside a word. The browser turns every \"or\" \
         into \"|\" (either/or), so it reads \"^(col||colour)$\". Write \"o[r]\" where you mean the letters o \
         and r."
    );
    assert_eq!(at(&rules, &p), "or");
    assert_eq!(p.span, Some(32..34));
    // Which "or" was meant as either/or cannot be known: every one touching a letter is kept literal.
    assert_eq!(
        p.fix.as_deref(),
        Some("required|custom_validation[^(colo[r]o[r]colour)$###Pick a spelling]")
    );
    let p = only("custom_validation[^color$###Pick]", "or-in-regex");
    assert_eq!(
        p.fix.as_deref(),
        Some("custom_validation[^colo[r]$###Pick]")
    );
    let fixed = p.fix.unwrap();
    assert!(crate::rules::evaluate(&fixed, "F", "color", &Form::new()).is_valid());
    none("custom_validation[^[1-3]+$or^[5-9]+$]", "or-in-regex");
    let p = only("custom_validation[^(northorsouth)$]", "or-in-regex");
    assert_eq!(p.severity, Severity::Info);
    assert_eq!(
        p.message,
        "The browser turns every \"or\" in a regex into \"|\" (either/or), so it reads \"^(northorsouth)$\" as \
         \"^(n|th|south)$\". If you meant the letters o and r, write \"o[r]\"."
    );
    assert_eq!(
        p.fix.as_deref(),
        Some("custom_validation[^(no[r]tho[r]south)$]")
    );
    let p = only("custom_validation[^[a-z or]+$]", "or-in-regex");
    assert_eq!(p.fix.as_deref(), Some(r"custom_validation[^[a-z o\x72]+$]"));
}

#[test]
fn unanchored_regex() {
    let rules = "custom_validation[[0-9]{5}###Must contain five digits]";
    let p = only(rules, "unanchored-regex");
    assert_eq!(
        p.message,
        "The custom regex \"[0-9]{5}\" is not anchored with ^ at the start and $ at the end, so a value passes \
         as soon as any part of it matches."
    );
    assert_eq!(at(rules, &p), "[0-9]{5}");
    assert_eq!(
        p.fix.as_deref(),
        Some("custom_validation[^(?:[0-9]{5})$###Must contain five digits]")
    );
    let fixed = p.fix.unwrap();
    assert!(!crate::rules::evaluate(&fixed, "F", "123456", &Form::new()).is_valid());
    none("custom_validation[^a$or^b$]", "unanchored-regex");
    let p = only(
        "custom_validation[^y###Must start with y]",
        "unanchored-regex",
    );
    assert_eq!(p.severity, Severity::Info);
    assert_eq!(
        p.message,
        "The custom regex \"^y\" is anchored only at the start (^), so anything may follow the part that \
         matches. Add $ at the end if the whole value must match."
    );
    assert_eq!(p.fix, None);
    let p = only(
        r"custom_validation[(?<=@)example\.com$]",
        "unanchored-regex",
    );
    assert_eq!(
        p.message,
        r#"The custom regex "(?<=@)example\.com$" is anchored only at the end ($), so anything may come before the part that matches. Add ^ at the start if the whole value must match."#
    );
    let p = only(r"custom_validation[(?<=@)x]", "unanchored-regex");
    assert_eq!(p.fix, None);
    let p = only("custom_validation[###Anything]", "empty-regex");
    assert_eq!(
        p.message,
        "The custom regex is empty, so every value passes."
    );
}

#[test]
fn required_elsewhere() {
    let rules = "alpha|custom_validation[^a$###This is required]";
    let p = only(rules, "required-elsewhere");
    assert_eq!(
        p.message,
        "The word \"required\" appears in \"custom_validation[^a$###This is required]\" although the field has \
         no required rule. The browser then runs every rule on an empty value too, so leaving the field empty \
         can fail with another rule's message."
    );
    assert_eq!(at(rules, &p), "required");
    none("required|alpha", "required-elsewhere");
    none("Required|alpha", "required-elsewhere");
    let p = only("alpha|not_required\n", "required-elsewhere");
    assert!(p.message.contains("\"not_required\\n\""), "{}", p.message);
    none("alpha", "required-elsewhere");
}

#[test]
fn required_not_first() {
    let rules = "min_length[3]|required";
    let p = only(rules, "required-not-first");
    assert_eq!(
        p.message,
        "On an empty value the browser stops at the min_length rule, before required, and shows \"The Field field \
         must be at least 3 characters in length.\" instead of saying the field is required. Put required first."
    );
    assert_eq!(p.fix.as_deref(), Some("required|min_length[3]"));
    none("max_length[3]|required", "required-not-first");
}

#[test]
fn pipe_split() {
    let rules = "required|custom_validation[^(cat|dog)$###Pick one]";
    let p = only(rules, "pipe-split");
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(
        p.message,
        "The \"|\" inside \"custom_validation[^(cat|dog)$###Pick one]\" splits it into separate rules, so the \
         browser never runs custom_validation as written and every piece passes. A regex or a message cannot \
         contain \"|\"; in a regex, write \"or\" instead."
    );
    assert_eq!(at(rules, &p), "custom_validation[^(cat|dog)$###Pick one]");
    assert_eq!(
        p.fix.as_deref(),
        Some("required|custom_validation[^(catordog)$###Pick one]")
    );
    let p = only("custom_validation[^a$###Use a|b]", "pipe-split");
    assert_eq!(p.fix, None);
    // The pieces are not reported again as unknown rules.
    assert!(
        lint(rules, &ctx(&[]))
            .iter()
            .all(|p| p.code != "unknown-rule")
    );
}

#[test]
fn base64_inverted() {
    let p = only("valid_base64", "base64-inverted");
    assert_eq!(
        p.message,
        "valid_base64 is inverted in the browser: it rejects real base64 text such as \"SGVsbG8=\" and accepts \
         only values containing a character other than A-Z, a-z, 0-9, +, / and =."
    );
    let fix = p.fix.unwrap();
    let f = Form::new();
    assert!(crate::rules::evaluate(&fix, "T", "SGVsbG8=", &f).is_valid());
    assert!(crate::rules::evaluate(&fix, "T", "SGVsbA==", &f).is_valid());
    assert!(!crate::rules::evaluate(&fix, "T", "é", &f).is_valid());
    assert!(!crate::rules::evaluate(&fix, "T", "SGVsbG8", &f).is_valid());
    let p = only(
        "callback_custom_validation[^a$]|valid_base64",
        "base64-inverted",
    );
    assert!(p.fix.unwrap().contains("|callback_custom_validation[^(?:"));
}

#[test]
fn lax_builtins() {
    let p = only("valid_phoneno", "phone-lax");
    assert_eq!(p.severity, Severity::Info);
    assert_eq!(
        p.message,
        "valid_phoneno is a loose check: it accepts anything that starts with a backslash and any text that \
         merely ends in enough digits, such as \"abc123\"."
    );
    let p = only("valid_url", "url-lax");
    assert_eq!(
        p.message,
        "valid_url accepts surprising values: \"/\" and \":8080\" pass, while \"example.com\" and \
         \"www.example.com\" fail because they do not start with http:// or https://."
    );
}

#[test]
fn unknown_rules() {
    let p = only("required|min_lenght[3]", "unknown-rule");
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(
        p.message,
        "\"min_lenght[3]\" is not a rule the browser knows, so it never runs and always passes. Did you mean \
         \"min_length[3]\"?"
    );
    assert_eq!(p.span, Some(9..22));
    assert_eq!(p.fix.as_deref(), Some("required|min_length[3]"));
    assert_eq!(
        only("Required", "unknown-rule").fix.as_deref(),
        Some("required")
    );
    assert_eq!(
        only("required |alpha", "unknown-rule").fix.as_deref(),
        Some("required|alpha")
    );
    assert_eq!(
        only("MIN_LENGTH[3]", "unknown-rule").fix.as_deref(),
        Some("min_length[3]")
    );
    assert_eq!(
        only("valid_date", "unknown-rule").fix.as_deref(),
        Some("callback_valid_date")
    );
    assert_eq!(
        only("!valid-email", "unknown-rule").fix.as_deref(),
        Some("!valid_email")
    );
    let p = only("foo", "unknown-rule");
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(
        p.message,
        "\"foo\" is not a rule the browser knows, so it never runs and always passes."
    );
    assert_eq!(p.fix, None);
    let p = only("callback_foo", "unknown-rule");
    assert_eq!(
        p.message,
        "\"callback_foo\" asks for a handler \"foo\" that does not exist (only valid_date and custom_validation \
         do), so it always passes."
    );
    let p = only(
        "custom_validation[^a$]|callback_custom_validation[^b$]",
        "unknown-rule",
    );
    assert_eq!(
        p.message,
        "\"custom_validation[^a$]\" is not run because this rules string also contains \
         callback_custom_validation; write it as callback_custom_validation."
    );
    assert_eq!(
        p.fix.as_deref(),
        Some("callback_custom_validation[^a$]|callback_custom_validation[^b$]")
    );
    let p = only("min_length[]", "unknown-rule");
    assert_eq!(
        p.message,
        "\"min_length[]\" has an empty parameter [], so the browser does not recognise min_length and the rule \
         always passes."
    );
    let p = only("max_length[3", "unknown-rule");
    assert_eq!(p.fix.as_deref(), Some("max_length[3]"));
    assert_eq!(
        only("min_length [3]", "unknown-rule").fix.as_deref(),
        Some("min_length[3]")
    );
    let p = only("required| ", "empty-rule");
    assert_eq!(
        p.message,
        "This rule is only spaces; the browser ignores it."
    );
    assert_eq!(p.fix.as_deref(), Some("required"));
}

#[test]
fn length_parameters() {
    let rules = "min_length[6###Too short]";
    let p = only(rules, "length-parameter");
    assert_eq!(
        p.message,
        "min_length[6###Too short] always fails: the browser reads the whole parameter \"6###Too short\" as the \
         length, and it is not digits only. A custom message cannot be used with min_length."
    );
    assert_eq!(at(rules, &p), "6###Too short");
    assert_eq!(p.fix.as_deref(), Some("min_length[6]"));
    assert_eq!(
        only("max_length[ 6]", "length-parameter").fix.as_deref(),
        Some("max_length[6]")
    );
    assert_eq!(
        only("exact_length[+6]", "length-parameter").fix.as_deref(),
        Some("exact_length[6]")
    );
    assert_eq!(only("min_length[abc]", "length-parameter").fix, None);
    let p = only("min_length", "length-parameter");
    assert_eq!(
        p.message,
        "min_length has no length, so it always fails. Write it as min_length[N]."
    );
    none("min_length[06]", "length-parameter");
}

#[test]
fn number_parameters() {
    let p = only("greater_than[abc]", "number-parameter");
    assert_eq!(
        p.message,
        "greater_than[abc] always fails: \"abc\" is not a number."
    );
    let p = only("greater_than[Infinity]", "number-parameter");
    assert_eq!(
        p.message,
        "greater_than[Infinity] always fails: no number is greater than Infinity."
    );
    none("greater_than[5###Must be over five]", "number-parameter");
}

#[test]
fn regex_invalid() {
    let rules = "custom_validation[(?i)abc###Inline flags are not JS]";
    let p = only(rules, "regex-invalid");
    assert_eq!(p.severity, Severity::Error);
    assert!(
        p.message
            .starts_with("The custom regex \"(?i)abc\" is not valid in the browser ("),
        "{}",
        p.message
    );
    assert!(
        p.message
            .ends_with(" at character 3), so this rule always fails."),
        "{}",
        p.message
    );
    assert_eq!(at(rules, &p), "(?i)abc");
}

#[test]
fn matches_field() {
    let c = ctx(&["password", "email"]);
    let p = only_in("matches[pasword]", "matches-field", &c);
    assert_eq!(
        p.message,
        "matches[pasword] always fails: this step has no field named \"pasword\". Did you mean \"password\"?"
    );
    assert_eq!(p.fix.as_deref(), Some("matches[password]"));
    let p = only_in(
        "matches[password###Passwords do not match]",
        "matches-field",
        &c,
    );
    assert_eq!(
        p.message,
        "matches[password###Passwords do not match] always fails: the browser looks for a field named \
         \"password###Passwords do not match\" (a custom message cannot be used with matches)."
    );
    assert_eq!(p.fix.as_deref(), Some("matches[password]"));
    let p = only_in("matches[zzz]", "matches-field", &c);
    assert_eq!(p.fix, None);
    assert!(lint("matches[email]", &c).is_empty());
}

#[test]
fn length_conflicts() {
    let p = only("min_length[8]|max_length[6]", "length-conflict");
    assert_eq!(
        p.message,
        "min_length[8] and max_length[6] can never both pass: no value is at least 8 and at most 6 characters long."
    );
    let p = only("exact_length[3]|min_length[5]", "length-conflict");
    assert_eq!(
        p.message,
        "exact_length[3] and min_length[5] can never both pass: a value of exactly 3 characters is shorter than 5."
    );
    let p = only("max_length[4]|exact_length[5]", "length-conflict");
    assert_eq!(
        p.message,
        "exact_length[5] and max_length[4] can never both pass: a value of exactly 5 characters is longer than 4."
    );
    none(
        "min_length[2]|max_length[4]|exact_length[3]",
        "length-conflict",
    );
}

#[test]
fn impossible_combinations() {
    let p = only("numeric|alpha", "impossible-combination");
    assert_eq!(
        p.message,
        "numeric and alpha can never both pass: no filled-in value satisfies both."
    );
    for rules in [
        "alpha|valid_email",
        "is_natural|less_than[0]",
        "is_natural_no_zero|less_than[1]",
        "greater_than[10]|less_than[5]",
        "alpha_numeric|alpha_numeric_dash_combo",
        "alphanumeric_combo|max_length[1]",
        "valid_ip|max_length[6]",
        "alpha|valid_base64",
        "required|max_length[0]",
        "numeric|alphanumeric_combo",
    ] {
        only(rules, "impossible-combination");
    }
    for rules in [
        "alpha|alpha_numeric",
        "numeric|valid_credit_card",
        "valid_email|valid_base64",
        "is_natural|less_than[1]",
        "greater_than[5]|less_than[10]",
        "alpha_dash|min_length[3]",
        "integer|greater_than[-5]",
        "valid_ca_zip|alpha_numeric",
    ] {
        none(rules, "impossible-combination");
    }
}

#[test]
fn slow_regex() {
    let rules = r"custom_validation[^(\w+\s?)*$###Words]";
    let p = only(rules, "slow-regex");
    assert_eq!(
        p.message,
        r#"The custom regex "^(\w+\s?)*$" repeats something that itself repeats ((\w+\s?)*). On a long value that almost matches, the browser can freeze for seconds or more."#
    );
    none(r"custom_validation[^([a-z]+\.)+[a-z]{2,}$]", "slow-regex");
}

#[test]
fn file_type_checks_nothing() {
    let c = LintContext {
        field_type: Some("string".into()),
        ..LintContext::default()
    };
    let p = only_in("is_file_type[jpg,png]", "file-type-noop", &c);
    assert_eq!(
        p.message,
        "is_file_type checks nothing here: the browser applies it only to file uploads, and this field is not one \
         (this one is string), so every value passes."
    );
}

#[test]
fn ignored_parameter() {
    let rules = "required[Please fill in]";
    let p = only(rules, "ignored-parameter");
    assert_eq!(
        p.message,
        "required ignores its parameter \"Please fill in\". To show your own message instead of the standard \
         one, write it after ###: required[###Please fill in]."
    );
    assert_eq!(at(rules, &p), "Please fill in");
    let fix = p.fix.unwrap();
    assert_eq!(fix, "required[###Please fill in]");
    assert_eq!(
        crate::rules::evaluate(&fix, "F", "", &Form::new()).message(),
        Some("Please fill in")
    );
    none("required[###Please fill in]", "ignored-parameter");
    none("min_length[3]", "ignored-parameter");
    none(
        "callback_valid_date[###Enter a real date]",
        "ignored-parameter",
    );
}

#[test]
fn message_placeholder() {
    let p = only(
        "custom_validation[^a$###%s is invalid]",
        "message-placeholder",
    );
    assert_eq!(
        p.message,
        "Custom messages are shown as written: the \"%s\" in \"%s is invalid\" will not be replaced by the field's label."
    );
}

#[test]
fn severity_serializes_lowercase() {
    assert_eq!(
        serde_json::to_string(&Severity::Warning).unwrap(),
        "\"warning\""
    );
}

#[test]
fn fixes_parse_back_without_the_same_problem() {
    for rules in [
        "required|min_lenght[3]",
        "min_length[6###Too short]",
        "custom_validation[[0-9]{5}]",
        "required|custom_validation[^(cat|dog)$###Pick one]",
    ] {
        for p in lint(rules, &ctx(&[])) {
            if let Some(fix) = &p.fix {
                assert!(
                    lint(fix, &ctx(&[])).iter().all(|q| q.code != p.code),
                    "{rules} -> {fix}"
                );
            }
        }
    }
}
