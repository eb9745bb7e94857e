//! Headless Chromium driven through chromedriver (WebDriver, the `fantoccini` client), with the
//! helpers a story needs: go to a page, fill fields by their label, click buttons and links by
//! their text, read the text, wait for text, take screenshots.
//!
//! Every browser gets its own chromedriver (on a free port) and its own fresh profile folder;
//! dropping the [`Browser`] ends the session and kills the driver and the browser. When the
//! test is failing, the drop also saves a screenshot and the HTML of the page it was on.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use fantoccini::elements::{Element, ElementRef};
use fantoccini::wd::{TimeoutConfiguration, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

use crate::js;
use crate::util::{self, Artifacts};

/// How to install what the browser tests need (said by every "not found" failure).
pub const INSTALL_HINT: &str = "Install Debian's Chromium and its driver: \
     `apt-get install -y chromium chromium-driver` (as root), or point CHROMIUM and CHROMEDRIVER \
     at a Chromium binary and the chromedriver of the same version.";

/// The flags Chromium runs with: headless, and quiet on a machine without internet (no
/// background fetches, no component updates, no sync, no QUIC probes).
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--disable-default-apps",
    "--hide-scrollbars",
    "--mute-audio",
    "--lang=vi-VN",
];

/// The size of the page area, and whether it is a phone (touch, `mobile` viewport rules).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
    /// Phone emulation: honours `<meta name="viewport">`, touch events, overlay scrollbars.
    pub mobile: bool,
    /// CSS pixels to device pixels (1 keeps screenshots at CSS size).
    pub scale: f64,
}

impl Viewport {
    /// A small phone, 360×740: the size every citizen page is designed for first.
    pub const PHONE: Viewport = Viewport {
        width: 360,
        height: 740,
        mobile: true,
        scale: 1.0,
    };
    /// An office desktop, 1366×768 (officer workspace).
    pub const DESKTOP: Viewport = Viewport {
        width: 1366,
        height: 768,
        mobile: false,
        scale: 1.0,
    };
}

/// How to start a browser.
#[derive(Debug, Clone)]
pub struct BrowserOptions {
    /// Run the pages' JavaScript (default true). `false` is a profile with JavaScript blocked
    /// for every site (`profile.managed_default_content_settings.javascript = 2`): pages must
    /// work without it. The harness's own helpers still work (WebDriver scripts are not page
    /// scripts).
    pub javascript: bool,
    /// Default [`Viewport::PHONE`].
    pub viewport: Viewport,
    /// Default font size 32 px instead of 16 (the browser setting a person with low vision
    /// changes; 200 %, WCAG 1.4.4).
    pub large_text: bool,
    /// `Accept-Language` and `navigator.languages` (default `vi-VN,vi`).
    pub accept_language: String,
    /// What relative paths given to [`Browser::goto`] are joined to.
    pub base_url: Option<String>,
    /// The artifacts folder name; the running test's name when `None`.
    pub name: Option<String>,
    /// The chromedriver binary; `CHROMEDRIVER`, else `/usr/bin/chromedriver` when `None`.
    pub chromedriver: Option<PathBuf>,
    /// The Chromium binary; `CHROMIUM`, else `/usr/bin/chromium` when `None`.
    pub chromium: Option<PathBuf>,
}

impl Default for BrowserOptions {
    fn default() -> Self {
        BrowserOptions {
            javascript: true,
            viewport: Viewport::PHONE,
            large_text: false,
            accept_language: "vi-VN,vi".to_string(),
            base_url: None,
            name: None,
            chromedriver: None,
            chromium: None,
        }
    }
}

impl BrowserOptions {
    /// The JavaScript-off profile.
    pub fn js_disabled() -> Self {
        BrowserOptions {
            javascript: false,
            ..Self::default()
        }
    }

    /// Desktop size (officer pages).
    pub fn desktop() -> Self {
        BrowserOptions {
            viewport: Viewport::DESKTOP,
            ..Self::default()
        }
    }

