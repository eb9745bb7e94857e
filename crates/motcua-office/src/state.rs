//! The workspace's state: the web layer's shared state plus the signing keys and the form
//! numbering read from configuration.

use std::path::PathBuf;
use std::sync::Arc;

use motcua_docs::{DocError, FormNumbering};
use motcua_store::blob::BlobStore;
use motcua_store::store::{Store, UnitInfo};
use motcua_web::{AppState, WebConfig};
use serde::Deserialize;

use crate::services::signing::{Signers, SigningConfig};

/// `[forms]` of the configuration file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FormsConfig {
    /// The numbering scheme: `tt03-2025` (Mẫu 01–07, the default) or `tt01-2018`.
    pub numbering: String,
    /// A province's own numbering file (same format as data/forms/numbering.toml).
    pub numbering_file: Option<PathBuf>,
    /// Địa danh printed in "…, ngày … tháng … năm …" (default: the province's name).
    pub place: Option<String>,
}

impl Default for FormsConfig {
    fn default() -> Self {
        FormsConfig {
            numbering: "tt03-2025".into(),
            numbering_file: None,
            place: None,
        }
    }
}

/// What the binary passes from its configuration.
#[derive(Debug, Clone, Default)]
pub struct OfficeConfig {
    pub signing: SigningConfig,
    pub forms: FormsConfig,
}

#[derive(Clone)]
pub struct Office {
    inner: Arc<Inner>,
}

struct Inner {
    web: AppState,
    signers: Signers,
    numbering: FormNumbering,
    place: Option<String>,
}

impl Office {
    /// Loads keys and numbering (a wrong key path or password is an error at start).
    pub fn new(web: AppState, config: &OfficeConfig) -> Result<Office, DocError> {
        let production = web.page_config().production;
        let signers = Signers::load(&config.signing, production)?;
        let numbering = match &config.forms.numbering_file {
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|e| DocError::Numbering {
                    detail: format!("{}: {e}", p.display()),
                })?;
                FormNumbering::parse(&text, Some(&config.forms.numbering))?
            }
            None => FormNumbering::embedded(&config.forms.numbering)?,
        };
        Ok(Office {
            inner: Arc::new(Inner {
                web,
                signers,
                numbering,
                place: config.forms.place.clone(),
            }),
        })
    }

    pub fn web(&self) -> &AppState {
        &self.inner.web
    }
    pub fn store(&self) -> &Store {
        self.inner.web.page_store()
    }
    pub fn blobs(&self) -> &dyn BlobStore {
        self.inner.web.page_blobs()
    }
    pub fn config(&self) -> &WebConfig {
        self.inner.web.page_config()
    }
    pub fn signers(&self) -> &Signers {
        &self.inner.signers
    }
    pub fn numbering(&self) -> &FormNumbering {
        &self.inner.numbering
    }

    /// The public address without a trailing slash.
    pub fn public_url(&self) -> &str {
        self.config().public_url.trim_end_matches('/')
    }

    /// The top of a unit's tree (its province), as in force today.
    pub async fn province_of(&self, unit: &UnitInfo) -> UnitInfo {
        let mut u = unit.clone();
        for _ in 0..8 {
            match u.parent {
                Some(p) => match self.store().unit(p).await {
                    Ok(parent) => u = parent,
                    Err(_) => break,
                },
                None => break,
            }
        }
        u
    }

    /// The place of the date line of documents issued by `unit`.
    pub async fn place_for(&self, unit: &UnitInfo) -> String {
        if let Some(p) = &self.inner.place {
            return p.clone();
        }
        crate::services::forms::place_from(&self.province_of(unit).await.name)
    }

    /// The name printed above a unit ("UBND tỉnh …").
    pub async fn parent_name(&self, unit: &UnitInfo) -> Option<String> {
        let p = self.store().unit(unit.parent?).await.ok()?;
        Some(match p.name.strip_prefix("Tỉnh ") {
            Some(rest) => format!("UBND tỉnh {rest}"),
            None => match p.name.strip_prefix("Thành phố ") {
                Some(rest) => format!("UBND thành phố {rest}"),
                None => p.name,
            },
        })
    }
}
