//! Escaping for HTML and XML: the one place untrusted text becomes markup-safe. A ground-floor
//! module, so every stage that writes markup (Markdown, charts, pages, the dev server) uses it
//! without reaching up into the pages.

/// Escapes text for XML and HTML element content and attribute values.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
