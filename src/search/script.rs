//! The index's parts as scripts: JSON text after a call or an assignment, written so that no
//! string in it can close the `<script>` element that loads it.

use serde::Serialize;

/// Appends `value` as JSON, with `</` written `<\/` (the same string in JSON).
pub fn push_json(out: &mut String, value: &impl Serialize) {
    // Strings, numbers and sequences of them always serialize.
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    match json.contains("</") {
        true => out.push_str(&json.replace("</", "<\\/")),
        false => out.push_str(&json),
    }
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
        push_json(&mut out, &["a</script><", "/b"]);
        assert_eq!(out, r#"["a<\/script><","/b"]"#);
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
