//! The `format` checks, for definitions that assert formats: RFC 3339 dates and times,
//! RFC 5321 addresses (RFC 6531 with IDNA domains), RFC 1123 host names (A-labels must be
//! IDNA2008 A-labels), IDNA2008 host names, IP addresses, RFC 3986/3987 URIs and IRIs,
//! UUIDs, JSON pointers, URI templates and ECMA-262 regexes.

#[cfg(feature = "idn")]
use super::idn;
use super::{fail_with, Path};
use crate::Violation;

/// `format`: whether `s` is a `name`; unknown formats pass.
pub fn format(s: &str, name: &str, p: &Path<'_>, out: &mut Vec<Violation>) {
    if !is_format(s, name) {
        fail_with(out, p, "format", || format!("must be a valid {name}"));
    }
}

/// Whether `s` is a valid `name`; unknown formats pass.
pub fn is_format(s: &str, name: &str) -> bool {
    match name {
        "date-time" => {
            s.len() > 11
                && matches!(s.as_bytes()[10], b'T' | b't')
                && s.is_char_boundary(10)
                && is_date(&s[..10])
                && is_time(&s[11..])
        }
        "date" => is_date(s),
        "time" => is_time(s),
        "duration" => is_duration(s),
        "email" => is_email(s, false),
        "idn-email" => is_email(s, true),
        "hostname" => is_hostname(s),
        "idn-hostname" => is_idn_hostname(s),
        "ipv4" => is_ipv4(s),
        "ipv6" => is_ipv6(s),
        "uri" => is_uri(s, false, false),
        "uri-reference" => is_uri(s, true, false),
        "iri" => is_uri(s, false, true),
        "iri-reference" => is_uri(s, true, true),
        "uuid" => is_uuid(s),
        // OpenAPI's: standard base64 (RFC 4648 §4) with its padding.
        "byte" => is_base64(s),
        "json-pointer" => is_json_pointer(s),
        "relative-json-pointer" => is_relative_json_pointer(s),
        "uri-template" => is_uri_template(s),
        "regex" => regress::Regex::with_flags(s, "u").is_ok(),
        _ => true,
    }
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !s.is_char_boundary(4)
        || !s.is_char_boundary(8)
    {
        return false;
    }
    let (Some(y), Some(m), Some(d)) = (digits(&s[..4], 4), digits(&s[5..7], 2), digits(&s[8..], 2))
    else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

fn is_time(s: &str) -> bool {
    if !s.is_ascii() || s.len() < 9 {
        return false;
    }
    let b = s.as_bytes();
    if b[2] != b':' || b[5] != b':' {
        return false;
    }
    let (Some(h), Some(m), Some(sec)) =
        (digits(&s[..2], 2), digits(&s[3..5], 2), digits(&s[6..8], 2))
    else {
        return false;
    };
    let mut rest = &s[8..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    let offset: i32 = match rest.as_bytes() {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (Some(oh), Some(om)) = (digits(&rest[1..3], 2), digits(&rest[4..], 2)) else {
                return false;
            };
            if oh > 23 || om > 59 {
                return false;
            }
            let minutes = (oh * 60 + om) as i32;
            if *sign == b'+' {
                minutes
            } else {
                -minutes
            }
        }
        _ => return false,
    };
    if h > 23 || m > 59 || sec > 60 {
        return false;
    }
    // A leap second is 23:59:60 in UTC.
    sec < 60 || ((h * 60 + m) as i32 - offset).rem_euclid(24 * 60) == 23 * 60 + 59
}

fn is_duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else {
        return false;
    };
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    fn units(s: &str) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut n = 0;
        for b in s.bytes() {
            if b.is_ascii_digit() {
                n += 1;
            } else if n > 0 && b.is_ascii_uppercase() {
                out.push(b);
                n = 0;
            } else {
                return None;
            }
        }
        (n == 0).then_some(out)
    }
    fn in_order(units: &[u8], order: &[u8]) -> bool {
        // A run of consecutive units of `order`.
        match order.iter().position(|u| Some(u) == units.first()) {
            Some(start) => order[start..].starts_with(units),
            None => units.is_empty(),
        }
    }
    let (Some(d), t) = (units(date), time.map(units)) else {
        return false;
    };
    match t {
        None if d == [b'W'] => true,
        None => !d.is_empty() && in_order(&d, b"YMD"),
        Some(None) => false,
        Some(Some(t)) => !t.is_empty() && in_order(&t, b"HMS") && in_order(&d, b"YMD"),
    }
}

