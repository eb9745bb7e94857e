//! Checking a signed PDF for the public `/verify/<code>` page.
//!
//! "Intact" is strict on purpose: the two byte ranges must start at 0, end at the end of the
//! file and leave out exactly the /Contents hex string; the hex must be the CMS followed only by
//! zero padding, in one letter case; the digest and the signature must match. So one changed
//! byte anywhere, or anything appended after signing, reports "not intact".

use der::{Decode, Encode};

use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use super::cms_sig::{self, Checked};

/// What the verification page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerifyReport {
    /// The file carries a signature dictionary.
    pub signed: bool,
    /// The byte ranges cover the whole file except /Contents and the CMS signature matches.
    pub intact: bool,
    /// Subject of the signer certificate (RFC 4514).
    pub signer_subject: Option<String>,
    /// /M of the signature dictionary, as written ("D:20260126091500+07'00'").
    pub signing_time: Option<String>,
    /// The signer certificate chains to one of the trust anchors, each signature checks out
    /// and every certificate was valid at the signing time.
    pub chain_ok: bool,
    /// Reasons, in English, for whatever is false (for logs and the details section).
    pub problems: Vec<String>,
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn parse_byte_range(pdf: &[u8], at: usize) -> Option<[usize; 4]> {
    let rest = &pdf[at + b"/ByteRange".len()..];
    let open = rest.iter().position(|&c| c == b'[')?;
    let close = rest.iter().position(|&c| c == b']')?;
    if open > 8 || close < open {
        return None;
    }
    let inner = std::str::from_utf8(&rest[open + 1..close]).ok()?;
    let nums: Vec<usize> = inner
        .split_whitespace()
        .map(|t| t.parse().ok())
        .collect::<Option<_>>()?;
    nums.try_into().ok()
}

