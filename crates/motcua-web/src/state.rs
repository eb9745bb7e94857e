//! What every handler shares: the store, the blob store, the configuration, the catalog search
//! index, the rate limits and the request metrics.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use motcua_domain::catalog::SearchIndex;
use motcua_domain::ids::ProcedureCode;
use motcua_domain::procedure::StoredProcedure;
use motcua_store::blob::BlobStore;
use motcua_store::store::Store;

use crate::auth::limit::Limits;
use crate::config::WebConfig;
use crate::metrics::HttpMetrics;

/// Shared state of the HTTP layer (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub store: Store,
    pub blobs: Arc<dyn BlobStore>,
    pub config: WebConfig,
    pub limits: Limits,
    pub metrics: HttpMetrics,
    pub auth_cache: crate::auth::cache::AuthCache,
    catalog: RwLock<Option<Arc<CatalogIndex>>>,
}

/// The search index of one snapshot of the catalog.
pub(crate) struct CatalogIndex {
    /// The list the index was built from (compared by pointer to notice a new catalog).
    pub list: Arc<Vec<StoredProcedure>>,
    pub index: SearchIndex<ProcedureCode>,
    pub by_code: HashMap<ProcedureCode, usize>,
}

impl AppState {
    pub fn new(store: Store, blobs: Arc<dyn BlobStore>, config: WebConfig) -> Self {
        AppState {
            inner: Arc::new(Inner {
                store,
                blobs,
                config,
                limits: Limits::default(),
                metrics: HttpMetrics::default(),
                auth_cache: Default::default(),
                catalog: RwLock::new(None),
            }),
        }
    }

    /// Forgets cached sign-ins of an account (call after changing its password, grants or
    /// second factor, or disabling it).
    pub fn forget_sessions_of(&self, account: motcua_domain::ids::AccountId) {
        self.inner.auth_cache.forget_account(account);
    }

    /// Forgets one cached session (call after signing it out).
    pub fn forget_session(&self, token_hash: &str) {
        self.inner.auth_cache.forget(token_hash);
    }

    pub(crate) fn store(&self) -> &Store {
        &self.inner.store
    }

    pub(crate) fn blobs(&self) -> &dyn BlobStore {
        &*self.inner.blobs
    }

    pub(crate) fn config(&self) -> &WebConfig {
        &self.inner.config
    }

    /// The search index of the catalog in force, rebuilt when the store's catalog snapshot
    /// changed (an import or an edit swaps in a new list).
    pub(crate) fn catalog(&self) -> Arc<CatalogIndex> {
        let list = self.inner.store.procedures();
        if let Some(c) = &*self.inner.catalog.read().unwrap_or_else(|p| p.into_inner())
            && Arc::ptr_eq(&c.list, &list)
        {
            return c.clone();
        }
        let index = SearchIndex::from_procedures(list.iter().map(|p| &p.version));
        let by_code = list
            .iter()
            .enumerate()
            .map(|(i, p)| (p.version.code.clone(), i))
            .collect();
        let built = Arc::new(CatalogIndex {
            list,
            index,
            by_code,
        });
        *self
            .inner
            .catalog
            .write()
            .unwrap_or_else(|p| p.into_inner()) = Some(built.clone());
        built
    }
}