fn is_email(s: &str, international: bool) -> bool {
    let Some(at) = s.rfind('@') else { return false };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    let atext = |c: char| {
        c.is_ascii_alphanumeric()
            || "!#$%&'*+-/=?^_`{|}~".contains(c)
            || (international && !c.is_ascii())
    };
    let local_ok = if local.len() >= 2 && local.starts_with('"') && local.ends_with('"') {
        let inner = &local[1..local.len() - 1];
        let mut escaped = false;
        inner.chars().all(|c| {
            if escaped {
                escaped = false;
                return true;
            }
            if c == '\\' {
                escaped = true;
                return true;
            }
            c != '"' && (c == ' ' || c.is_ascii_graphic() || (international && !c.is_ascii()))
        }) && !escaped
    } else {
        !local.is_empty()
            && local
                .split('.')
                .all(|part| !part.is_empty() && part.chars().all(atext))
    };
    if !local_ok {
        return false;
    }
    if let Some(literal) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        return match literal.strip_prefix("IPv6:") {
            Some(v6) => is_ipv6(v6),
            None => is_ipv4(literal),
        };
    }
    if international {
        is_idn_hostname(domain)
    } else {
        is_hostname(domain)
    }
}

fn is_hostname(s: &str) -> bool {
    if s.is_empty() || s.len() > 253 {
        return false;
    }
    let mut a_labels = false;
    let ldh = s.split('.').all(|label| {
        let b = label.as_bytes();
        if b.is_empty() || b.len() > 63 || b[0] == b'-' || b[b.len() - 1] == b'-' {
            return false;
        }
        if !b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-') {
            return false;
        }
        if b.len() >= 4 && &b[2..4] == b"--" {
            a_labels = true;
            return label[..2].eq_ignore_ascii_case("xn");
        }
        true
    });
    // RFC 5890: an A-label is the Punycode of a valid U-label.
    ldh && (!a_labels || is_idn_hostname(s))
}

/// An IDNA2008 host name (RFC 5890–5893 through UTS #46).
#[cfg(feature = "idn")]
fn is_idn_hostname(s: &str) -> bool {
    idn::is_idn_hostname(s)
}

/// Without the `idn` feature, only what needs no Unicode tables: labels of letters, digits
/// and hyphens, not starting or ending with one. Bindings that assert an IDNA format do not
/// compile without the feature (`__require_idn!`), so they never rely on this.
#[cfg(not(feature = "idn"))]
fn is_idn_hostname(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

fn is_ipv4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

fn is_ipv6(s: &str) -> bool {
    let (head, v4) = match s.rfind(':') {
        Some(i) if s[i + 1..].contains('.') => (&s[..=i], Some(&s[i + 1..])),
        _ => (s, None),
    };
    if v4.is_some_and(|v| !is_ipv4(v)) {
        return false;
    }
    let groups_needed = if v4.is_some() { 6 } else { 8 };
    // With an IPv4 tail, `head` ends in ':' (doubled when compressed).
    let head = match v4 {
        Some(_) if head.ends_with("::") => head,
        Some(_) => &head[..head.len() - 1],
        None => head,
    };
    let hex = |g: &str| !g.is_empty() && g.len() <= 4 && g.bytes().all(|b| b.is_ascii_hexdigit());
    match head.split_once("::") {
        Some((a, b)) => {
            if b.contains("::") {
                return false;
            }
            let left: Vec<&str> = if a.is_empty() {
                Vec::new()
            } else {
                a.split(':').collect()
            };
            let right: Vec<&str> = if b.is_empty() {
                Vec::new()
            } else {
                b.split(':').collect()
            };
            left.iter().chain(&right).all(|g| hex(g)) && left.len() + right.len() < groups_needed
        }
        None => {
            if head.is_empty() {
                return false;
            }
            let groups: Vec<&str> = head.split(':').collect();
            groups.len() == groups_needed && groups.iter().all(|g| hex(g))
        }
    }
}

fn is_base64(s: &str) -> bool {
    let b = s.as_bytes();
    let body = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'+' || **c == b'/');
    let n = body.count();
    let padding = &b[n..];
    b.len() % 4 == 0 && padding.len() <= 2 && padding.iter().all(|c| *c == b'=')
        // The bits a padded quantum leaves over are zero (what an encoder writes).
        && match (padding.len(), n.checked_sub(1).map(|i| b[i])) {
            (1, Some(last)) => sextet(last) & 0b11 == 0,
            (2, Some(last)) => sextet(last) & 0b1111 == 0,
            _ => true,
        }
}

fn sextet(c: u8) -> u8 {
    match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    }
}

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                *c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

