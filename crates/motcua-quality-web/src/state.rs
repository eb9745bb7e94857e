//! The state of the quality pages: the web layer's shared state, the quality configuration
//! (index weights, feedback deadlines: data files of the domain crate) and this node's rate
//! limits for the anonymous doors (feedback form, kiosk, Open311).

use std::sync::Arc;
use std::time::Duration;

use motcua_domain::quality::config::QualityConfig;
use motcua_store::store::Store;
use motcua_web::for_pages::Limiter;
use motcua_web::{AppState, WebConfig};

#[derive(Clone)]
pub struct Quality {
    inner: Arc<Inner>,
}

struct Inner {
    app: AppState,
    config: QualityConfig,
    limits: Limits,
}

/// Per app node, like the web layer's own limits (motcua_web::for_pages::Limits).
pub struct Limits {
    /// Feedback sent per client address: 10 per hour (anyone may write without an account).
    pub feedback_ip: Limiter,
    /// Kiosk codes that found nothing to rate, per address: 20 per 15 minutes (no guessing).
    pub kiosk_miss_ip: Limiter,
    /// Open311 calls with a wrong API key, per address: 20 per 15 minutes.
    pub open311_bad_key_ip: Limiter,
    /// Open311 requests created per key: 120 per hour.
    pub open311_post_key: Limiter,
}

impl Default for Limits {
    fn default() -> Self {
        let quarter = Duration::from_secs(15 * 60);
        let hour = Duration::from_secs(3600);
        Limits {
            feedback_ip: Limiter::new(10, hour),
            kiosk_miss_ip: Limiter::new(20, quarter),
            open311_bad_key_ip: Limiter::new(20, quarter),
            open311_post_key: Limiter::new(120, hour),
        }
    }
}

impl Quality {
    pub fn new(app: AppState) -> Self {
        Quality {
            inner: Arc::new(Inner {
                app,
                config: QualityConfig::embedded(),
                limits: Limits::default(),
            }),
        }
    }

    pub fn app(&self) -> &AppState {
        &self.inner.app
    }
    pub fn store(&self) -> &Store {
        self.inner.app.page_store()
    }
    pub fn web(&self) -> &WebConfig {
        self.inner.app.page_config()
    }
    pub fn config(&self) -> &QualityConfig {
        &self.inner.config
    }
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }
    /// Cookies get `Secure` when people reach us over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.web().public_url.starts_with("https://")
    }
}
