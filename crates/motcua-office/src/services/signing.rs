//! Which key signs a unit's results. Keys come from configuration (a PEM key + chain or a
//! PKCS#12 file; docs/OFFICE.md "Signing keys"), never from the repository: one default key
//! (e.g. the province's certificate) and optional keys per unit, by the unit's agency code.
//! Outside production a unit without a key signs with a throwaway demo CA made in memory, and
//! every page that shows such a result says so; production refuses to sign without a key.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;

use axum::http::StatusCode;
use motcua_docs::{DemoCa, DocError, Signer, SignerConfig};
use motcua_store::store::UnitInfo;
use serde::Deserialize;
use x509_cert::Certificate;

use crate::error::OfficeError;

/// `[signing]` of the configuration file.
///
/// ```toml
/// [signing.default]                 # every unit without its own key
/// kind = "pkcs12"
/// file = "/run/secrets/motcua-signing.p12"
/// [signing.units."H99.01"]          # by agency code
/// kind = "pem"
/// key_file = "/run/secrets/xa-an-hoa.key.pem"
/// chain_file = "/etc/motcua/xa-an-hoa.chain.pem"
/// ```
/// The PKCS#12 password is a secret: `MOTCUA_SIGNING_PASSWORD` or `MOTCUA_SIGNING_PASSWORD_FILE`,
/// never the file (the binary refuses it there).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SigningConfig {
    /// The key used by every unit without its own.
    pub default: Option<KeyFile>,
    /// Keys per unit, by agency code (e.g. `"H99.01"`).
    pub units: BTreeMap<String, KeyFile>,
    /// PEM file of trusted roots for the verification page (e.g. the national root CA).
    pub trust_anchors_file: Option<PathBuf>,
    /// The password of the PKCS#12 files (from the environment, see above).
    #[serde(skip)]
    pub password: Option<String>,
}

/// Where one key is.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum KeyFile {
    /// PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC) + PEM certificate chain, signer first.
    Pem {
        key_file: PathBuf,
        chain_file: PathBuf,
    },
    /// A PKCS#12 (.p12/.pfx) file; its password is `[signing] password` from the environment.
    Pkcs12 { file: PathBuf },
}

impl KeyFile {
    fn load(&self, password: Option<&str>) -> Result<Signer, DocError> {
        let c = match self {
            KeyFile::Pem {
                key_file,
                chain_file,
            } => SignerConfig::Pem {
                key_file: key_file.clone(),
                chain_file: chain_file.clone(),
            },
            KeyFile::Pkcs12 { file } => SignerConfig::Pkcs12 {
                file: file.clone(),
                password: password.unwrap_or_default().to_string(),
            },
        };
        c.load()
    }
}

/// The loaded keys.
pub struct Signers {
    default: Option<Signer>,
    by_agency: HashMap<String, Signer>,
    anchors: Vec<Certificate>,
    /// Outside production: units without a key get a demo CA.
    demo_allowed: bool,
    demo: Mutex<HashMap<String, DemoCa>>,
}

/// The key a result is signed with.
pub struct UnitSigner {
    pub signer: Signer,
    /// Made by the demo CA: integrity only, no legal value.
    pub demo: bool,
}

impl Signers {
    /// Loads every configured key (a wrong path or password stops the start, with the reason).
    pub fn load(config: &SigningConfig, production: bool) -> Result<Signers, DocError> {
        let pw = config.password.as_deref();
        let default = config.default.as_ref().map(|k| k.load(pw)).transpose()?;
        let mut by_agency = HashMap::new();
        for (code, k) in &config.units {
            by_agency.insert(code.clone(), k.load(pw)?);
        }
        let anchors = match &config.trust_anchors_file {
            Some(p) => {
                let pem = std::fs::read_to_string(p).map_err(|e| DocError::SignerConfig {
                    detail: format!("{}: {e}", p.display()),
                })?;
                motcua_docs::trust_anchors_from_pem(&pem)?
            }
            None => Vec::new(),
        };
        Ok(Signers {
            default,
            by_agency,
            anchors,
            demo_allowed: !production,
            demo: Mutex::new(HashMap::new()),
        })
    }

    /// No keys; demo CAs unless `production`.
    pub fn demo(production: bool) -> Signers {
        Signers {
            default: None,
            by_agency: HashMap::new(),
            anchors: Vec::new(),
            demo_allowed: !production,
            demo: Mutex::new(HashMap::new()),
        }
    }

    /// The key for a unit: its own, else the default, else (outside production) a demo CA.
    pub fn for_unit(&self, unit: &UnitInfo) -> Result<UnitSigner, OfficeError> {
        if let Some(s) = self
            .by_agency
            .get(unit.code.as_str())
            .or(self.default.as_ref())
        {
            return Ok(UnitSigner {
                signer: s.clone(),
                demo: false,
            });
        }
        if !self.demo_allowed {
            return Err(OfficeError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "office.no_signing_key",
                format!(
                    "Chưa cấu hình khóa ký số cho đơn vị {} ({}); quản trị viên cần khai báo trong mục [signing] của tệp cấu hình.",
                    unit.name, unit.code
                ),
                format!(
                    "No signing key is configured for {} ({}); an administrator must add one under [signing] in the configuration file.",
                    unit.name, unit.code
                ),
            ));
        }
        let mut demo = self.demo.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(ca) = demo.get(unit.code.as_str()) {
            return Ok(UnitSigner {
                signer: ca.signer.clone(),
                demo: true,
            });
        }
        let name = format!(
            "{} — DEMO, không có giá trị pháp lý (not valid for legal use)",
            unit.name
        );
        let ca = motcua_docs::demo_ca_for(&name)?;
        let signer = ca.signer.clone();
        demo.insert(unit.code.as_str().to_string(), ca);
        Ok(UnitSigner { signer, demo: true })
    }

    /// Roots a signature may chain to: the configured anchors, every configured key's own chain
    /// top, and the demo CAs made by this process.
    pub fn anchors(&self) -> Vec<Certificate> {
        let mut out = self.anchors.clone();
        let demo = self.demo.lock().unwrap_or_else(|p| p.into_inner());
        out.extend(demo.values().map(|ca| ca.ca.clone()));
        out
    }

    /// Is any key configured (else every signature is a demo signature)?
    pub fn has_keys(&self) -> bool {
        self.default.is_some() || !self.by_agency.is_empty()
    }

    /// The demo CAs' certificates as PEM (published next to the verification page).
    pub fn demo_ca_pem(&self) -> String {
        let demo = self.demo.lock().unwrap_or_else(|p| p.into_inner());
        demo.values().map(|ca| ca.ca_pem.clone()).collect()
    }
}
