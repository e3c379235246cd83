//! A real headless Chromium driven through chromedriver (WebDriver over HTTP on 127.0.0.1),
//! against a site served by `landscape::serve`. Shared by the browser tests and the explorer
//! benchmark.
//!
//! [`find_tools`] says why a browser cannot run; whether that skips or fails is the caller's
//! policy.

use std::future::Future;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// Chromium flags for a root user in a container, no GPU, nothing phoning home.
const CHROMIUM_FLAGS: &[&str] = &[
    "--no-sandbox",
    "--headless=new",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1280,900",
];

/// The browser binary and its driver, from `PATH` (or `CHROMIUM` / `CHROMEDRIVER`).
pub fn find_tools() -> Result<(PathBuf, PathBuf), String> {
    let find = |var: &str, names: &[&str]| -> Option<PathBuf> {
        if let Some(p) = std::env::var_os(var).map(PathBuf::from) {
            return p.is_file().then_some(p);
        }
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
            .find(|p| p.is_file())
    };
    let chromium = find(
        "CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    );
    let driver = find("CHROMEDRIVER", &["chromedriver"]);
    match (chromium, driver) {
        (Some(c), Some(d)) => Ok((c, d)),
        (c, d) => Err(format!(
            "{}{} not found on PATH (install with `apt-get install -y chromium chromium-driver`, or set CHROMIUM / CHROMEDRIVER)",
            if c.is_none() { "chromium" } else { "" },
            match (c.is_none(), d.is_none()) {
                (true, true) => " and chromedriver",
                (false, true) => "chromedriver",
                _ => "",
            }
        )),
    }
}

/// A chromedriver process and one browser session on it.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a session with `tools` (the browser and
    /// its driver, from [`find_tools`]).
    pub async fn start(tools: (PathBuf, PathBuf)) -> Browser {
        Browser::start_with(tools, &[]).await
    }

    /// [`Browser::start`] with extra Chromium flags.
    pub async fn start_with(tools: (PathBuf, PathBuf), flags: &[&str]) -> Browser {
        let (chromium, driver_bin) = tools;
        let port = free_port();
        let mut driver = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", driver_bin.display()));
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            if Instant::now() > deadline {
                let _ = driver.kill();
                panic!("chromedriver did not listen on {addr} within 20 s");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.extend(flags.iter().map(|f| f.to_string()));
        let caps: Capabilities = match json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": real_binary(&chromium), "args": args },
            "goog:loggingPrefs": { "browser": "ALL" },
        }) {
            Value::Object(m) => m,
            _ => unreachable!("a JSON object literal"),
        };
        let url = format!("http://{addr}");
        let connect = || async {
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
        };
        // Chromium sometimes exits while starting on a loaded machine ("Chrome instance
        // exited"): one more try before the test fails for it.
        let client = match connect().await {
            Ok(c) => Ok(c),
            Err(_) => connect().await,
        };
        let client = match client {
            Ok(c) => c,
            Err(e) => {
                let _ = driver.kill();
                let _ = driver.wait();
                panic!("cannot open a chromium session through chromedriver: {e}");
            }
        };
        Browser {
            client,
            driver,
            _profile: profile,
        }
    }

    /// Runs `scenario` with the session, then closes the browser whatever happened (a
    /// failed assertion included) and re-raises the scenario's panic.
    pub async fn run<F, Fut>(self, scenario: F)
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let outcome = tokio::spawn(scenario(self.client.clone())).await;
        self.close().await;
        if let Err(e) = outcome {
            match e.try_into_panic() {
                Ok(panic) => std::panic::resume_unwind(panic),
                Err(e) => panic!("browser scenario did not finish: {e}"),
            }
        }
    }

    async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Debian's `/usr/bin/chromium` is a shell wrapper; chromedriver wants the real program.