    /// Doubled default font size.
    pub fn large_text() -> Self {
        BrowserOptions {
            large_text: true,
            ..Self::default()
        }
    }
}

/// A chromedriver-specific command: a Chrome DevTools Protocol method on the session's page.
#[derive(Debug)]
struct Cdp {
    method: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "cmd": self.method, "params": self.params }).to_string()),
        )
    }
}

/// A headless Chromium session. See the module documentation.
pub struct Browser {
    client: Client,
    driver: Option<Child>,
    driver_port: u16,
    session_id: String,
    profile: Option<tempfile::TempDir>,
    driver_log: PathBuf,
    base_url: Option<String>,
    artifacts: Artifacts,
    opts: BrowserOptions,
    viewport: Viewport,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser")
            .field("session_id", &self.session_id)
            .field("driver_port", &self.driver_port)
            .field("base_url", &self.base_url)
            .field("viewport", &self.viewport)
            .field("javascript", &self.opts.javascript)
            .finish_non_exhaustive()
    }
}

/// The chromedriver to run: `CHROMEDRIVER`, else `/usr/bin/chromedriver`.
pub fn chromedriver_path() -> PathBuf {
    std::env::var_os("CHROMEDRIVER")
        .filter(|p| !p.is_empty())
        .map_or_else(|| PathBuf::from("/usr/bin/chromedriver"), PathBuf::from)
}

/// The browser to run: `CHROMIUM`, else `/usr/bin/chromium`.
pub fn chromium_path() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .filter(|p| !p.is_empty())
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// Both binaries exist (the options' paths, else the defaults), or the error tells how to
/// install them.
pub fn check_installed(opts: &BrowserOptions) -> Result<(PathBuf, PathBuf), String> {
    let driver = opts.chromedriver.clone().unwrap_or_else(chromedriver_path);
    let chromium = opts.chromium.clone().unwrap_or_else(chromium_path);
    let mut missing = Vec::new();
    if !driver.is_file() {
        missing.push(format!("chromedriver ({})", driver.display()));
    }
    if !chromium.is_file() {
        missing.push(format!("Chromium ({})", chromium.display()));
    }
    if missing.is_empty() {
        Ok((driver, chromium))
    } else {
        Err(format!(
            "the browser tests need {}, which is not installed. {INSTALL_HINT}",
            missing.join(" and ")
        ))
    }
}

impl Browser {
    /// A phone-sized browser with JavaScript on (see [`BrowserOptions::default`]).
    pub async fn start() -> Browser {
        Browser::start_with(BrowserOptions::default()).await
    }

    /// A phone-sized browser with JavaScript off.
    pub async fn js_disabled() -> Browser {
        Browser::start_with(BrowserOptions::js_disabled()).await
    }

