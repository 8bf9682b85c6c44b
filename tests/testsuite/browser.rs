//! A small W3C WebDriver client for browser tests: starts chromedriver and headless Chromium
//! (Debian's `chromium` and `chromium-driver`), talks to them over plain HTTP with serde_json,
//! and cleans up on drop. Without Chromium, [`Browser::start`] skips the test, unless `CI` is
//! set: there a missing browser is a failure.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use tempfile::TempDir;

use crate::support::{free_port, http, poll};

/// WebDriver key code of the down arrow.
pub const ARROW_DOWN: &str = "\u{E015}";
/// WebDriver key code of Enter.
pub const ENTER: &str = "\u{E007}";
/// WebDriver key code of Escape.
pub const ESCAPE: &str = "\u{E00C}";

/// One browser session; dropping it ends the session and the driver.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: TempDir,
}

impl Browser {
    /// Starts headless Chromium, or returns `None` (after saying so) when it is not installed
    /// and `CI` is not set. Panics in CI without a browser, or when the browser cannot start.
    pub fn start() -> Option<Browser> {
        let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"]);
        let chromedriver = find_program(&["chromedriver"]);
        let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
            if std::env::var_os("CI").is_some() {
                panic!(
                    "chromium and chromedriver are required in CI (apt-get install chromium chromium-driver)"
                );
            }
            eprintln!("skipped: chromium not installed (apt-get install chromium chromium-driver)");
            return None;
        };
        let port = free_port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut browser = Browser { driver, port, session: String::new(), _profile: profile };
        let ready = poll(Duration::from_secs(20), || {
            let status = http(port, "GET", "/status", &[], b"").ok()?;
            let value: Value = serde_json::from_slice(&status.body).ok()?;
            value["value"]["ready"].as_bool().filter(|r| *r)
        });
        assert!(ready.is_some(), "chromedriver did not become ready");
        browser.session = browser.new_session(&chromium);
        Some(browser)
    }

    fn new_session(&self, chromium: &Path) -> String {
        let profile = format!("--user-data-dir={}", self._profile.path().display());
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            // Pages opened from disk load the theme's fonts as a served site does.
            "--allow-file-access-from-files",
            "--window-size=1000,700",
            &profile,
        ];
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args},
        }}});
        let value = self.send("POST", "/session", Some(&capabilities));
        value["sessionId"].as_str().expect("a session id").to_string()
    }

    /// Sets the window's outer size in CSS pixels (headless: the viewport's size).
    pub fn resize(&self, width: u32, height: u32) {
        self.command("POST", "window/rect", Some(&json!({ "width": width, "height": height })));
    }

    /// Navigates to `url` and waits for the page to load.
    pub fn goto(&self, url: &str) {
        self.command("POST", "url", Some(&json!({ "url": url })));
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page and returns its result.
    pub fn execute(&self, script: &str, args: &[Value]) -> Value {
        self.command("POST", "execute/sync", Some(&json!({ "script": script, "args": args })))
    }

    /// Types `text` into the element matching the CSS `selector`, as a user's keystrokes
    /// (WebDriver key codes such as [`ARROW_DOWN`] and [`ENTER`] may be included).
    pub fn type_into(&self, selector: &str, text: &str) {
        let element =
            self.command("POST", "element", Some(&json!({ "using": "css selector", "value": selector })));
        let id =
            element.as_object().and_then(|o| o.values().next()).and_then(Value::as_str).expect("element id");
        self.command("POST", &format!("element/{id}/value"), Some(&json!({ "text": text })));
    }

    /// Clicks the element matching the CSS `selector`.
    pub fn click(&self, selector: &str) {
        let element =
            self.command("POST", "element", Some(&json!({ "using": "css selector", "value": selector })));
        let id =
            element.as_object().and_then(|o| o.values().next()).and_then(Value::as_str).expect("element id");
        self.command("POST", &format!("element/{id}/click"), Some(&json!({})));
    }

    /// Sends a Chrome DevTools Protocol command (`Emulation.setEmulatedMedia` ...) through
    /// chromedriver, for what WebDriver itself cannot ask.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.command("POST", "goog/cdp/execute", Some(&json!({ "cmd": cmd, "params": params })))
    }

    /// Runs `script` every 50 ms until it returns `true`, for at most `timeout`.
    pub fn wait_until(&self, timeout: Duration, script: &str) -> bool {
        poll(timeout, || self.execute(script, &[]).as_bool().filter(|ok| *ok)).is_some()
    }

    fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        self.send(method, &format!("/session/{}/{path}", self.session), body)
    }

    /// Sends one WebDriver command; panics with the driver's message on an error.
    fn send(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let bytes = body.map(|b| serde_json::to_vec(b).expect("json")).unwrap_or_default();
        let response = http(self.port, method, path, &[], &bytes).expect("WebDriver request");
        let value: Value = serde_json::from_slice(&response.body).expect("WebDriver JSON");
        let value = value.get("value").cloned().unwrap_or(Value::Null);
        assert!(
            response.status == 200,
            "WebDriver {method} {path}: {} {}",
            response.status,
            value.get("message").and_then(Value::as_str).unwrap_or_default()
        );
        value
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = http(self.port, "DELETE", &format!("/session/{}", self.session), &[], b"");
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The first of `names` found on the PATH.
pub fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}