fn real_binary(chromium: &Path) -> String {
    let real = Path::new("/usr/lib/chromium/chromium");
    let wrapper = std::fs::read_to_string(chromium).unwrap_or_default();
    if wrapper.starts_with("#!") && real.is_file() {
        real.display().to_string()
    } else {
        chromium.display().to_string()
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// A chromedriver command beyond WebDriver's: `POST /session/{id}/<path>` with a JSON body.
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: String,
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/{}", self.path))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.clone()))
    }
}

/// Chromium's DevTools command `cmd` with `params` (chromedriver's `goog/cdp/execute`), e.g.
/// to change the screen's resolution while a page is open.
pub async fn cdp(c: &Client, cmd: &str, params: Value) -> Value {
    let body = json!({ "cmd": cmd, "params": params }).to_string();
    c.issue_cmd(SessionPost {
        path: "goog/cdp/execute",
        body,
    })
    .await
    .unwrap_or_else(|e| panic!("DevTools command {cmd}: {e}"))
}

/// Console messages at level SEVERE since the last call: `console.error`, uncaught
/// exceptions, failed loads (404s included).
pub async fn console_errors(c: &Client) -> Vec<String> {
    // The legacy log command, still supported by chromedriver.
    let log = SessionPost {
        path: "se/log",
        body: r#"{"type":"browser"}"#.into(),
    };
    let log = c.issue_cmd(log).await.expect("browser log");
    log.as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["level"] == "SEVERE")
        .map(|e| e["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Asserts the console has no errors so far.
pub async fn assert_no_console_errors(c: &Client, when: &str) {
    let errors = console_errors(c).await;
    assert!(errors.is_empty(), "console errors {when}: {errors:#?}");
}

/// Polls `script` (a function body returning a value) until it returns `expected`.
pub async fn wait_for_value(c: &Client, script: &str, expected: &Value) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let v = c.execute(script, vec![]).await.expect("script runs");
        if &v == expected || Instant::now() > deadline {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
}

/// Waits until the explorer has loaded its index and drawn the first view.
pub async fn wait_ready(c: &Client) {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("#explorer.ready"))
        .await
        .expect("the explorer becomes ready");
}

/// Opens `url` and waits until the explorer there has drawn its first view.
pub async fn explore(c: &Client, url: &str) {
    c.goto(url)
        .await
        .unwrap_or_else(|e| panic!("open {url}: {e}"));
    wait_ready(c).await;
}

/// Chooses `value` in the `<select>` with id `id`.
pub async fn select(c: &Client, id: &str, value: &str) {
    c.find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("no select #{id}: {e}"))
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("cannot choose {value} in #{id}: {e}"));
}

/// Runs a script and returns its value as a string list.
pub async fn strings(c: &Client, script: &str) -> Vec<String> {
    let v = c.execute(script, vec![]).await.expect("script runs");
    serde_json::from_value(v).expect("a list of strings")
}

/// Clicks the element `locator` finds (failing the test, with the locator, if none).
pub async fn click(c: &Client, locator: Locator<'_>) {
    let what = format!("{locator:?}");
    c.find(locator)
        .await
        .unwrap_or_else(|e| panic!("no element {what}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {what}: {e}"));
}

/// The text of the element `locator` finds.
pub async fn text(c: &Client, locator: Locator<'_>) -> String {
    let what = format!("{locator:?}");
    c.find(locator)
        .await
        .unwrap_or_else(|e| panic!("no element {what}: {e}"))
        .text()
        .await
        .unwrap_or_else(|e| panic!("no text in {what}: {e}"))
}

/// The page's URL once it contains `part` (`present`) or no longer does (after the wait
/// times out, as it is): the explorer writes the URL once the view is painted.
pub async fn url_when(c: &Client, part: &str, present: bool) -> String {
    let script = format!(
        "return location.href.includes({}) === {present}",
        serde_json::to_string(part).expect("a string")
    );
    wait_for_value(c, &script, &json!(true)).await;
    c.current_url().await.expect("url").to_string()
}