    /// Starts chromedriver and a Chromium session. Panics (failing the test) when either is
    /// missing or does not start, saying how to install them.
    pub async fn start_with(opts: BrowserOptions) -> Browser {
        let (driver_bin, chromium) = check_installed(&opts).unwrap_or_else(|e| panic!("{e}"));
        let name = opts.name.clone().unwrap_or_else(util::current_test_name);
        let artifacts = Artifacts::for_test(&name);
        let profile = tempfile::Builder::new()
            .prefix("motcua-e2e-chromium-")
            .tempdir()
            .unwrap_or_else(|e| panic!("cannot create a temporary profile folder: {e}"));
        let driver_log = profile.path().join("chromedriver.log");
        let user_data = profile.path().join("profile");

        let mut last = String::new();
        for _attempt in 0..3 {
            let port = util::free_port();
            let log = std::fs::File::create(&driver_log)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", driver_log.display()));
            let mut cmd = Command::new(&driver_bin);
            cmd.arg(format!("--port={port}"))
                .arg("--allowed-ips=127.0.0.1")
                .stdin(Stdio::null())
                .stdout(Stdio::from(log.try_clone().expect("log handle")))
                .stderr(Stdio::from(log))
                // Its own process group: killing the group takes Chromium along.
                .process_group(0);
            let mut driver = cmd.spawn().unwrap_or_else(|e| {
                panic!("cannot start {}: {e}. {INSTALL_HINT}", driver_bin.display())
            });
            match wait_driver_ready(&mut driver, port).await {
                Ok(()) => {}
                Err(e) => {
                    util::kill_group(driver.id(), libc::SIGKILL);
                    let _ = driver.wait();
                    last = format!(
                        "{e}\n--- chromedriver log ---\n{}",
                        util::tail(&driver_log, 30)
                    );
                    continue;
                }
            }
            let caps = capabilities(&opts, &chromium, &user_data);
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            let connected = ClientBuilder::new(connector)
                .capabilities(caps)
                .connect(&format!("http://127.0.0.1:{port}"))
                .await;
            let client = match connected {
                Ok(c) => c,
                Err(e) => {
                    util::kill_group(driver.id(), libc::SIGKILL);
                    let _ = driver.wait();
                    panic!(
                        "chromedriver could not start Chromium ({}): {e}\n{INSTALL_HINT}\n--- chromedriver log ---\n{}",
                        chromium.display(),
                        util::tail(&driver_log, 30)
                    );
                }
            };
            let session_id = client.session_id().await.ok().flatten().unwrap_or_default();
            let mut browser = Browser {
                client,
                driver: Some(driver),
                driver_port: port,
                session_id,
                profile: Some(profile),
                driver_log,
                base_url: opts.base_url.clone(),
                artifacts,
                viewport: opts.viewport,
                opts,
            };
            browser
                .client
                .update_timeouts(TimeoutConfiguration::new(
                    Some(Duration::from_secs(60)),
                    Some(Duration::from_secs(60)),
                    Some(Duration::ZERO),
                ))
                .await
                .unwrap_or_else(|e| panic!("cannot set WebDriver timeouts: {e}"));
            let vp = browser.viewport;
            browser.set_viewport(vp).await;
            return browser;
        }
        panic!("chromedriver did not start: {last}\n{INSTALL_HINT}");
    }

    /// The WebDriver client, for anything the helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The test's artifacts folder.
    pub fn artifacts(&self) -> &Artifacts {
        &self.artifacts
    }

    /// Whether the pages' JavaScript runs in this browser.
    pub fn javascript(&self) -> bool {
        self.opts.javascript
    }

    /// The current viewport.
    pub fn viewport(&self) -> Viewport {
        self.viewport
    }

    /// Sets what relative paths are joined to.
    pub fn set_base_url(&mut self, base_url: &str) {
        self.base_url = Some(base_url.trim_end_matches('/').to_string());
    }

