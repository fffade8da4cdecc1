//! String formats as Rust types (`Config::format_types`): `date-time`, `date` and `time` as
//! chrono values that keep their offset and text, `uuid` as a uuid, `byte` as bytes; every
//! value written back as it was read, and an invalid one a `format` violation at its pointer.

use oasbind_runtime::Validate;
use oasbind_tests::formats::{Payment, Timestamp};

const PAYMENT: &str = r#"{"id":"2EB8AA08-AA98-11EA-B4AA-73B441D16380","booked_at":"2024-03-01T12:30:00.500+05:30","value_date":"2024-02-29","cutoff":"17:00:00-04:00","receipt":"aGk=","settled_at":null,"history":["2024-03-01T07:00:00Z","2024-03-02T09:15:00-08:00"]}"#;

#[test]
fn every_value_comes_back_as_it_was_written() {
    let payment = Payment::from_json(PAYMENT).unwrap_or_else(|v| panic!("{v}"));
    assert_eq!(serde_json::to_string(&payment).unwrap(), PAYMENT);
    // The plain serde path reads the same.
    let plain: Payment = serde_json::from_str(PAYMENT).unwrap();
    assert_eq!(plain, payment);
}

#[test]
fn values_are_typed() {
    use chrono::{Datelike, Timelike};
    let payment = Payment::from_json(PAYMENT).unwrap();
    assert_eq!(payment.booked_at.offset().local_minus_utc(), 19_800);
    assert_eq!(payment.booked_at.timestamp_millis(), 1_709_276_400_500);
    assert_eq!(
        (payment.value_date.month(), payment.value_date.day()),
        (2, 29)
    );
    assert_eq!(payment.cutoff.time().hour(), 17);
    assert_eq!(payment.cutoff.offset().local_minus_utc(), -4 * 3600);
    assert_eq!(payment.id.get().get_version_num(), 1);
    assert_eq!(&*payment.receipt, b"hi");
    assert_eq!(payment.settled_at, Some(None), "present, and null");
    let history = payment.history.unwrap();
    assert!(history[0] < history[1]);
    assert_eq!(history[1].offset().local_minus_utc(), -8 * 3600);
}

#[test]
fn integer_and_number_formats_get_the_types_they_name() {
    let text = PAYMENT.replace(
        r#"-08:00"]}"#,
        r#"-08:00"],"count":2000000000,"sequence":9223372036854775807,"offset":-5,"ratio":0.25}"#,
    );
    let payment = Payment::from_json(&text).unwrap_or_else(|v| panic!("{v}"));
    // Unsigned where `minimum` says so; the values stay within the format (`int32`).
    let (count, sequence): (Option<u32>, Option<u64>) = (payment.count, payment.sequence);
    assert_eq!(
        (count, sequence),
        (Some(2_000_000_000), Some(i64::MAX as u64))
    );
    let (offset, ratio): (Option<i32>, Option<f32>) = (payment.offset, payment.ratio);
    assert_eq!((offset, ratio), (Some(-5), Some(0.25)));
    assert_eq!(serde_json::to_string(&payment).unwrap(), text);
    // Below the minimum is the schema's violation, not a parse error.
    let violations = Payment::from_json(&text.replace("2000000000", "-1")).unwrap_err();
    assert!(violations.contains("/count", "minimum"), "{violations}");
}