fn is_json_pointer(s: &str) -> bool {
    (s.is_empty() || s.starts_with('/')) && {
        let b = s.as_bytes();
        b.iter()
            .enumerate()
            .all(|(i, c)| *c != b'~' || matches!(b.get(i + 1), Some(b'0' | b'1')))
    }
}

fn is_relative_json_pointer(s: &str) -> bool {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || (n > 1 && s.starts_with('0')) {
        return false;
    }
    let rest = &s[n..];
    rest == "#" || is_json_pointer(rest)
}

/// RFC 6570: literals and `{op varspec,...}` expressions.
fn is_uri_template(s: &str) -> bool {
    let pct = |b: &[u8], i: usize| {
        b.len() > i + 2 && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()
    };
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' => {
                let Some(len) = s[i + 1..].find('}') else {
                    return false;
                };
                let mut expr = &s[i + 1..i + 1 + len];
                if expr.starts_with(['+', '#', '.', '/', ';', '?', '&']) {
                    expr = &expr[1..];
                }
                let varspec_ok = |v: &str| {
                    let (name, modifier) = match v.find([':', '*']) {
                        Some(j) => (&v[..j], &v[j..]),
                        None => (v, ""),
                    };
                    let modifier_ok = modifier.is_empty()
                        || modifier == "*"
                        || modifier.strip_prefix(':').is_some_and(|n| {
                            (1..=4).contains(&n.len())
                                && !n.starts_with('0')
                                && n.bytes().all(|c| c.is_ascii_digit())
                        });
                    let nb = name.as_bytes();
                    let mut j = 0;
                    let mut last_dot = true;
                    while j < nb.len() {
                        if nb[j] == b'%' && pct(nb, j) {
                            j += 3;
                            last_dot = false;
                            continue;
                        }
                        if nb[j] == b'.' && !last_dot {
                            last_dot = true;
                        } else if nb[j].is_ascii_alphanumeric() || nb[j] == b'_' {
                            last_dot = false;
                        } else {
                            return false;
                        }
                        j += 1;
                    }
                    !nb.is_empty() && !last_dot && modifier_ok
                };
                if !expr.split(',').all(varspec_ok) {
                    return false;
                }
                i += len + 2;
            }
            b'%' if pct(b, i) => i += 3,
            c if c <= b' ' || c == 0x7f || b"\"%<>\\^`|}".contains(&c) => return false,
            _ => i += 1,
        }
    }
    true
}