    /// Changes the page area (kept across navigations).
    pub async fn set_viewport(&mut self, vp: Viewport) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": vp.width, "height": vp.height,
                "deviceScaleFactor": vp.scale, "mobile": vp.mobile,
            }),
        )
        .await;
        self.cdp(
            "Emulation.setTouchEmulationEnabled",
            json!({ "enabled": vp.mobile, "maxTouchPoints": if vp.mobile { 5 } else { 1 } }),
        )
        .await;
        self.viewport = vp;
    }

    /// [`Viewport::DESKTOP`] (officer pages).
    pub async fn desktop(&mut self) {
        self.set_viewport(Viewport::DESKTOP).await;
    }

    /// [`Viewport::PHONE`].
    pub async fn phone(&mut self) {
        self.set_viewport(Viewport::PHONE).await;
    }

    /// Runs a Chrome DevTools Protocol method on the page; panics on error.
    pub async fn cdp(&self, method: &'static str, params: Value) -> Value {
        self.client
            .issue_cmd(Cdp { method, params })
            .await
            .unwrap_or_else(|e| panic!("CDP {method} failed: {e}"))
    }

    /// `path` joined to the base URL; absolute URLs (`http:`, `https:`, `data:`, `about:`,
    /// `file:`) are kept.
    pub fn resolve(&self, path: &str) -> String {
        if ["http://", "https://", "data:", "about:", "file:"]
            .iter()
            .any(|p| path.starts_with(p))
        {
            return path.to_string();
        }
        let base = self.base_url.as_deref().unwrap_or_else(|| {
            panic!(
                "goto({path:?}): a relative path needs a base URL (Server::browser(), or \
                 BrowserOptions::base_url / Browser::set_base_url)"
            )
        });
        if path.starts_with('/') {
            format!("{base}{path}")
        } else {
            format!("{base}/{path}")
        }
    }

    /// Opens a page and waits until it has loaded.
    pub async fn goto(&self, path: &str) {
        let url = self.resolve(path);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// The address of the page.
    pub async fn current_url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_else(|e| panic!("cannot read the current URL: {e}"))
    }

    /// The path (and query) of the page.
    pub async fn path(&self) -> String {
        let u = self
            .client
            .current_url()
            .await
            .unwrap_or_else(|e| panic!("cannot read the current URL: {e}"));
        match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        }
    }

    /// The page's `<title>`.
    pub async fn title(&self) -> String {
        self.client
            .title()
            .await
            .unwrap_or_else(|e| panic!("cannot read the title: {e}"))
    }

    /// Runs a script (a function body; `arguments[i]` are `args`) and returns what it returns.
    pub async fn eval(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs an asynchronous script: its last argument is the callback to call with the result.
    pub async fn eval_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute_async(script, args)
            .await
            .unwrap_or_else(|e| panic!("async script failed: {e}"))
    }

    /// The text of the page as shown (`document.body.innerText`).
    pub async fn text(&self) -> String {
        self.eval(js::TEXT, vec![])
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The HTML of the page now (after any script changed it).
    pub async fn html(&self) -> String {
        self.client
            .source()
            .await
            .unwrap_or_else(|e| panic!("cannot read the page source: {e}"))
    }

    /// Waits until the page's text contains `text` (across navigations); panics after
    /// `timeout` showing the text there was.
    pub async fn wait_for_text(&self, text: &str, timeout: Duration) {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            if let Ok(v) = self.client.execute(js::TEXT, vec![]).await {
                last = v.as_str().unwrap_or_default().to_string();
                if last.contains(text) {
                    return;
                }
            }
            if start.elapsed() > timeout {
                let url = self.client.current_url().await.map(|u| u.to_string());
                panic!(
                    "the text {text:?} did not appear within {timeout:?} on {}.\nThe page says:\n{}",
                    url.unwrap_or_default(),
                    excerpt(&last, 2000)
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Asserts that the page's text contains `text` now.
    pub async fn assert_text(&self, text: &str) {
        let t = self.text().await;
        assert!(
            t.contains(text),
            "the page {} does not say {text:?}. It says:\n{}",
            self.current_url().await,
            excerpt(&t, 2000)
        );
    }

    /// Finds an element with [`js::FIND`]; panics with the names there are when there is not
    /// exactly one.
    async fn find(&self, key: &str, kind: &str) -> Element {
        let found = self.eval(js::FIND, vec![json!(key), json!(kind)]).await;
        self.element_from(&found, &format!("{kind} {key:?}")).await
    }

    async fn element_from(&self, found: &Value, what: &str) -> Element {
        if let Some(el) = found.get("el").and_then(element_id) {
            return Element::from_element_id(self.client.clone(), ElementRef::from(el));
        }
        let error = found
            .get("error")
            .and_then(Value::as_str)
            .unwrap_or("not found");
        let names = found.get("names").cloned().unwrap_or(Value::Null);
        panic!(
            "{what}: {error} on {}.\n{}: {}",
            self.current_url().await,
            if error == "ambiguous" {
                "Candidates"
            } else {
                "What there is"
            },
            serde_json::to_string_pretty(&names).unwrap_or_default()
        );
    }

    /// Types `text` into the field named `field` (its label, `aria-label`, placeholder, name or
    /// id; or a CSS selector), after clearing it.
    pub async fn fill(&self, field: &str, text: &str) {
        let el = self.find(field, "text").await;
        self.scroll_to(&el).await;
        el.clear()
            .await
            .unwrap_or_else(|e| panic!("cannot clear field {field:?}: {e}"));
        el.send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into field {field:?}: {e}"));
    }

    /// Chooses the option whose text is `option` in the `<select>` named `field`.
    pub async fn select(&self, field: &str, option: &str) {
        let select = self.find(field, "select").await;
        let found = self
            .eval(
                js::FIND_OPTION,
                vec![
                    serde_json::to_value(&select).expect("element as JSON"),
                    json!(option),
                ],
            )
            .await;
        let opt = self
            .element_from(&found, &format!("option {option:?} of {field:?}"))
            .await;
        self.scroll_to(&select).await;
        opt.click()
            .await
            .unwrap_or_else(|e| panic!("cannot choose {option:?} in {field:?}: {e}"));
    }

    /// Ticks the checkbox or radio button named `label` (no change if already ticked).
    pub async fn check(&self, label: &str) {
        self.set_checked(label, true).await;
    }

    /// Unticks the checkbox named `label` (no change if not ticked).
    pub async fn uncheck(&self, label: &str) {
        self.set_checked(label, false).await;
    }

    async fn set_checked(&self, label: &str, on: bool) {
        let el = self.find(label, "check").await;
        let checked = el
            .prop("checked")
            .await
            .ok()
            .flatten()
            .is_some_and(|v| v == "true");
        if checked != on {
            self.click_element(&el, &format!("checkbox {label:?}"))
                .await;
        }
    }

    /// Puts a file into the file field named `field` (label or CSS selector). Works on file
    /// inputs that are visually hidden behind a styled label.
    pub async fn upload_file(&self, field: &str, path: impl AsRef<Path>) {
        let path = path.as_ref();
        let abs = std::fs::canonicalize(path)
            .unwrap_or_else(|e| panic!("upload_file: {}: {e}", path.display()));
        let el = self.find(field, "file").await;
        el.send_keys(&abs.to_string_lossy())
            .await
            .unwrap_or_else(|e| panic!("cannot put {} into {field:?}: {e}", abs.display()));
    }

    /// Clicks the button whose text (or `aria-label`, or `value`) is `text`, and waits for the
    /// page it leads to.
    pub async fn click_button(&self, text: &str) {
        let el = self.find(text, "button").await;
        self.click_element(&el, &format!("button {text:?}")).await;
    }

    /// Clicks the link whose text (or `aria-label`) is `text`, and waits for the page.
    pub async fn click_link(&self, text: &str) {
        let el = self.find(text, "link").await;
        self.click_element(&el, &format!("link {text:?}")).await;
    }

    async fn scroll_to(&self, el: &Element) {
        let _ = self
            .client
            .execute(
                js::SCROLL_INTO_VIEW,
                vec![serde_json::to_value(el).expect("element as JSON")],
            )
            .await;
    }

    async fn click_element(&self, el: &Element, what: &str) {
        self.scroll_to(el).await;
        el.click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {what}: {e}"));
    }

    /// Saves a PNG of the whole page (not only the visible part) as
    /// `<artifacts>/<NN>-<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.full_page_png().await;
        self.artifacts.write(name, "png", &png)
    }

    async fn full_page_png(&self) -> Vec<u8> {
        let metrics = self
            .client
            .issue_cmd(Cdp {
                method: "Page.getLayoutMetrics",
                params: json!({}),
            })
            .await;
        if let Ok(m) = metrics {
            let size = &m["cssContentSize"];
            let w = size["width"]
                .as_f64()
                .unwrap_or(0.0)
                .max(f64::from(self.viewport.width));
            let h = size["height"]
                .as_f64()
                .unwrap_or(0.0)
                .clamp(f64::from(self.viewport.height), 16_000.0);
            let shot = self
                .client
                .issue_cmd(Cdp {
                    method: "Page.captureScreenshot",
                    params: json!({
                        "format": "png",
                        "captureBeyondViewport": true,
                        "clip": {"x": 0, "y": 0, "width": w, "height": h, "scale": 1},
                    }),
                })
                .await;
            if let Ok(s) = shot
                && let Some(data) = s["data"].as_str()
                && let Ok(png) = base64::engine::general_purpose::STANDARD.decode(data)
            {
                return png;
            }
        }
        // The visible part, the plain WebDriver way.
        self.client
            .screenshot()
            .await
            .unwrap_or_else(|e| panic!("cannot take a screenshot: {e}"))
    }

    /// Ends the session and stops the driver now (dropping does the same).
    pub async fn close(mut self) {
        let client = self.client.clone();
        let _ = client.close().await;
        self.session_id.clear();
        self.stop_driver();
    }

    fn stop_driver(&mut self) {
        if let Some(mut driver) = self.driver.take() {
            util::kill_group(driver.id(), libc::SIGTERM);
            let deadline = Instant::now() + Duration::from_secs(3);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = driver.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            util::kill_group(driver.id(), libc::SIGKILL);
            let _ = driver.wait();
        }
    }

    /// Saves a screenshot and the HTML of the page through a plain blocking HTTP call to the
    /// driver (usable while unwinding, where nothing can be awaited).
    fn save_failure_state(&self) {
        if self.session_id.is_empty() {
            return;
        }
        let port = self.driver_port;
        let sid = &self.session_id;
        if let Some(v) = blocking_json(port, "GET", &format!("/session/{sid}/screenshot"))
            && let Some(data) = v["value"].as_str()
            && let Ok(png) = base64::engine::general_purpose::STANDARD.decode(data)
        {
            let p = self.artifacts.write("FAILED", "png", &png);
            eprintln!(
                "e2e: screenshot of the page at the failure: {}",
                p.display()
            );
        }
        if let Some(v) = blocking_json(port, "GET", &format!("/session/{sid}/source"))
            && let Some(html) = v["value"].as_str()
        {
            let p = self.artifacts.write("FAILED", "html", html.as_bytes());
            eprintln!("e2e: its HTML: {}", p.display());
        }
        if let Some(v) = blocking_json(port, "GET", &format!("/session/{sid}/url"))
            && let Some(url) = v["value"].as_str()
        {
            eprintln!("e2e: the browser was on {url}");
        }
        let log = self.artifacts.next_path("chromedriver", "log");
        if std::fs::copy(&self.driver_log, &log).is_ok() {
            eprintln!("e2e: chromedriver log: {}", log.display());
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.save_failure_state();
        }
        if !self.session_id.is_empty() {
            // Ends Chromium cleanly; the group kill below is the fallback.
            let _ = blocking_json(
                self.driver_port,
                "DELETE",
                &format!("/session/{}", self.session_id),
            );
            self.session_id.clear();
        }
        self.stop_driver();
        drop(self.profile.take());
    }
}

fn capabilities(
    opts: &BrowserOptions,
    chromium: &Path,
    user_data: &Path,
) -> serde_json::Map<String, Value> {
    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| (*s).to_string()).collect();
    args.push(format!("--user-data-dir={}", user_data.display()));
    args.push("--window-size=1366,900".to_string());
    let mut prefs = serde_json::Map::new();
    prefs.insert("intl.accept_languages".into(), json!(opts.accept_language));
    if !opts.javascript {
        prefs.insert(
            "profile.managed_default_content_settings.javascript".into(),
            json!(2),
        );
    }
    if opts.large_text {
        prefs.insert("webkit.webprefs.default_font_size".into(), json!(32));
        prefs.insert("webkit.webprefs.default_fixed_font_size".into(), json!(26));
    }
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert("pageLoadStrategy".into(), json!("normal"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium.display().to_string(),
            "args": args,
            "prefs": prefs,
        }),
    );
    caps
}