/// Decodes the /Contents hex string; the CMS DER must be followed only by zero padding.
fn contents(gap: &[u8]) -> Result<Vec<u8>, String> {
    let hex_part = gap
        .strip_prefix(b"<")
        .and_then(|g| g.strip_suffix(b">"))
        .ok_or("the excluded range is not exactly the /Contents hex string")?;
    let has_lower = hex_part.iter().any(|c| c.is_ascii_lowercase());
    let has_upper = hex_part.iter().any(|c| c.is_ascii_uppercase());
    if has_lower && has_upper {
        return Err("/Contents mixes letter cases (edited)".into());
    }
    let bytes = hex::decode(hex_part).map_err(|_| "/Contents is not hex")?;
    let mut reader = der::SliceReader::new(&bytes).map_err(|e| format!("CMS: {e}"))?;
    let header = der::Header::decode(&mut reader).map_err(|e| format!("CMS header: {e}"))?;
    let len = usize::try_from(
        (der::Reader::position(&reader) + header.length).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    if len > bytes.len() || bytes[len..].iter().any(|&b| b != 0) {
        return Err("bytes after the CMS in /Contents are not zero padding".into());
    }
    Ok(bytes[..len].to_vec())
}

fn signing_time(dict: &[u8]) -> Option<String> {
    let at = find_last(dict, b"/M")?;
    let rest = &dict[at + 2..];
    let open = rest.iter().position(|&c| c == b'(')?;
    if open > 3 {
        return None;
    }
    let close = rest[open..].iter().position(|&c| c == b')')? + open;
    String::from_utf8(rest[open + 1..close].to_vec()).ok()
}

/// "D:20260126091500+07'00'" → the instant.
fn parse_pdf_date(s: &str) -> Option<jiff::Timestamp> {
    let d = s.strip_prefix("D:")?;
    let (dt, tz) = d.split_at(14.min(d.len()));
    let civil = jiff::civil::DateTime::strptime("%Y%m%d%H%M%S", dt).ok()?;
    let offset = if tz.is_empty() || tz.starts_with('Z') {
        jiff::tz::Offset::UTC
    } else {
        let sign = if tz.starts_with('-') { -1 } else { 1 };
        let digits: String = tz.chars().filter(char::is_ascii_digit).collect();
        let h: i32 = digits.get(0..2)?.parse().ok()?;
        let m: i32 = digits.get(2..4).unwrap_or("00").parse().ok()?;
        jiff::tz::Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()?
    };
    civil
        .to_zoned(jiff::tz::TimeZone::fixed(offset))
        .ok()
        .map(|z| z.timestamp())
}

fn valid_at(cert: &Certificate, t: Option<jiff::Timestamp>) -> bool {
    let Some(t) = t else { return true };
    let v = &cert.tbs_certificate.validity;
    let secs = |x: &x509_cert::time::Time| x.to_unix_duration().as_secs() as i64;
    let now = t.as_second();
    secs(&v.not_before) <= now && now <= secs(&v.not_after)
}

fn issued_by(child: &Certificate, parent: &Certificate) -> bool {
    if child.tbs_certificate.issuer != parent.tbs_certificate.subject {
        return false;
    }
    let Ok(tbs) = child.tbs_certificate.to_der() else {
        return false;
    };
    let Some(sig) = child.signature.as_bytes() else {
        return false;
    };
    cms_sig::verify_with_cert(parent, &child.signature_algorithm.oid, &tbs, sig)
}

/// Every certificate in the CMS must be accounted for: the signer's is bound by the
/// signing-certificate-v2 hash; any other must verify under an included certificate, a trust
/// anchor or itself. Otherwise a byte changed inside a CA certificate copy would go unnoticed
/// (the certificate set is not signed). Consequence: a signature whose chain is incomplete and
/// whose top is not a configured anchor is reported "not intact" — configure the anchors.
fn certs_explained(c: &Checked, anchors: &[Certificate]) -> Result<(), String> {
    for cert in c.certificates.iter().filter(|x| *x != &c.signer) {
        let ok = c
            .certificates
            .iter()
            .chain(anchors)
            .any(|p| issued_by(cert, p));
        if !ok {
            return Err(format!(
                "certificate {} in the signature cannot be checked (altered, or its issuer is                  neither included nor a trust anchor)",
                cert.tbs_certificate.subject
            ));
        }
    }
    Ok(())
}

/// Walks from the signer up through the CMS certificates to a trust anchor.
fn chain_ok(
    c: &Checked,
    anchors: &[Certificate],
    t: Option<jiff::Timestamp>,
) -> Result<(), String> {
    let mut current = c.signer.clone();
    for _ in 0..8 {
        if !valid_at(&current, t) {
            return Err(format!(
                "certificate {} was not valid at the signing time",
                current.tbs_certificate.subject
            ));
        }
        if anchors.iter().any(|a| a == &current) {
            return Ok(());
        }
        if let Some(a) = anchors.iter().find(|a| issued_by(&current, a)) {
            return if valid_at(a, t) {
                Ok(())
            } else {
                Err("trust anchor expired at the signing time".into())
            };
        }
        let next = c
            .certificates
            .iter()
            .find(|p| *p != &current && issued_by(&current, p))
            .cloned()
            .ok_or_else(|| format!("no trusted issuer for {}", current.tbs_certificate.issuer))?;
        current = next;
    }
    Err("certificate chain too long".into())
}

/// Verifies the last signature of `pdf` against `trust_anchors` (root or intermediate CA
/// certificates the operator trusts, e.g. the Vietnamese national root CA, or the demo CA).
pub fn verify_pdf(pdf: &[u8], trust_anchors: &[Certificate]) -> VerifyReport {
    let mut r = VerifyReport::default();
    let Some(at) = find_last(pdf, b"/ByteRange") else {
        r.problems.push("no signature".into());
        return r;
    };
    r.signed = true;
    let Some([a, b, c, d]) = parse_byte_range(pdf, at) else {
        r.problems.push("unreadable /ByteRange".into());
        return r;
    };
    let structure_ok = a == 0
        && at < b
        && b < c
        && c.checked_add(d) == Some(pdf.len())
        && pdf[..b].trim_ascii_end().ends_with(b"/Contents");
    if !structure_ok {
        r.problems.push(
            "the byte ranges do not cover the whole file except /Contents (changed or appended \
             after signing)"
                .into(),
        );
    }
    if c > pdf.len() || b > c {
        return r;
    }
    // The signature dictionary spans from its "obj" to "endobj" around the gap.
    let dict_start = find_last(&pdf[..b], b" obj").unwrap_or(0);
    let dict_end = pdf[c..]
        .windows(6)
        .position(|w| w == b"endobj")
        .map(|p| c + p)
        .unwrap_or(pdf.len());
    let mut dict = pdf[dict_start..b].to_vec();
    dict.extend_from_slice(&pdf[c..dict_end]);
    r.signing_time = signing_time(&dict);
    let t = r.signing_time.as_deref().and_then(parse_pdf_date);

    let cms = match contents(&pdf[b..c]) {
        Ok(cms) => cms,
        Err(e) => {
            r.problems.push(e);
            return r;
        }
    };
    let mut h = Sha256::new();
    h.update(&pdf[..b]);
    h.update(&pdf[c..c.saturating_add(d).min(pdf.len())]);
    let digest: [u8; 32] = h.finalize().into();
    let checked = match cms_sig::check(&cms, &digest) {
        Ok(x) => x,
        Err(e) => {
            r.problems.push(e);
            return r;
        }
    };
    r.signer_subject = Some(checked.signer.tbs_certificate.subject.to_string());
    if !checked.digest_ok {
        r.problems
            .push("the signed bytes do not match the signature's digest".into());
    }
    if !checked.signature_ok {
        r.problems.push("the CMS signature does not verify".into());
    }
    if !checked.signing_cert_ok {
        r.problems
            .push("signing-certificate-v2 does not match the signer certificate".into());
    }
    if !checked.profile_ok {
        r.problems
            .push("the CMS structure was altered (unsigned parts do not match the profile)".into());
    }
    let certs_ok = match certs_explained(&checked, trust_anchors) {
        Ok(()) => true,
        Err(e) => {
            r.problems.push(e);
            false
        }
    };
    r.intact = structure_ok
        && certs_ok
        && checked.digest_ok
        && checked.signature_ok
        && checked.signing_cert_ok
        && checked.profile_ok;
    match chain_ok(&checked, trust_anchors, t) {
        Ok(()) => r.chain_ok = true,
        Err(e) => r.problems.push(e),
    }
    r
}

/// Parses PEM trust anchors (one or more CERTIFICATE blocks).
pub fn trust_anchors_from_pem(pem: &str) -> Result<Vec<Certificate>, crate::DocError> {
    Certificate::load_pem_chain(pem.as_bytes())
        .map_err(|e| crate::DocError::signer_config(format!("trust anchors: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates() {
        let t = parse_pdf_date("D:20260126091500+07'00'").unwrap();
        assert_eq!(t.to_string(), "2026-01-26T02:15:00Z");
        assert!(parse_pdf_date("garbage").is_none());
    }

    #[test]
    fn contents_rejects_mixed_case_and_dirty_padding() {
        // SEQUENCE of length 1 holding 0x0A, padded.
        assert!(contents(b"<30010A0000>").is_ok());
        assert!(contents(b"<30010a0000>").is_ok());
        assert!(contents(b"<30010A000a>").is_err());
        assert!(contents(b"<30010A0001>").is_err());
        assert!(contents(b"30010A0000").is_err());
    }
}
