//! The index's parts as scripts: JSON text after a call or an assignment, written so that no
//! string in it can close the `<script>` element that loads it.

/// Appends `text` as a JSON string, escaped as `serde_json` escapes it, with `</` written
/// `<\/` (the same string in JSON). The index's excerpts, addresses and titles make tens of
/// megabytes at 10,000 chapters, so runs of plain bytes are found eight at a time and copied
/// whole.
pub fn push_json_str(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok())
            && !needs_a_look(u64::from_le_bytes(word))
        {
            i += 8;
            continue;
        }
        let escape = match bytes[i] {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'<' if bytes.get(i + 1) == Some(&b'/') => "<\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            byte @ 0..0x20 => {
                out.push_str(&text[start..i]);
                out.push_str("\\u00");
                out.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
                out.push(char::from(b"0123456789abcdef"[usize::from(byte & 0xf)]));
                i += 1;
                start = i;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[start..i]);
        out.push_str(escape);
        i += 1;
        start = i;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// Whether any of the eight bytes of `word` is a control byte, `"`, `\` or `<`: the exact
/// "has a zero byte" and "has a byte below" tests, on the word and on it xored with each.
fn needs_a_look(word: u64) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH;
    let zero = |w: u64| below(w, 1);
    (below(word, 0x20)
        | zero(word ^ (ONES * u64::from(b'"')))
        | zero(word ^ (ONES * u64::from(b'\\')))
        | zero(word ^ (ONES * u64::from(b'<'))))
        != 0
}

/// Appends a JSON array of strings.
pub fn push_json_strs<'s>(out: &mut String, texts: impl IntoIterator<Item = &'s str>) {
    out.push('[');
    for (n, text) in texts.into_iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        push_json_str(out, text);
    }
    out.push(']');
}

/// Appends `n` in decimal without the formatting machinery: the postings hold millions of them.
pub fn push_number(out: &mut String, n: u32) {
    out.push_str(itoa::Buffer::new().format(n));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_never_close_early() {
        let mut out = String::new();
        push_json_strs(&mut out, ["a</script><", "/b"]);
        assert_eq!(out, r#"["a<\/script><","/b"]"#);
    }

    /// `serde_json`'s string, with `</` written `<\/`: what the index was written with before.
    fn reference(text: &str) -> String {
        serde_json::to_string(text).expect("a string serializes").replace("</", "<\\/")
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut specials: Vec<String> = (0u8..0x20).map(|b| char::from(b).to_string()).collect();
        specials.extend(["\"", "\\", "<", "</", "/", "\u{7f}", "é", "\u{2028}"].map(String::from));
        // Each special at every place in and across the eight-byte words.
        for special in &specials {
            for at in 0..18 {
                let text = format!("{}{special}{}", "x".repeat(at), "y".repeat(17 - at));
                let mut out = String::new();
                push_json_str(&mut out, &text);
                assert_eq!(out, reference(&text), "{text:?}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        #[test]
        fn any_string_is_escaped_as_serde_json_escapes_it(text in "[a-z </\"\\\\\\x00-\\x1fé\\x7f]{0,40}") {
            let mut out = String::new();
            push_json_str(&mut out, &text);
            proptest::prop_assert_eq!(out, reference(&text));
        }
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        let mut out = String::new();
        for n in [0, 7, 10, 4_294_967_295] {
            push_number(&mut out, n);
            out.push(',');
        }
        assert_eq!(out, "0,7,10,4294967295,");
    }
}