async fn wait_driver_ready(driver: &mut Child, port: u16) -> Result<(), String> {
    let start = Instant::now();
    loop {
        if let Ok(Some(status)) = driver.try_wait() {
            return Err(format!("chromedriver exited at start ({status})"));
        }
        if let Some(v) = blocking_json(port, "GET", "/status")
            && v["value"]["ready"].as_bool() == Some(true)
        {
            return Ok(());
        }
        if start.elapsed() > Duration::from_secs(20) {
            return Err("chromedriver was not ready within 20 s".to_string());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A WebDriver reference in a script's answer (`{"element-6066-…": id}`).
fn element_id(v: &Value) -> Option<String> {
    v.as_object()?
        .iter()
        .find(|(k, _)| k.starts_with("element-"))
        .and_then(|(_, id)| id.as_str())
        .map(str::to_string)
}

/// One HTTP/1.1 request to chromedriver on 127.0.0.1 without a body, answered as JSON; `None`
/// on any failure. Blocking, with short timeouts.
fn blocking_json(port: u16, method: &str, path: &str) -> Option<Value> {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(20))).ok()?;
    s.set_write_timeout(Some(Duration::from_secs(5))).ok()?;
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes()).ok()?;
    // chromedriver keeps the connection open whatever the request says: read by the length.
    let mut raw = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let mut body_start = None;
    let mut length: Option<usize> = None;
    let mut chunked = false;
    loop {
        if body_start.is_none()
            && let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n")
        {
            body_start = Some(split + 4);
            let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
            chunked = head.contains("transfer-encoding: chunked");
            length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok());
        }
        if let Some(start) = body_start {
            let body = &raw[start..];
            if let Some(len) = length
                && body.len() >= len
            {
                return serde_json::from_slice(&body[..len]).ok();
            }
            if chunked && body.ends_with(b"0\r\n\r\n") {
                return serde_json::from_slice(&dechunk(body)?).ok();
            }
        }
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
        }
    }
    let body = &raw[body_start?..];
    let body = if chunked {
        dechunk(body)?
    } else {
        body.to_vec()
    };
    serde_json::from_slice(&body).ok()
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = b.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&b[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        b = &b[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size + 2..)?;
    }
}

