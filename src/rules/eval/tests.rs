use super::*;

fn check(rules: &str, display: &str, value: &str) -> (bool, Option<String>, Option<String>) {
    let v = evaluate(rules, display, value, &Form::new());
    (
        v.is_valid(),
        v.rule().map(str::to_string),
        v.message().map(str::to_string),
    )
}

fn fails(rules: &str, value: &str) -> Option<String> {
    evaluate(rules, "F", value, &Form::new())
        .message()
        .map(str::to_string)
}

/// The verdict of the field `name` labelled `display`, with `form` and the platform's
/// templates.
fn named(rules: &str, name: &str, display: &str, value: &str, form: &Form) -> Verdict {
    CompiledRules::new(rules).evaluate_field(
        &Subject::new(name, display, value),
        form,
        &Messages::platform(),
    )
}

#[test]
fn builtins_compile() {
    for re in all_builtins() {
        assert!(re.is_some());
    }
}

#[test]
fn messages() {
    assert_eq!(
        fails("min_length[6]", "abc").as_deref(),
        Some("The F field must be at least 6 characters in length.")
    );
    assert_eq!(
        fails("min_length[6###]", "abc").as_deref(),
        Some("The F field must be at least %s characters in length.")
    );
    assert_eq!(
        fails("min_length", "abc").as_deref(),
        Some("The F field must be at least %s characters in length.")
    );
    assert_eq!(
        fails("min_length[6###Short###x]", "abc").as_deref(),
        Some("Short")
    );
    let v = evaluate("min_length[6]", "A $& %s", "abc", &Form::new());
    assert_eq!(
        v.message(),
        Some("The A 6 %s field must be at least %s characters in length.")
    );
    let v = evaluate("min_length[6]", "$'", "abc", &Form::new());
    assert_eq!(
        v.message(),
        Some(
            "The  field must be at least 6 characters in length. field must be at least %s characters in length."
        )
    );
    let form = Form::new().with("password", "x", "Pass $$");
    let v = evaluate("matches[password]", "Confirm", "y", &form);
    assert_eq!(
        v.message(),
        Some("The Confirm field does not match the Pass $ field.")
    );
    let v = evaluate("matches[nope]", "Confirm", "y", &form);
    assert_eq!(
        v.message(),
        Some("The Confirm field does not match the nope field.")
    );
}

#[test]
fn empty_values() {
    assert_eq!(check("alpha", "F", ""), (true, None, None));
    assert!(!check("alpha|not_required", "F", "").0);
    assert!(!check("alpha|x[###required]", "F", "").0);
    assert!(!check("!callback_valid_date", "F", "").0);
    assert!(!check("!custom_validation[^a$]", "F", "").0);
    assert!(check("callback_valid_date", "F", "").0);
    assert!(!check("required", "F", " \u{FEFF}").0);
    assert!(check("required", "F", "\u{200B}").0);
    assert!(check("required", "F", "\u{0085}").0);
}

#[test]
fn lengths_and_numbers() {
    assert!(!check("min_length[ 6]", "F", "abcdefgh").0);
    assert!(check("max_length[2]", "F", "😀").0);
    assert!(!check("max_length[1]", "F", "😀").0);
    assert!(check("greater_than[5abc]", "F", "6").0);
    assert!(!check("greater_than[abc]", "F", "6").0);
    assert!(check("less_than[1,000]", "F", "0.5").0);
    assert!(!check("less_than[1,000]", "F", "5").0);
    assert!(check("greater_than[-Infinity]", "F", "-.5").0);
    assert!(!check("greater_than", "F", "5").0);
}

#[test]
fn dates() {
    assert!(valid_date("02-29-2000"));
    assert!(!valid_date("02-29-1900"));
    assert!(valid_date("02-29-2024"));
    assert!(!valid_date("02-30-2024"));
    assert!(valid_date("12-31"));
    assert!(valid_date("12-31-abc"));
    assert!(!valid_date("00-10-2000"));
    assert!(!valid_date("13-10-2000"));
    assert!(!valid_date("-1-10-2000"));
    assert!(!valid_date("x-10-2000"));
    assert!(!valid_date("01-00-2000"));
    assert!(!valid_date("01-10-999"));
    assert!(!valid_date("01-10-3001"));
    assert!(valid_date("01-10-3000"));
    assert!(valid_date("1/2/2000/junk"));
    assert!(!valid_date(""));
}

#[test]
fn luhn_sums() {
    assert!(luhn("4111 1111 1111 1111"));
    assert!(luhn("18"));
    assert!(!luhn("1"));
    assert!(luhn("---"));
}

