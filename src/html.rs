//! Escaping for HTML and XML: the one place untrusted text becomes markup-safe. A ground-floor
//! module, so every stage that writes markup (Markdown, charts, pages, the dev server) uses it
//! without reaching up into the pages.

/// Escapes text for XML and HTML element content and attribute values.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// Text that formats escaped as [`escape_xml`] does, for `write!` into markup without an
/// escaped copy first.
pub struct Escaped<'a>(pub &'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        escape_in_pieces(self.0, |piece| f.write_str(piece))
    }
}

/// Writes `text` escaped as [`escape_xml`] does: the templates' escaping (Tera's own writes
/// each byte by itself through `dyn Write`, which made 8 % of the instructions of a build of
/// 1,000 chapters).
pub fn write_escaped(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    escape_in_pieces(text, |piece| out.write_all(piece.as_bytes()))
}

/// Hands `text`, escaped, to `put` in pieces: each run between special characters whole (most
/// text has none), and each special character's entity.
fn escape_in_pieces<E>(text: &str, mut put: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        if let Some(entity) = entity(byte) {
            put(&text[start..i])?;
            put(entity)?;
            start = i + 1;
        }
    }
    put(&text[start..])
}

/// The entity that stands for a markup-special byte.
fn entity(byte: u8) -> Option<&'static str> {
    Some(match byte {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        b'\'' => "&#39;",
        _ => return None,
    })
}

/// Appends `text` to `out`, escaped as [`escape_xml`] does.
pub fn push_escaped(out: &mut String, text: &str) {
    let Ok(()) = escape_in_pieces(text, |piece| {
        out.push_str(piece);
        Ok::<(), std::convert::Infallible>(())
    });
}

/// `text` as a quoted CSS string, safe inside a `<style>` element: every character but
/// letters, digits, spaces, a few harmless punctuation marks and non-ASCII letters is written as
/// a hex escape, so no text can close the string, the rule or the element (`</style>`).
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        let safe = c.is_ascii_alphanumeric()
            || matches!(c, ' ' | ',' | '.' | ':' | ';' | '!' | '?' | '(' | ')' | '-' | '_' | '\'' | '/')
            || (!c.is_ascii() && !c.is_control() && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}'));
        if safe {
            out.push(c);
        } else {
            // The space ends the escape, so a following hex digit is not read into it.
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out.push('"');
    out
}

/// The text a reader sees of markup that folio wrote: tags dropped and the entities that
/// [`escape_xml`] writes turned back into characters (what the browser's `textContent` gives).
pub fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(special) = rest.find(['<', '&']) {
        text.push_str(&rest[..special]);
        rest = &rest[special..];
        if rest.starts_with('<') {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            continue;
        }
        let decoded = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&#39;", '\'')]
            .into_iter()
            .find(|(entity, _)| rest.starts_with(entity));
        match decoded {
            Some((entity, character)) => {
                text.push(character);
                rest = &rest[entity.len()..];
            }
            None => {
                text.push('&');
                rest = &rest[1..];
            }
        }
    }
    text.push_str(rest);
    text
}

#[cfg(test)]
mod tests {
    use super::{css_string, escape_xml, text_of};

    #[test]
    fn css_strings_cannot_close_their_string_rule_or_element() {
        assert_eq!(css_string("Report: 2017 (draft)"), "\"Report: 2017 (draft)\"");
        assert_eq!(css_string("Zürich – 東京"), "\"Zürich – 東京\"");
        assert_eq!(css_string("a\"b\\c"), "\"a\\22 b\\5c c\"");
        assert_eq!(css_string("</style><script>"), "\"\\3c /style\\3e \\3c script\\3e \"");
        assert_eq!(css_string("x}\n{y"), "\"x\\7d \\a \\7b y\"");
        assert_eq!(css_string("1 & 2"), "\"1 \\26  2\"");
    }

    #[test]
    fn text_of_undoes_markup_and_escaping() {
        let written = format!("<a href=\"x/\">{}</a> &amp; <em>b</em>", escape_xml("R&D <lab> \"q\" 'y'"));
        assert_eq!(text_of(&written), "R&D <lab> \"q\" 'y' & b");
        assert_eq!(text_of("a &nbsp b"), "a &nbsp b", "an entity folio does not write stays as written");
    }

    #[test]
    fn escapes_every_special_character_and_keeps_the_rest() {
        assert_eq!(escape_xml(""), "");
        assert_eq!(escape_xml("plain Zürich – 東京"), "plain Zürich – 東京");
        assert_eq!(
            escape_xml(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_xml("é&é<"), "é&amp;é&lt;");
        let text = r#"x<"y" & 'z'> é"#;
        assert_eq!(super::Escaped(text).to_string(), escape_xml(text));
    }

    #[test]
    fn templates_escape_as_tera_would() {
        for text in ["", "plain", r#"<a href="x">Tom & 'Jerry'</a>"#, "é&é<", "&&", "end>"] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            super::write_escaped(text, &mut ours).unwrap();
            tera::escape_html(text, &mut teras).unwrap();
            assert_eq!(ours, teras, "{text}");
            assert_eq!(String::from_utf8(ours).unwrap(), escape_xml(text));
        }
    }
}
