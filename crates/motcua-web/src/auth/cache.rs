//! A short-lived cache of resolved sessions, so a request does not pay three database reads
//! (session, account, grants) before it starts its own work. Entries live a few seconds:
//! signing out on this node removes the entry at once; a session ended elsewhere (another app
//! node, a password change, a disabled account) stops working within `TTL`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::Auth;

pub(crate) const TTL: Duration = Duration::from_secs(5);
const MAX_ENTRIES: usize = 50_000;

#[derive(Default)]
pub(crate) struct AuthCache {
    map: Mutex<HashMap<String, (Instant, Auth)>>,
}

impl AuthCache {
    pub fn get(&self, token_hash: &str, now: jiff::Timestamp) -> Option<Auth> {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        let (at, auth) = map.get(token_hash)?;
        (at.elapsed() < TTL && auth.session.expires_at > now).then(|| auth.clone())
    }

    pub fn put(&self, token_hash: String, auth: Auth) {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_ENTRIES {
            map.retain(|_, (at, _)| at.elapsed() < TTL);
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
        }
        map.insert(token_hash, (Instant::now(), auth));
    }

    pub fn forget(&self, token_hash: &str) {
        self.map
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(token_hash);
    }

    /// Drops every cached session of an account (after its password, grants or TOTP changed here).
    pub fn forget_account(&self, account: motcua_domain::ids::AccountId) {
        self.map
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|_, (_, a)| a.account.id != account);
    }
}