#[test]
fn custom_validation_quirks() {
    assert_eq!(custom_pattern("colororcolour###x"), "col||colour");
    assert!(check("custom_validation[^(colororcolour)$]", "F", "").0);
    assert!(check("custom_validation[^(colororcolour)$]", "F", "col").0);
    // Without a parameter the handler throws (see `bare_custom_validation_throws`).
    assert!(evaluate("callback_custom_validation", "F", "x", &Form::new()).throws());
    assert!(
        check(
            "custom_validation[a]|callback_custom_validation[b]",
            "F",
            "b"
        )
        .0
    );
    assert!(!check("custom_validation[(]", "F", "x").0);
    assert!(!check("custom_validation[^[a-z]+$]", "F", "ſ").0);
    assert!(check("custom_validation[^[^]$]", "F", "\n").0);
}

#[test]
fn a_timed_out_match_has_no_verdict() {
    let rules = CompiledRules::new(r"custom_validation[^(?:(a+)\1*)+$###Bad]")
        .with_timeout(Duration::from_millis(20));
    let v = rules.evaluate("F", &("a".repeat(60) + "b"), &Form::new());
    assert_eq!(
        v,
        Verdict::TimedOut {
            rule: "custom_validation"
        }
    );
    assert_eq!(v.valid(), None);
    assert!(!v.is_invalid() && !v.is_valid());
    assert_eq!(v.message(), None);
    assert!(v.no_verdict_reason().unwrap().contains("would freeze"));
    assert_eq!(
        serde_json::to_string(&v).unwrap(),
        r#"{"valid":null,"rule":"custom_validation","message":null,"timed_out":true}"#
    );
    // The issue's case: `or` makes it `...$|!`, which the browser passes after a freeze.
    let rules = CompiledRules::new(r"custom_validation[^(?:(a+)\1*)+$or!]")
        .with_timeout(Duration::from_millis(10));
    assert!(
        rules
            .evaluate("F", &("a".repeat(30) + "!"), &Form::new())
            .timed_out()
    );
    // Rules before the slow one still fail first.
    let rules = CompiledRules::new(r"numeric|custom_validation[^(?:(a+)\1*)+$]")
        .with_timeout(Duration::from_millis(10));
    assert!(
        rules
            .evaluate("F", &("a".repeat(30) + "!"), &Form::new())
            .is_invalid()
    );
}

#[test]
fn verdicts_serialize_in_the_contracts_key_order() {
    assert_eq!(
        serde_json::to_string(&Verdict::Valid).unwrap(),
        r#"{"valid":true,"rule":null,"message":null}"#
    );
    let v = Verdict::Invalid {
        rule: "required",
        message: "M".into(),
    };
    assert_eq!(
        serde_json::to_string(&v).unwrap(),
        r#"{"valid":false,"rule":"required","message":"M"}"#
    );
    let v = Verdict::Throws {
        rule: "hasOwnProperty",
    };
    assert_eq!(
        serde_json::to_string(&v).unwrap(),
        r#"{"valid":null,"rule":"hasOwnProperty","message":null,"throws":true}"#
    );
}

#[test]
fn the_field_under_test_is_registered_under_its_name() {
    let none = Form::new();
    // An empty label falls back to the name, only when a name is known.
    assert_eq!(
        named("required", "firstname", "", "", &none).message(),
        Some("The firstname field is required.")
    );
    assert_eq!(
        evaluate("required", "", "", &none).message(),
        Some("The  field is required.")
    );
    // matches[own name] compares the field with itself.
    assert!(named("matches[firstname]", "firstname", "F", "x", &none).is_valid());
    assert!(named("matches[firstname]", "firstname", "F", "", &none).is_valid());
    assert!(!evaluate("matches[firstname]", "F", "x", &none).is_valid());
    // A parameter naming the field shows its label, or its name when the label is empty.
    assert_eq!(
        named(
            "min_length[firstname]",
            "firstname",
            "First Name",
            "x",
            &none
        )
        .message(),
        Some("The First Name field must be at least First Name characters in length.")
    );
    assert_eq!(
        named("max_length[firstname]", "firstname", "", "xx", &none).message(),
        Some("The firstname field must not exceed firstname characters in length.")
    );
    // `$` patterns of the label apply in both replacements.
    assert_eq!(
        named("max_length[f]", "f", "Zip $& Code", "\u{b}", &none).message(),
        Some("The Zip Zip %s Code Code field must not exceed %s characters in length.")
    );
    // The field under test wins over a form field of the same name.
    let form = Form::new().with("f", "other", "Other");
    assert!(named("matches[f]", "f", "F", "x", &form).is_valid());
}

