//! Digital signatures on PDFs: PAdES baseline B (CMS, `/SubFilter /ETSI.CAdES.detached`).
//!
//! Electronic results must be digitally signed (ND 118/2025 art. 22; R-LC-9). The signing key
//! comes from configuration — a PEM key + certificate chain or a PKCS#12 file with a password —
//! never from the repository. For demos, [`demo_ca`] makes a throwaway CA that is clearly
//! named as not valid for legal use.

mod cms_sig;
mod demo;
mod pdf;
mod verify;

use std::path::PathBuf;

use der::{Decode, Encode};
use p256::pkcs8::DecodePrivateKey;
use rsa::pkcs1::DecodeRsaPrivateKey;
use serde::Deserialize;
use spki::{EncodePublicKey, SubjectPublicKeyInfoOwned};
use x509_cert::Certificate;

pub use demo::{DemoCa, demo_ca, demo_ca_for};
pub use pdf::{SignOptions, sign_pdf};
pub use verify::{VerifyReport, trust_anchors_from_pem, verify_pdf};

use crate::DocError;

/// The private key kinds we sign with: what Vietnamese CAs issue (RSA-2048+) and ECDSA P-256.
#[derive(Clone)]
pub(crate) enum Key {
    Rsa(Box<rsa::RsaPrivateKey>),
    P256(p256::ecdsa::SigningKey),
}

/// A signing key with its certificate chain (signer certificate first).
#[derive(Clone)]
pub struct Signer {
    pub(crate) key: Key,
    pub(crate) chain: Vec<Certificate>,
}

impl std::fmt::Debug for Signer {
    // Never print key material.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("subject", &self.subject())
            .field("chain_len", &self.chain.len())
            .finish_non_exhaustive()
    }
}

/// Where the signing key comes from (deserialised from the app's configuration; the password
/// should come from the environment or a `*_FILE` secret, not from a TOML file in the repo).
#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SignerConfig {
    /// PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC) + PEM certificate chain, signer first.
    Pem {
        key_file: PathBuf,
        chain_file: PathBuf,
    },
    /// A PKCS#12 (.p12/.pfx) file with its password.
    Pkcs12 { file: PathBuf, password: String },
}

impl SignerConfig {
    pub fn load(&self) -> Result<Signer, DocError> {
        let read = |p: &PathBuf| std::fs::read(p).map_err(DocError::signer_config);
        match self {
            SignerConfig::Pem {
                key_file,
                chain_file,
            } => {
                let key = String::from_utf8(read(key_file)?).map_err(DocError::signer_config)?;
                let chain =
                    String::from_utf8(read(chain_file)?).map_err(DocError::signer_config)?;
                Signer::from_pem(&key, &chain)
            }
            SignerConfig::Pkcs12 { file, password } => Signer::from_pkcs12(&read(file)?, password),
        }
    }
}

fn unsupported(detail: impl Into<String>) -> DocError {
    DocError::UnsupportedKey {
        detail: detail.into(),
    }
}

impl Key {
    fn from_pkcs8_der(der: &[u8]) -> Result<Key, DocError> {
        if let Ok(k) = rsa::RsaPrivateKey::from_pkcs8_der(der) {
            return Ok(Key::Rsa(Box::new(k)));
        }
        if let Ok(k) = p256::SecretKey::from_pkcs8_der(der) {
            return Ok(Key::P256(k.into()));
        }
        Err(unsupported("private key is neither RSA nor ECDSA P-256"))
    }

    fn from_pem(pem: &str) -> Result<Key, DocError> {
        let (label, der) = der::pem::decode_vec(pem.trim().as_bytes())
            .map_err(|e| DocError::signer_config(format!("key PEM: {e}")))?;
        match label {
            "PRIVATE KEY" => Key::from_pkcs8_der(&der),
            "RSA PRIVATE KEY" => rsa::RsaPrivateKey::from_pkcs1_der(&der)
                .map(|k| Key::Rsa(Box::new(k)))
                .map_err(|e| DocError::signer_config(format!("RSA key: {e}"))),
            "EC PRIVATE KEY" => p256::SecretKey::from_sec1_der(&der)
                .map(|k| Key::P256(k.into()))
                .map_err(|e| unsupported(format!("EC key (only P-256): {e}"))),
            "ENCRYPTED PRIVATE KEY" => Err(DocError::signer_config(
                "encrypted PEM keys are not supported; use PKCS#12 with a password",
            )),
            other => Err(DocError::signer_config(format!(
                "unexpected PEM label {other}"
            ))),
        }
    }

    /// The public key as it appears in a certificate.
    fn public_spki(&self) -> Result<SubjectPublicKeyInfoOwned, DocError> {
        let der = match self {
            Key::Rsa(k) => k.to_public_key().to_public_key_der(),
            Key::P256(k) => k.verifying_key().to_public_key_der(),
        }
        .map_err(|e| unsupported(e.to_string()))?;
        SubjectPublicKeyInfoOwned::from_der(der.as_bytes()).map_err(|e| unsupported(e.to_string()))
    }
}

impl Signer {
    /// From a PEM private key and a PEM certificate chain (signer certificate first, or
    /// anywhere: the one matching the key is moved to the front).
    pub fn from_pem(key_pem: &str, chain_pem: &str) -> Result<Signer, DocError> {
        let key = Key::from_pem(key_pem)?;
        let chain = Certificate::load_pem_chain(chain_pem.as_bytes())
            .map_err(|e| DocError::signer_config(format!("certificate PEM: {e}")))?;
        Signer::new(key, chain)
    }

    /// From a PKCS#12 (.p12/.pfx) file as exported by Vietnamese CA tools or OpenSSL.
    pub fn from_pkcs12(p12: &[u8], password: &str) -> Result<Signer, DocError> {
        let store = p12_keystore::KeyStore::from_pkcs12(p12, password)
            .map_err(|e| DocError::signer_config(format!("PKCS#12: {e}")))?;
        let (_, entry) = store
            .private_key_chain()
            .ok_or_else(|| DocError::signer_config("PKCS#12 holds no private key"))?;
        let key = Key::from_pkcs8_der(entry.key())?;
        let chain = entry
            .chain()
            .iter()
            .map(|c| Certificate::from_der(c.as_der()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| DocError::signer_config(format!("PKCS#12 certificate: {e}")))?;
        Signer::new(key, chain)
    }

    fn new(key: Key, mut chain: Vec<Certificate>) -> Result<Signer, DocError> {
        let spki = key.public_spki()?;
        let pos = chain
            .iter()
            .position(|c| {
                c.tbs_certificate.subject_public_key_info.subject_public_key
                    == spki.subject_public_key
            })
            .ok_or_else(|| unsupported("no certificate in the chain matches the private key"))?;
        let leaf = chain.remove(pos);
        chain.insert(0, leaf);
        Ok(Signer { key, chain })
    }

    /// The signer certificate's subject (RFC 4514 string).
    pub fn subject(&self) -> String {
        self.chain[0].tbs_certificate.subject.to_string()
    }

    /// The signer certificate, DER.
    pub fn certificate_der(&self) -> Vec<u8> {
        self.chain[0].to_der().unwrap_or_default()
    }

    /// The whole chain as PEM (for publishing next to the verify page).
    pub fn chain_pem(&self) -> String {
        use der::EncodePem;
        self.chain
            .iter()
            .filter_map(|c| c.to_pem(der::pem::LineEnding::LF).ok())
            .collect()
    }
}