#[test]
fn an_invalid_value_is_a_format_violation_at_its_pointer() {
    for (field, bad, pointer) in [
        ("value_date", "2023-02-29", "/value_date"),
        ("booked_at", "2024-03-01 12:30:00Z", "/booked_at"),
        ("cutoff", "17:00:00", "/cutoff"),
        ("id", "2eb8aa08aa9811eab4aa73b441d16380", "/id"),
        ("receipt", "aGk", "/receipt"),
    ] {
        let mut value: serde_json::Value = serde_json::from_str(PAYMENT).unwrap();
        value[field] = bad.into();
        let violations = Payment::from_json(&value.to_string()).unwrap_err();
        assert!(
            violations.contains(pointer, "format"),
            "{field} = {bad:?}: {violations}"
        );
        // Plain serde refuses it too: the type holds nothing else.
        assert!(serde_json::from_value::<Payment>(value).is_err(), "{field}");
    }
    let violations = Payment::from_json(
        &PAYMENT.replace(r#""history":["#, r#""history":["2024-13-01T00:00:00Z","#),
    )
    .unwrap_err();
    assert!(violations.contains("/history/0", "format"), "{violations}");
}

#[test]
fn values_are_built_from_chrono_and_uuid_values() {
    let at = chrono::DateTime::parse_from_rfc3339("2024-03-01T12:30:00+05:30").unwrap();
    let payment = Payment::new(
        "2eb8aa08-aa98-11ea-b4aa-73b441d16380"
            .parse::<oasbind_runtime::formats::Uuid>()
            .unwrap(),
        at,
        chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
        "17:00:00Z"
            .parse::<oasbind_runtime::formats::Time>()
            .unwrap(),
        b"hi".to_vec(),
    );
    let text = serde_json::to_string(&payment).unwrap();
    assert_eq!(
        text,
        r#"{"id":"2eb8aa08-aa98-11ea-b4aa-73b441d16380","booked_at":"2024-03-01T12:30:00+05:30","value_date":"2024-02-29","cutoff":"17:00:00Z","receipt":"aGk="}"#
    );
    assert_eq!(Payment::from_json(&text).unwrap(), payment);
    let stamp: Timestamp = chrono::DateTime::from_timestamp(1_709_296_200, 0)
        .unwrap()
        .into();
    assert_eq!(stamp.as_str(), "2024-03-01T12:30:00Z");
}

/// A token answer whose `expires_in` is unsigned (`format: int64`, `minimum: 0`) is a `u64`,
/// and the token call the provider makes reads its lifetime from it.
#[test]
fn an_unsigned_token_lifetime_is_read() {
    use oasbind_runtime::{ClientError, TokenCall};
    use oasbind_tests::token_unsigned as t;

    struct Fake;
    impl t::Client for Fake {
        fn request_access_token<'a>(
            &'a self,
            params: &'a t::RequestAccessTokenParams,
            body: &'a t::AccessTokenRequest,
        ) -> oasbind_runtime::BoxFuture<'a, Result<t::AccessTokenResponse, ClientError>> {
            Box::pin(async move {
                t::validate_request_access_token(params, body)?;
                t::parse_request_access_token_response(&oasbind_runtime::Response::new(
                    200,
                    r#"{"token_type":"bearer","access_token":"abc","expires_in":3600,"scope":"accounts"}"#,
                ))
            })
        }
    }

    let answer = t::AccessTokenResponse::new(t::TokenType::Bearer, "abc", 3600u64, "accounts");
    let _: u64 = answer.expires_in;
    let request = t::AccessTokenRequest::new(t::GrantType::ClientCredentials, "accounts");
    // The fake answers at once: one poll runs the call.
    let mut future = request.call(&Fake, "m-1".into());
    let waker = std::task::Waker::noop();
    let std::task::Poll::Ready(issued) =
        std::future::Future::poll(future.as_mut(), &mut std::task::Context::from_waker(waker))
    else {
        panic!("the fake answers at once");
    };
    let issued = issued.expect("the fake answers");
    assert_eq!(issued.expires_in, 3600);
}

#[test]
fn a_duration_keeps_its_text_and_reads_its_parts() {
    let text = PAYMENT.replace(r#"-08:00"]}"#, r#"-08:00"],"grace":"P1DT2H30M"}"#);
    let payment = Payment::from_json(&text).unwrap_or_else(|v| panic!("{v}"));
    let grace = payment.grace.as_ref().unwrap();
    assert_eq!((grace.days(), grace.hours(), grace.minutes()), (1, 2, 30));
    assert_eq!(grace.to_std(), Some(std::time::Duration::from_secs(95_400)));
    assert_eq!(serde_json::to_string(&payment).unwrap(), text);
    let violations = Payment::from_json(&text.replace("P1DT2H30M", "P1DT")).unwrap_err();
    assert!(violations.contains("/grace", "format"), "{violations}");
}

#[test]
fn jiff_values_when_the_settings_choose_jiff() {
    use oasbind_tests::formats_jiff::Payment as JiffPayment;
    let text = PAYMENT.replace(r#"-08:00"]}"#, r#"-08:00"],"grace":"P1DT2H30M"}"#);
    let payment = JiffPayment::from_json(&text).unwrap_or_else(|v| panic!("{v}"));
    // The same text back, offsets and all.
    assert_eq!(serde_json::to_string(&payment).unwrap(), text);
    let _: &jiff::Timestamp = &payment.booked_at;
    assert_eq!(payment.booked_at.offset().seconds(), 19_800);
    assert_eq!(payment.booked_at.as_millisecond(), 1_709_276_400_500);
    assert_eq!(payment.value_date.get(), jiff::civil::date(2024, 2, 29));
    let grace: jiff::Span = payment.grace.as_ref().unwrap().get();
    assert_eq!(
        (grace.get_days(), grace.get_hours(), grace.get_minutes()),
        (1, 2, 30)
    );
    let violations = JiffPayment::from_json(&text.replace("2024-02-29", "2024-02-30")).unwrap_err();
    assert!(violations.contains("/value_date", "format"), "{violations}");
}
