//! Internationalized host names (IDNA2008, RFC 5890–5893), for the `idn-hostname` format,
//! the domains of `idn-email` and the A-labels (`xn--…`) of `hostname`.
//!
//! The `idna` crate does UTS #46 processing: the mapping (case, full-width forms, the
//! ideographic full stops as label separators) and NFC, Punycode, the STD3 rules for ASCII,
//! hyphens (not first, last, or third and fourth), no leading combining mark, the CONTEXTJ
//! rules for ZERO WIDTH (NON-)JOINER (RFC 5892 A.1, A.2), the Bidi rule (RFC 5893) and the
//! DNS lengths of the ASCII form. UTS #46 accepts code points that IDNA2008 does not; the
//! rest of RFC 5892 is checked here on every U-label: a code point must be PVALID (its
//! exceptions, then letters, marks and digits, less the ignorable and old Hangul Jamo code
//! points), or CONTEXTO and meet its rule (A.3–A.9). A-labels must be the canonical
//! Punycode of their U-label.

use icu_properties::props::{
    DefaultIgnorableCodePoint, GeneralCategory, GeneralCategoryGroup, HangulSyllableType, Script,
};
use icu_properties::{CodePointMapData, CodePointSetData};
use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};

/// Whether `s` is an internationalized host name: labels separated by dots (or their
/// ideographic and full-width forms) that are LDH labels, U-labels or A-labels.
pub(super) fn is_idn_hostname(s: &str) -> bool {
    let Ok(ascii) = Uts46::new().to_ascii(
        s.as_bytes(),
        AsciiDenyList::STD3,
        Hyphens::Check,
        DnsLength::Verify,
    ) else {
        return false;
    };
    // Every non-ASCII label is an A-label now.
    ascii
        .split('.')
        .all(|label| label.strip_prefix("xn--").is_none_or(is_a_label))
}

/// Whether the Punycode of an A-label (after `xn--`, lower case) encodes a label that meets
/// RFC 5892, and is what encoding that label gives back (RFC 5891 section 5.3; `idna`'s
/// decoder already refuses the non-canonical forms known, this keeps it a rule).
fn is_a_label(punycode: &str) -> bool {
    let Some(label) = idna::punycode::decode(punycode) else {
        return false;
    };
    idna::punycode::encode(&label).is_some_and(|again| again == punycode) && meets_rfc5892(&label)
}

/// The IDNA2008 property of a code point (RFC 5892 section 2), less CONTEXTJ: the joiners
/// count as PVALID here, as `idna` checks their rules.
#[derive(Debug, PartialEq, Eq)]
enum Property {
    Pvalid,
    ContextO,
    Disallowed,
}

/// RFC 5892 section 3: the first rule that applies decides.
fn property(c: char) -> Property {
    use Property::{ContextO, Disallowed, Pvalid};
    // F: Exceptions (section 2.6).
    match c {
        '\u{00DF}' | '\u{03C2}' | '\u{06FD}' | '\u{06FE}' | '\u{0F0B}' | '\u{3007}' => {
            return Pvalid
        }
        '\u{00B7}' | '\u{0375}' | '\u{05F3}' | '\u{05F4}' | '\u{30FB}' => return ContextO,
        '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => return ContextO,
        '\u{0640}'
        | '\u{07FA}'
        | '\u{302E}'
        | '\u{302F}'
        | '\u{3031}'..='\u{3035}'
        | '\u{303B}' => return Disallowed,
        _ => {}
    }
    // K: LDH (upper case ASCII is Unstable, B).
    if c.is_ascii() {
        return if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' {
            Pvalid
        } else {
            Disallowed
        };
    }
    // H: JoinControl (CONTEXTJ; see above).
    if matches!(c, '\u{200C}' | '\u{200D}') {
        return Pvalid;
    }
    let category = CodePointMapData::<GeneralCategory>::new().get(c);
    // J: Unassigned; C: IgnorableProperties (noncharacters are unassigned, white space is
    // no letter); D: IgnorableBlocks; I: OldHangulJamo.
    if category == GeneralCategory::Unassigned
        || CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
        || matches!(c, '\u{20D0}'..='\u{20FF}' | '\u{1D100}'..='\u{1D24F}')
        || matches!(
            CodePointMapData::<HangulSyllableType>::new().get(c),
            HangulSyllableType::LeadingJamo
                | HangulSyllableType::VowelJamo
                | HangulSyllableType::TrailingJamo
        )
    {
        return Disallowed;
    }
    // A: LetterDigits.
    match category {
        GeneralCategory::LowercaseLetter
        | GeneralCategory::UppercaseLetter
        | GeneralCategory::OtherLetter
        | GeneralCategory::DecimalNumber
        | GeneralCategory::ModifierLetter
        | GeneralCategory::NonspacingMark
        | GeneralCategory::SpacingMark => Pvalid,
        _ => Disallowed,
    }
}

