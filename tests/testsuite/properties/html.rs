//! What the property tests require of any HTML folio writes: every `<` opens or closes a tag
//! that folio's templates, Markdown or charts write (so injected markup was escaped), no tag
//! carries an event handler, every `href`/`src` passes [`folio::url::check`], the one
//! script is the theme's own, and a style element (the print page's running title) holds no `<`
//! that could close it.

/// Tags folio writes: templates, Markdown (pulldown-cmark with tables, footnotes and
/// strikethrough), inline SVG charts and the CSL style's formatting of references (`i`, `b`,
/// `u`, `sub`, `sup`).
const KNOWN: &[&str] = &[
    "a",
    "article",
    "b",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "circle",
    "cite",
    "code",
    "dd",
    "del",
    "desc",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "form",
    "g",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "img",
    "input",
    "label",
    "li",
    "line",
    "link",
    "main",
    "meta",
    "nav",
    "noscript",
    "ol",
    "p",
    "path",
    "pre",
    "rect",
    "script",
    "section",
    "span",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "text",
    "th",
    "thead",
    "title",
    "tr",
    "tspan",
    "u",
    "ul",
];

/// Attributes whose value a browser follows or loads.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "action", "formaction", "xlink:href", "poster", "data"];

/// Checks every tag of `html`; the error names the first offence and where it is.
pub fn check_html(html: &str) -> Result<(), String> {
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found;
        at =
            check_tag(html, start).map_err(|e| format!("{e} at byte {start}: `{}`", context(html, start)))?;
    }
    Ok(())
}

/// Checks the tag at `start` (a `<`); returns the offset after it.
fn check_tag(html: &str, start: usize) -> Result<usize, String> {
    let rest = &html[start + 1..];
    if rest.starts_with("!DOCTYPE") || rest.starts_with("!doctype") {
        return Ok(start + 1 + rest.find('>').ok_or("unclosed doctype")? + 1);
    }
    let closing = rest.starts_with('/');
    let name_start = start + 1 + usize::from(closing);
    let name_len = html[name_start..].bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'-').count();
    let name = html[name_start..name_start + name_len].to_ascii_lowercase();
    if !KNOWN.contains(&name.as_str()) {
        return Err(format!("raw `<` or unknown tag `<{name}`"));
    }
    let (attributes, end) = attributes(html, name_start + name_len)?;
    for (key, value) in &attributes {
        check_attribute(&name, key, value)?;
    }
    if name == "style" && !closing {
        let close = html[end..].find("</style>").ok_or("unclosed <style>")?;
        if let Some(lt) = html[end..end + close].find('<') {
            return Err(format!("a `<` inside <style> at byte {}", end + lt));
        }
        return Ok(end + close);
    }
    if name == "script" && !closing {
        let src = attributes.iter().find(|(k, _)| k == "src").map(|(_, v)| v.as_str()).unwrap_or("");
        if !src.ends_with("theme/folio.js") {
            return Err(format!("a script that is not the theme's: src `{src}`"));
        }
    }
    Ok(end)
}

fn check_attribute(tag: &str, key: &str, value: &str) -> Result<(), String> {
    if key.starts_with("on") {
        return Err(format!("event handler `{key}` on <{tag}>"));
    }
    // The templates' empty favicon (it keeps browsers from asking for /favicon.ico).
    if tag == "link" && value == "data:," {
        return Ok(());
    }
    if URL_ATTRIBUTES.contains(&key) {
        let url = decode(value);
        folio::url::check(&url).map_err(|e| format!("<{tag} {key}=\"{value}\">: {e}"))?;
    }
    Ok(())
}

/// The attributes of a tag whose name ends at `at`, and the offset after its `>`.
fn attributes(html: &str, mut at: usize) -> Result<(Vec<(String, String)>, usize), String> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        match bytes.get(at) {
            None => return Err("unclosed tag".into()),
            Some(b'>') => return Ok((found, at + 1)),
            Some(_) => {}
        }
        let key_len = html[at..].bytes().take_while(|b| !b" \t\n\r=>/".contains(b)).count();
        let key = html[at..at + key_len].to_ascii_lowercase();
        at += key_len.max(1);
        let mut value = String::new();
        if bytes.get(at) == Some(&b'=') {
            at += 1;
            let (text, next) = attribute_value(html, at)?;
            value = text.to_string();
            at = next;
        }
        found.push((key, value));
    }
}

/// A quoted or bare attribute value starting at `at`, and the offset after it.
fn attribute_value(html: &str, at: usize) -> Result<(&str, usize), String> {
    match html.as_bytes().get(at) {
        Some(&quote @ (b'"' | b'\'')) => {
            let len = html[at + 1..].find(quote as char).ok_or("unclosed attribute value")?;
            Ok((&html[at + 1..at + 1 + len], at + len + 2))
        }
        _ => {
            let len = html[at..].bytes().take_while(|b| !b" \t\n\r>".contains(b)).count();
            Ok((&html[at..at + len], at + len))
        }
    }
}

/// An attribute value as the browser reads it: character references decoded.
fn decode(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "apos" => Some('\''),
            "colon" => Some(':'),
            "Tab" => Some('\t'),
            "NewLine" => Some('\n'),
            _ => numeric(entity),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `#58` or `#x3A`.
fn numeric(entity: &str) -> Option<char> {
    let digits = entity.strip_prefix('#')?;
    let code = match digits.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => digits.parse().ok()?,
    };
    char::from_u32(code)
}

fn context(html: &str, at: usize) -> String {
    html[at..].chars().take(80).collect()
}

/// Every mark (bar, dot, line) of every chart in `figure` lies inside its viewBox.
pub fn check_svg_frames(figure: &str) -> Result<(), String> {
    for (start, _) in figure.match_indices("<svg") {
        let end = figure[start..].find("</svg>").ok_or("unclosed svg")? + start + "</svg>".len();
        let doc = roxmltree::Document::parse(&figure[start..end]).map_err(|e| format!("chart SVG: {e}"))?;
        let view: Vec<f64> = doc
            .root_element()
            .attribute("viewBox")
            .unwrap_or_default()
            .split(' ')
            .filter_map(|v| v.parse().ok())
            .collect();
        let [_, _, width, height] = view[..] else { return Err("no viewBox".into()) };
        for node in doc.descendants().filter(|n| n.is_element()) {
            for (x, y) in corners(&node) {
                if !(-0.05..=width + 0.05).contains(&x) || !(-0.05..=height + 0.05).contains(&y) {
                    let tag = node.tag_name().name();
                    return Err(format!("<{tag}> at ({x}, {y}) outside 0 0 {width} {height}"));
                }
            }
        }
    }
    Ok(())
}

/// The corners of a rect, the centre of a circle, the ends of a line.
fn corners(node: &roxmltree::Node) -> Vec<(f64, f64)> {
    let num = |name: &str| node.attribute(name).and_then(|v| v.parse::<f64>().ok()).unwrap_or(f64::NAN);
    match node.tag_name().name() {
        "rect" => vec![(num("x"), num("y")), (num("x") + num("width"), num("y") + num("height"))],
        "circle" => vec![(num("cx"), num("cy"))],
        "line" => vec![(num("x1"), num("y1")), (num("x2"), num("y2"))],
        _ => Vec::new(),
    }
}