/// The first `max` characters of `s`, marked when cut.
pub(crate) fn excerpt(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}\n[… {} more characters]", &s[..i], s.len() - i),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_binaries_say_how_to_install() {
        let opts = BrowserOptions {
            chromedriver: Some("/nonexistent/chromedriver".into()),
            chromium: Some("/nonexistent/chromium".into()),
            ..BrowserOptions::default()
        };
        let e = check_installed(&opts).unwrap_err();
        assert!(
            e.contains("chromedriver (/nonexistent/chromedriver)"),
            "{e}"
        );
        assert!(e.contains("Chromium (/nonexistent/chromium)"), "{e}");
        assert!(
            e.contains("apt-get install -y chromium chromium-driver"),
            "{e}"
        );
    }

    #[test]
    fn dechunks() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").as_deref(),
            Some(&b"hello world"[..])
        );
        assert_eq!(dechunk(b"5\r\nhel"), None);
    }

    #[test]
    fn finds_element_ids() {
        let v = json!({"element-6066-11e4-a52e-4f735466cecf": "abc"});
        assert_eq!(element_id(&v).as_deref(), Some("abc"));
        assert_eq!(element_id(&json!({"x": 1})), None);
    }

    #[test]
    fn capabilities_carry_the_profiles() {
        let off = capabilities(
            &BrowserOptions::js_disabled(),
            Path::new("/usr/bin/chromium"),
            Path::new("/tmp/p"),
        );
        let o = &off["goog:chromeOptions"];
        assert_eq!(
            o["prefs"]["profile.managed_default_content_settings.javascript"],
            json!(2)
        );
        let args: Vec<&str> = o["args"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for flag in [
            "--headless=new",
            "--no-sandbox",
            "--disable-background-networking",
        ] {
            assert!(args.contains(&flag), "{flag}");
        }
        assert!(args.contains(&"--user-data-dir=/tmp/p"));
        let on = capabilities(
            &BrowserOptions::default(),
            Path::new("/usr/bin/chromium"),
            Path::new("/tmp/p"),
        );
        assert!(
            on["goog:chromeOptions"]["prefs"]
                .get("profile.managed_default_content_settings.javascript")
                .is_none()
        );
    }
}
