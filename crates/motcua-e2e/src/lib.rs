//! Harness for the browser stories of motcua (see `tests/` and docs/E2E.md).
//!
//! - [`Server`]: the real `motcua serve --demo` on a free port with a fresh data folder; demo
//!   accounts read from its output; a small JSON [`Api`] client.
//! - [`Browser`]: headless Debian Chromium through chromedriver, phone-sized (360×740) and in
//!   Vietnamese by default; a JavaScript-off profile; helpers that act as a person does (fill a
//!   field by its label, click a button by its text); numbered screenshots under
//!   `target/e2e-artifacts/<test>/`.
//! - [`assert_accessible`] / [`axe`]: axe-core, WCAG 2.2 AA.
//! - [`page_weight`] / [`assert_page_weight`]: the bytes a page costs.
//!
//! Everything panics with a clear message instead of returning errors: these are test helpers,
//! and a failed step is a failed test. Nothing is ever skipped: a missing browser, driver or
//! server binary fails the test and says how to get it.
//!
//! ```no_run
//! use motcua_e2e::{Server, assert_accessible};
//! # async fn story() {
//! let server = Server::demo().await;
//! let page = server.browser().await;
//! page.goto("/").await;
//! page.screenshot("trang-chu").await;
//! assert_accessible(&page).await;
//! # }
//! ```

pub mod a11y;
pub mod browser;
pub mod fixture;
mod js;
pub mod server;
pub mod util;
pub mod weight;

pub use a11y::{
    AxeReport, Violation, ViolationNode, assert_accessible, axe, axe_report, check_accessible,
};
pub use browser::{Browser, BrowserOptions, INSTALL_HINT, Viewport};
pub use fixture::{FixtureServer, Route};
pub use server::{Api, ApiResponse, Citizen, DemoAccount, Server, ServerOptions};
pub use util::Artifacts;
pub use weight::{PageWeight, Resource, assert_page_weight, check_page_weight, page_weight};

/// Re-exported for stories that need the raw WebDriver client.
pub use fantoccini;