#[test]
fn form_fields_fall_back_to_their_name() {
    let form = Form::new().with("password", "p", "");
    assert_eq!(
        named("matches[password]", "c", "Confirm", "x", &form).message(),
        Some("The Confirm field does not match the password field.")
    );
    let form = Form::new().with("password", "p", "Pass");
    assert_eq!(
        named("min_length[password]", "c", "C", "x", &form).message(),
        Some("The C field must be at least Pass characters in length.")
    );
}

#[test]
fn prototype_member_parameters_are_undefined_fields() {
    let none = Form::new();
    for member in OBJECT_PROTOTYPE_MEMBERS {
        assert_eq!(
            named(&format!("greater_than[{member}]"), "f", "F", "5", &none).message(),
            Some("The F field must contain a number greater than undefined."),
            "{member}"
        );
        // matches[member] always fails (the member has no value).
        assert_eq!(
            named(&format!("matches[{member}]"), "f", "F", "undefined", &none).message(),
            Some("The F field does not match the undefined field."),
            "{member}"
        );
    }
    // Without a name the lookup is the same.
    assert_eq!(
        evaluate("less_than[valueOf]", "F", "1", &none).message(),
        Some("The F field must contain a number less than undefined.")
    );
    // A field of the form or the field itself named like a member is a field.
    let form = Form::new().with("toString", "x", "T");
    assert_eq!(
        named("min_length[toString]", "f", "F", "x", &form).message(),
        Some("The F field must be at least T characters in length.")
    );
    assert_eq!(
        named("min_length[constructor]", "constructor", "", "x", &none).message(),
        Some("The constructor field must be at least constructor characters in length.")
    );
    // With ### the parameter is not looked up.
    assert_eq!(
        named("matches[hasOwnProperty###]", "f", "F", "x", &none).message(),
        Some("The F field does not match the %s field.")
    );
}

#[test]
fn the_member_test_and_the_member_list_agree() {
    for m in OBJECT_PROTOTYPE_MEMBERS {
        assert!(is_object_prototype_member(m), "{m}");
    }
    assert_eq!(OBJECT_PROTOTYPE_MEMBERS.len(), 12);
    for other in [
        "",
        "toSource",
        "Constructor",
        "__proto",
        "field",
        "hasownproperty",
    ] {
        assert!(!is_object_prototype_member(other), "{other}");
    }
}

#[test]
fn rule_names_that_make_the_validator_throw() {
    let none = Form::new();
    for name in [
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
    ] {
        for rules in [name.to_string(), format!("!{name}"), format!("{name}[3]")] {
            let v = named(&rules, "f", "F", "x", &none);
            assert_eq!(v, Verdict::Throws { rule: name }, "{rules}");
        }
        // Skipped on an empty value unless `required` appears.
        assert!(named(name, "f", "F", "", &none).is_valid(), "{name}");
        assert!(named(&format!("{name}|not_required"), "f", "F", "", &none).throws());
        // An earlier failure stops first.
        assert!(named(&format!("numeric|{name}"), "f", "F", "x", &none).is_invalid());
    }
    // The other members answer something truthy (or are no function): they pass.
    for name in [
        "toString",
        "valueOf",
        "constructor",
        "toLocaleString",
        "__proto__",
    ] {
        assert!(named(name, "f", "F", "x", &none).is_valid(), "{name}");
    }
    // A callback_ name runs a handler, and only two exist.
    assert!(named("callback_hasOwnProperty", "f", "F", "x", &none).is_valid());
}

#[test]
fn bare_custom_validation_throws() {
    let none = Form::new();
    let throws = Verdict::Throws {
        rule: "custom_validation",
    };
    assert_eq!(named("custom_validation", "f", "F", "x", &none), throws);
    assert_eq!(
        named("callback_custom_validation", "f", "F", "x", &none),
        throws
    );
    assert_eq!(
        named("required|custom_validation", "f", "F", "x", &none),
        throws
    );
    // Skipped on an empty value, unless forced or `required` appears.
    assert!(named("custom_validation", "f", "F", "", &none).is_valid());
    assert_eq!(named("!custom_validation", "f", "F", "", &none), throws);
    // With the callback_ form present, a plain custom_validation is an unknown name.
    assert!(
        named(
            "custom_validation|callback_custom_validation[x]",
            "f",
            "F",
            "x",
            &none
        )
        .is_valid()
    );
    // `custom_validation[]` does not parse: an unknown name.
    assert!(named("custom_validation[]", "f", "F", "x", &none).is_valid());
}
