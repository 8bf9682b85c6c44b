//! What the dev server adds to the pages it serves, and only to those: the live-reload script
//! (reconnecting Server-Sent Events client, reload with scroll kept, error overlay) injected
//! before `</body>` of every HTML response, and the page shown while the site has never built.
//! Nothing here ever reaches `folio build` output or the in-memory `Site`.

use crate::diagnostic::Diagnostic;
use crate::html::escape_xml;

/// Where the injected script listens for events (see `events`).
pub const EVENTS_PATH: &str = "/__folio/events";

/// The live-reload client. It reads the id of the build it was served from its own
/// `data-folio-build` attribute; an SSE `reload` event naming another build reloads the page
/// (the scroll position is kept in sessionStorage for the same page), an `error` event shows
/// the build's problems in an overlay. All text goes through `textContent`: never parsed as HTML.
const SCRIPT: &str = r#"(function () {
  "use strict";
  var me = document.currentScript;
  var build = (me && me.getAttribute("data-folio-build")) || "";
  var KEY = "folio-scroll";
  try {
    var saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
    sessionStorage.removeItem(KEY);
    var restore = function () {
      if (saved && saved.path === location.pathname) {
        window.scrollTo({ left: saved.x, top: saved.y, behavior: "instant" });
      }
    };
    restore();
    window.addEventListener("load", function () {
      restore();
      // Back to the browser's own restoring, for navigation within the site.
      setTimeout(function () { history.scrollRestoration = "auto"; }, 0);
    });
  } catch (e) {}
  function reload() {
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ path: location.pathname, x: window.scrollX, y: window.scrollY }));
      // This reload's scroll position is ours to restore (the browser's own would jump twice).
      if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    } catch (e) {}
    location.reload();
  }
  function el(tag, style, text) {
    var node = document.createElement(tag);
    if (style) node.setAttribute("style", style);
    if (text) node.textContent = text;
    return node;
  }
  function hide() {
    var old = document.getElementById("folio-problems");
    if (old) old.remove();
  }
  function show(report) {
    hide();
    var problems = report.problems || [];
    var box = el("div", "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);" +
      "color:#f4f4f4;font:15px/1.5 system-ui,sans-serif;padding:2rem;");
    box.id = "folio-problems";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", "folio: the site does not build");
    var close = el("button", "float:right;font:inherit;padding:.2rem .8rem;cursor:pointer;", "Close");
    close.addEventListener("click", hide);
    box.appendChild(close);
    var n = problems.length;
    box.appendChild(el("h2", "margin:0 0 .5rem;color:#ff8080;font-size:1.3rem;",
      n + (n === 1 ? " problem" : " problems") + " found: the site does not build"));
    box.appendChild(el("p", "margin:0 0 1rem;", report.stale ?
      "You are seeing the last good build. Fix the problems and save: this page updates by itself." :
      "The site has not built yet. Fix the problems and save: this page updates by itself."));
    var list = el("ol", "margin:0;padding-left:1.5rem;");
    problems.forEach(function (p) {
      var item = el("li", "margin:0 0 .8rem;");
      item.appendChild(el("code", "color:#ffd479;font-weight:bold;", p.location));
      item.appendChild(el("span", "", ": " + p.message));
      if (p.help) item.appendChild(el("div", "color:#9fd3ff;", "help: " + p.help));
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }
  var delay = 500;
  function connect() {
    var source = new EventSource("EVENTS_PATH");
    source.addEventListener("open", function () { delay = 500; });
    source.addEventListener("reload", function (e) {
      var data = JSON.parse(e.data);
      if (data.build !== build) { source.close(); reload(); } else { hide(); }
    });
    source.addEventListener("error", function (e) {
      if (typeof e.data === "string") { show(JSON.parse(e.data)); return; }
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 5000);
      }
    });
  }
  connect();
})();"#;

/// The `<script>` element for a page of build `build` (an id made of `[0-9a-f-]`, or empty).
pub fn script_tag(build: &str) -> String {
    let script = SCRIPT.replace("EVENTS_PATH", EVENTS_PATH);
    format!("<script data-folio-build=\"{}\">\n{script}\n</script>\n", escape_xml(build))
}

/// `html` with the script inserted before its last `</body>` (appended when there is none).
pub fn inject(html: &[u8], build: &str) -> Vec<u8> {
    let tag = script_tag(build);
    let at = rfind_ascii_ci(html, b"</body").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The page served at every address while no build has succeeded yet. The script shows the
/// problems (sent on connection) and reloads on the first good build; `<noscript>` lists them too.
pub fn never_built_page(problems: &[Diagnostic]) -> Vec<u8> {
    let mut list = String::new();
    for d in problems {
        list.push_str(&format!("<li><code>{}</code>: {}", escape_xml(&d.location()), escape_xml(&d.message)));
        if let Some(help) = &d.help {
            list.push_str(&format!("<br>help: {}", escape_xml(help)));
        }
        list.push_str("</li>\n");
    }
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>folio: the site does not build</title>\n</head>\n<body>\n\
         <h1>The site does not build yet</h1>\n\
         <p>Fix the problems listed in the terminal; this page updates by itself.</p>\n\
         <noscript><ol>\n{list}</ol></noscript>\n</body>\n</html>\n"
    );
    inject(page.as_bytes(), "")
}

/// Byte offset of the last occurrence of `needle` (ASCII, lowercase) in `haystack`, ignoring case.
fn rfind_ascii_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_closing_body_tag() {
        let html = b"<html><body><p>a</p></BODY></html>";
        let out = String::from_utf8(inject(html, "b-1")).unwrap();
        let script = out.find("<script data-folio-build=\"b-1\">").unwrap();
        assert!(script > out.find("<p>a</p>").unwrap());
        assert!(out.ends_with("</script>\n</BODY></html>"));
        assert!(out.contains("new EventSource(\"/__folio/events\")"));
    }

    #[test]
    fn script_is_appended_when_there_is_no_body_tag() {
        let out = String::from_utf8(inject(b"<p>fragment</p>", "")).unwrap();
        assert!(out.starts_with("<p>fragment</p><script"));
    }

    #[test]
    fn never_built_page_escapes_the_problems() {
        let d =
            Diagnostic::new("content/chapters/01-a.md", "bad <script>").at(2, 8).help("use \"quotes\" & <b>");
        let page = String::from_utf8(never_built_page(&[d])).unwrap();
        assert!(page.contains("<code>content/chapters/01-a.md:2:8</code>: bad &lt;script&gt;"));
        assert!(page.contains("help: use &quot;quotes&quot; &amp; &lt;b&gt;"));
        assert!(!page.contains("bad <script>"));
    }
}