/// RFC 3986 (RFC 3987 when `iri`): a URI, or with `reference` a URI reference.
fn is_uri(s: &str, reference: bool, iri: bool) -> bool {
    let unreserved = |c: char| {
        c.is_ascii_alphanumeric() || "-._~".contains(c) || (iri && !c.is_ascii() && !c.is_control())
    };
    let sub_delim = |c: char| "!$&'()*+,;=".contains(c);
    let valid = |part: &str, extra: &str| {
        let b = part.as_bytes();
        let mut i = 0;
        for (at, c) in part.char_indices() {
            if at < i {
                continue;
            }
            if c == '%' {
                if !(b.len() > at + 2
                    && b[at + 1].is_ascii_hexdigit()
                    && b[at + 2].is_ascii_hexdigit())
                {
                    return false;
                }
                i = at + 3;
            } else if !(unreserved(c) || sub_delim(c) || extra.contains(c)) {
                return false;
            }
        }
        true
    };
    let (rest, fragment) = match s.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (s, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    if fragment.is_some_and(|f| !valid(f, ":@/?")) || query.is_some_and(|q| !valid(q, ":@/?")) {
        return false;
    }
    let scheme_end = rest.find(':').filter(|i| !rest[..*i].contains('/'));
    let rest = match scheme_end {
        Some(i) => {
            let scheme = &rest[..i];
            let mut chars = scheme.chars();
            if !chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                || !chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            {
                return false;
            }
            &rest[i + 1..]
        }
        None if reference => rest,
        None => return false,
    };
    let path = match rest.strip_prefix("//") {
        Some(r) => {
            let end = r.find('/').unwrap_or(r.len());
            let authority = &r[..end];
            let (userinfo, hostport) = match authority.rsplit_once('@') {
                Some((u, h)) => (Some(u), h),
                None => (None, authority),
            };
            if userinfo.is_some_and(|u| !valid(u, ":")) {
                return false;
            }
            let (host, port) = if let Some(literal) = hostport.strip_prefix('[') {
                let Some((inner, after)) = literal.split_once(']') else {
                    return false;
                };
                let ok = is_ipv6(inner)
                    || (inner.len() > 3
                        && (inner.starts_with('v') || inner.starts_with('V'))
                        && inner[1..].split_once('.').is_some_and(|(v, a)| {
                            !v.is_empty()
                                && v.bytes().all(|b| b.is_ascii_hexdigit())
                                && !a.is_empty()
                                && valid(a, ":")
                        }));
                if !ok {
                    return false;
                }
                (
                    None,
                    if after.is_empty() {
                        None
                    } else {
                        match after.strip_prefix(':') {
                            Some(p) => Some(p),
                            None => return false,
                        }
                    },
                )
            } else {
                match hostport.split_once(':') {
                    Some((h, p)) => (Some(h), Some(p)),
                    None => (Some(hostport), None),
                }
            };
            if host.is_some_and(|h| !valid(h, ""))
                || port.is_some_and(|p| !p.bytes().all(|b| b.is_ascii_digit()))
            {
                return false;
            }
            &r[end..]
        }
        None => {
            // A relative path's first segment has no ':'.
            if scheme_end.is_none()
                && rest
                    .split('/')
                    .next()
                    .is_some_and(|first| first.contains(':'))
            {
                return false;
            }
            rest
        }
    };
    valid(path, ":@/")
}

#[cfg(test)]
mod tests {
    use super::is_format;

    #[test]
    fn hostname_is_ascii() {
        for ok in [
            "www.example.com",
            "Host-Name",
            "1host",
            "a--b.com",
            "xn--4gbwdl.xn--wgbh1c",
        ] {
            assert!(is_format(ok, "hostname"), "{ok}");
        }
        for bad in [
            "",
            ".",
            "example.",
            "example．com",
            "실례.테스트",
            "host_name",
            "ab--cd",
        ] {
            assert!(!is_format(bad, "hostname"), "{bad:?}");
        }
    }

    #[test]
    #[cfg(feature = "idn")]
    fn hostname_a_labels_follow_idna2008() {
        // example.test in Hangul; "l·l"; KATAKANA MIDDLE DOT with Han.
        for ok in [
            "xn--9n2bp8q.xn--9t4b11yi5a",
            "xn--ll-0ea",
            "XN--vek778f.com",
        ] {
            assert!(is_format(ok, "hostname"), "{ok}");
        }
        for bad in [
            "xn--X",
            "xn--hello-txk",     // begins with a spacing combining mark
            "xn--07jceefgh4c",   // DISALLOWED exceptions
            "xn--al-0ea",        // MIDDLE DOT without 'l' before it
            "xn--wva3j",         // Greek KERAIA followed by nothing
            "xn--5db1e",         // Hebrew GERESH preceded by nothing
            "xn--defabc-k64e",   // KATAKANA MIDDLE DOT, no Hiragana, Katakana or Han
            "xn--ngb6iyr",       // both kinds of Arabic-Indic digits
            "xn--02b508i",       // ZERO WIDTH JOINER preceded by nothing
            "XN--aa---o47jg78q", // "--" in the 3rd and 4th position of the U-label
            "xn--0ca24w",        // the Bidi rule
        ] {
            assert!(!is_format(bad, "hostname"), "{bad:?}");
        }
    }

    #[test]
    #[cfg(feature = "idn")]
    fn idn_hostname() {
        for ok in [
            "실례.테스트",
            "a。b",
            "example.com",
            "xn--ihqwcrb4cv8a8dqg056pqjye",
        ] {
            assert!(is_format(ok, "idn-hostname"), "{ok}");
        }
        for bad in ["", "〮실례.테스트", "-> $1.00 <--", "example。", "a·l"] {
            assert!(!is_format(bad, "idn-hostname"), "{bad:?}");
        }
    }

    #[test]
    #[cfg(feature = "idn")]
    fn email_domains() {
        assert!(is_format("joe.bloggs@example.com", "email"));
        assert!(is_format("joe@[IPv6:::1]", "email"));
        assert!(!is_format("joe@실례.테스트", "email"));
        assert!(!is_format("δοκιμή@example.com", "email"));
        for ok in [
            "실례@실례.테스트",
            "δοκιμή@example.com",
            "\"δοκιμή\"@example.com",
            "user@cafe\u{301}.com",
            "\u{85}@example.com",
            "joe@[127.0.0.1]",
        ] {
            assert!(is_format(ok, "idn-email"), "{ok:?}");
        }
        for bad in [
            "2962",
            "user＠example.com",
            "user@",
            "user@-example.com",
            "user@a·l.com",
            "user@xn--07jceefgh4c.com",
            "user@example..com",
        ] {
            assert!(!is_format(bad, "idn-email"), "{bad:?}");
        }
    }
}