/// Whether a label (decoded, mapped, in NFC) meets RFC 5892: no leading combining mark
/// (RFC 5891 section 4.2.3.2), every code point PVALID, or CONTEXTO and its rule met.
fn meets_rfc5892(label: &[char]) -> bool {
    let mark = |c: char| {
        GeneralCategoryGroup::Mark.contains(CodePointMapData::<GeneralCategory>::new().get(c))
    };
    if label.first().is_some_and(|&c| mark(c)) {
        return false;
    }
    label.iter().enumerate().all(|(i, &c)| match property(c) {
        Property::Pvalid => true,
        Property::ContextO => context_o(label, i),
        Property::Disallowed => false,
    })
}

/// The CONTEXTO rules of RFC 5892 appendix A.3–A.9, for `label[at]`.
fn context_o(label: &[char], at: usize) -> bool {
    let script = |c: char| CodePointMapData::<Script>::new().get(c);
    let before = at.checked_sub(1).map(|i| label[i]);
    let after = label.get(at + 1).copied();
    let arabic_indic = |c: &char| ('\u{0660}'..='\u{0669}').contains(c);
    let extended_arabic_indic = |c: &char| ('\u{06F0}'..='\u{06F9}').contains(c);
    match label[at] {
        // A.3 MIDDLE DOT: between two 'l's (Catalan "l·l").
        '\u{00B7}' => before == Some('l') && after == Some('l'),
        // A.4 GREEK LOWER NUMERAL SIGN (KERAIA): followed by Greek.
        '\u{0375}' => after.is_some_and(|c| script(c) == Script::Greek),
        // A.5 HEBREW PUNCTUATION GERESH, A.6 GERSHAYIM: preceded by Hebrew.
        '\u{05F3}' | '\u{05F4}' => before.is_some_and(|c| script(c) == Script::Hebrew),
        // A.7 KATAKANA MIDDLE DOT: in a label with Hiragana, Katakana or Han.
        '\u{30FB}' => label.iter().any(|&c| {
            let s = script(c);
            s == Script::Hiragana || s == Script::Katakana || s == Script::Han
        }),
        // A.8 ARABIC-INDIC DIGITS: not mixed with EXTENDED ARABIC-INDIC DIGITS (A.9).
        c if arabic_indic(&c) => !label.iter().any(extended_arabic_indic),
        c if extended_arabic_indic(&c) => !label.iter().any(arabic_indic),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_idn_hostname as idn;

    fn label(s: &str) -> bool {
        super::meets_rfc5892(&s.chars().collect::<Vec<_>>())
    }

    #[test]
    fn ascii_and_separators() {
        for ok in [
            "example.com",
            "a",
            "Host-Name.Example",
            "a。b",
            "a．b",
            "a｡b",
            "1host",
        ] {
            assert!(idn(ok), "{ok}");
        }
        for bad in [
            "",
            ".",
            "。",
            "a..b",
            ".example",
            "example.",
            "example。",
            "-a",
            "a-",
            "ab--cd",
            "a_b",
            "a b",
            "a\n",
        ] {
            assert!(!idn(bad), "{bad:?}");
        }
    }

    #[test]
    fn lengths_count_the_ascii_form() {
        assert!(idn(&"a".repeat(63)));
        assert!(!idn(&"a".repeat(64)));
        // 253 octets at most.
        assert!(idn(&["a"; 127].join(".")));
        assert!(!idn(&["a"; 128].join(".")));
        // 60 code points, but longer than 63 octets as an A-label.
        assert!(!idn(&"ü".repeat(60)));
        assert!(idn(&"ü".repeat(20)));
    }

    #[test]
    fn u_labels_are_mapped_and_normalized() {
        assert!(idn("실례.테스트"));
        assert!(idn("Bücher.example"));
        assert!(idn("cafe\u{301}.com"));
        assert!(idn("παράδειγμα.δοκιμή"));
    }

    #[test]
    fn a_labels_decode_to_valid_u_labels() {
        assert!(idn("xn--ihqwcrb4cv8a8dqg056pqjye"));
        assert!(idn("XN--9n2bp8q.xn--9t4b11yi5a"));
        assert!(!idn("xn--X"));
        // Only ASCII once decoded.
        assert!(!idn("xn--example-"));
        // Not the canonical encoding of what it decodes to.
        assert!(!idn("xn---9uc"));
        // Decodes to U+00A1 INVERTED EXCLAMATION MARK: UTS #46 takes it, IDNA2008 does not.
        assert!(!idn("xn--7a"));
        // "--" in the third and fourth position of the U-label.
        assert!(!idn("XN--aa---o47jg78q"));
        // Decodes to upper case, which is not a U-label (UTS #46 would map it).
        let upper = idna::punycode::encode_str("Ü").unwrap();
        assert!(!idn(&format!("xn--{upper}")));
    }

    #[test]
    fn leading_combining_marks() {
        for bad in [
            "\u{0903}hello",
            "\u{0300}hello",
            "\u{0488}hello",
            "\u{302E}실례",
        ] {
            assert!(!idn(bad), "{bad:?}");
            assert!(!label(bad), "{bad:?}");
        }
        assert!(idn("hello\u{0300}"));
        assert!(!idn("xn--hello-zed"));
    }

    #[test]
    fn exceptions() {
        // PVALID although not letters or digits (or mapped by UTS #46).
        assert!(idn("ßς\u{0F0B}〇"));
        assert!(idn("\u{06FD}\u{06FE}"));
        assert!(idn("xn--zca29lwxobi7a"));
        // DISALLOWED although letters or marks.
        for bad in ["\u{0640}\u{07FA}", "〱〲〳〴〵〮〯〻", "a\u{3031}", "a\u{302F}"] {
            assert!(!idn(bad), "{bad:?}");
            assert!(!label(bad), "{bad:?}");
        }
        assert!(!idn("xn--07jceefgh4c"));
    }

    #[test]
    fn disallowed_code_points() {
        // Symbols, punctuation and ignorable blocks: not letters, marks or digits.
        for bad in ["a\u{2665}", "a\u{00A1}", "a\u{20D0}", "a\u{1D165}"] {
            assert!(!label(bad), "{bad:?}");
        }
        // Old Hangul Jamo and unassigned code points.
        assert!(!label("\u{1100}\u{1161}"));
        assert!(!label("a\u{0378}"));
        // Upper case ASCII is unstable.
        assert!(!label("A"));
        assert!(label("a-1"));
        assert!(label("가"));
    }

    #[test]
    fn middle_dot() {
        assert!(idn("l·l"));
        assert!(idn("xn--ll-0ea"));
        for bad in ["a·l", "·l", "l·a", "l·", "xn--al-0ea"] {
            assert!(!idn(bad), "{bad:?}");
        }
    }

    #[test]
    fn greek_keraia() {
        assert!(idn("α͵β"));
        assert!(idn("xn--wva3je"));
        for bad in ["α͵S", "α͵", "xn--wva3j"] {
            assert!(!idn(bad), "{bad:?}");
        }
    }

    #[test]
    fn hebrew_geresh_and_gershayim() {
        assert!(idn("א׳ב"));
        assert!(idn("א״ב"));
        for bad in ["A׳ב", "׳ב", "A״ב", "״ב", "xn--5db1e"] {
            assert!(!idn(bad), "{bad:?}");
        }
    }

    #[test]
    fn katakana_middle_dot() {
        for ok in ["・ぁ", "・ァ", "・丈", "xn--vek778f"] {
            assert!(idn(ok), "{ok}");
        }
        for bad in ["def・abc", "・", "xn--vek"] {
            assert!(!idn(bad), "{bad:?}");
        }
    }

    #[test]
    fn arabic_indic_digits() {
        assert!(idn("ب٠ب"));
        assert!(idn("۰0"));
        assert!(!idn("ب٠۰"));
        assert!(!label("٠۰"));
        assert!(!idn("xn--ngb6iyr"));
    }

    #[test]
    fn joiners() {
        // ZWJ only after a virama.
        assert!(idn("क्\u{200D}ष"));
        assert!(!idn("क\u{200D}ष"));
        assert!(!idn("\u{200D}ष"));
        // ZWNJ after a virama, or between joining letters.
        assert!(idn("क्\u{200C}ष"));
        assert!(idn("بي\u{200C}بي"));
        assert!(!idn("क्\u{200C}षx\u{200C}y"));
        assert!(!idn("xn--11b2er09f"));
    }

    #[test]
    fn bidi_rule() {
        assert!(idn("אב.example"));
        assert!(idn("ب٠ب.com"));
        // A label of a Bidi domain name must start with a letter of either direction.
        assert!(!idn("0a.א"));
        assert!(!idn("0ا"));
        // No right-to-left letter in a left-to-right label, no mixed digits in a
        // right-to-left one.
        assert!(!idn("aא"));
        assert!(!idn("א0٠"));
        assert!(!idn("xn--0ca24w"));
    }
}
