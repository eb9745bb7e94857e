//! The state of the quality pages: the web layer's shared state, the quality configuration
//! (index weights, feedback deadlines: data files of the domain crate) and this node's rate
//! limits for the anonymous doors (feedback form, kiosk, Open311).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use motcua_domain::ids::UnitId;
use motcua_domain::quality::Period;
use motcua_domain::quality::index766::IndexReport;
use motcua_store::store::AppResult;

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
    past: Mutex<PastIndexes>,
}

/// Indexes of periods that are over, with when they were computed.
type PastIndexes = HashMap<(UnitId, Period), (Instant, Arc<IndexReport>)>;

/// How long the index of a period that is over is reused (the trend's past months). Their rows
/// hardly move (a late correction, a catalog change for 1.3 / 3.x), and reading them again for
/// every dashboard view costs twelve index computations: a few minutes of staleness for a
/// finished month is the trade (measured in BENCHMARKS.md).
const PAST_TTL: Duration = Duration::from_secs(300);
/// Entries kept before the cache is emptied (units × months of a large province).
const PAST_MAX: usize = 20_000;

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
                past: Mutex::new(HashMap::new()),
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
    /// The 766 index of a period that ended before `today`, reused for a few minutes; any other
    /// period is computed live.
    pub async fn past_index(
        &self,
        unit: UnitId,
        period: Period,
        today: jiff::civil::Date,
    ) -> AppResult<Arc<IndexReport>> {
        if period.to >= today {
            return Ok(Arc::new(self.store().index766(unit, period).await?));
        }
        let key = (unit, period);
        let now = Instant::now();
        {
            let cache = self.inner.past.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((at, r)) = cache.get(&key)
                && now.duration_since(*at) < PAST_TTL
            {
                return Ok(r.clone());
            }
        }
        let r = Arc::new(self.store().index766(unit, period).await?);
        let mut cache = self.inner.past.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= PAST_MAX {
            cache.clear();
        }
        cache.insert(key, (now, r.clone()));
        Ok(r)
    }

    /// Cookies get `Secure` when people reach us over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.web().public_url.starts_with("https://")
    }
}
