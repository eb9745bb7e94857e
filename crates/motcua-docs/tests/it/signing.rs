//! Stories: the unit signs an electronic result; anyone verifies it on /verify/<code>;
//! pdfsig and OpenSSL agree.

use std::sync::OnceLock;

use jiff::Timestamp;
use motcua_docs::forms::ElectronicResult;
use motcua_docs::{DemoCa, SignOptions, Signer, demo_ca, sign_pdf, verify_pdf};

use crate::fixtures::*;
use crate::forms::save;
use crate::tools::{run, write};

pub fn demo() -> &'static DemoCa {
    static CA: OnceLock<DemoCa> = OnceLock::new();
    CA.get_or_init(|| demo_ca().unwrap())
}

pub fn result_doc() -> ElectronicResult {
    ElectronicResult {
        issuer: issuer(),
        number: "45/QĐ-UBND".into(),
        issued_on: today(),
        doc_type: "Quyết định".into(),
        subject: "Về việc cấp Giấy chứng nhận đăng ký hộ kinh doanh".into(),
        paragraphs: vec![
            format!(
                "Cấp Giấy chứng nhận đăng ký hộ kinh doanh cho bà {NAME}, số định danh cá \
                     nhân 001190012345, địa chỉ số 12 phố Hàng Bạc, phường Hoàn Kiếm."
            ),
            "Quyết định này có hiệu lực kể từ ngày ký.".into(),
        ],
        signer_authority: Some("KT. Chủ tịch".into()),
        signer_title: "Phó Chủ tịch".into(),
        signer_name: "Phạm Văn Bình".into(),
        recipients: vec!["Như Điều 1".into(), "Lưu: VT".into()],
        dossier_code: CODE.into(),
        verify_url: format!("https://motcua.example.vn/verify/{CODE}"),
    }
}

pub fn when() -> Timestamp {
    "2026-01-26T02:15:00Z".parse().unwrap()
}

pub fn options() -> SignOptions {
    SignOptions {
        reason: "Ký số kết quả giải quyết thủ tục hành chính".into(),
        location: "Hà Nội".into(),
        contact: None,
    }
}

pub fn signed_result() -> Vec<u8> {
    let pdf = result_doc().render().unwrap();
    sign_pdf(&pdf, &demo().signer, &options(), when()).unwrap()
}

#[test]
fn a_signed_result_verifies_intact_with_the_demo_ca() {
    let signed = signed_result();
    save("result-signed.pdf", &signed);
    let r = verify_pdf(&signed, std::slice::from_ref(&demo().ca));
    assert!(r.signed && r.intact && r.chain_ok, "{r:?}");
    assert!(r.signer_subject.unwrap().contains("motcua DEMO"));
    assert_eq!(r.signing_time.as_deref(), Some("D:20260126091500+07'00'"));
}

#[test]
fn an_unsigned_pdf_is_reported_unsigned() {
    let r = verify_pdf(&result_doc().render().unwrap(), &[]);
    assert!(!r.signed && !r.intact);
}

#[test]
fn another_ca_is_not_trusted_but_the_file_is_still_intact() {
    let other = demo_ca().unwrap();
    let r = verify_pdf(&signed_result(), std::slice::from_ref(&other.ca));
    assert!(r.intact && !r.chain_ok, "{r:?}");
}

#[test]
fn one_changed_byte_anywhere_breaks_integrity() {
    let signed = signed_result();
    let anchors = std::slice::from_ref(&demo().ca);
    let contents = signed
        .windows(11)
        .rposition(|w| w == b"/Contents <")
        .unwrap()
        + 10;
    // Every 61st byte of the file, plus bytes inside /Contents (start, DER, padding, end).
    let mut positions: Vec<usize> = (0..signed.len()).step_by(61).collect();
    positions.extend([
        contents,
        contents + 1,
        contents + 40,
        contents + 3000,
        signed.len() - 1,
    ]);
    for &i in &positions {
        let mut t = signed.clone();
        t[i] = if t[i] == b'7' { b'8' } else { b'7' };
        let r = verify_pdf(&t, anchors);
        assert!(!r.intact, "byte {i} changed but reported intact");
    }
    // Letter case only (hex 'A' -> 'a' decodes the same) is caught too.
    let mut t = signed.clone();
    let hex_at = (contents + 1..contents + 200)
        .find(|&i| t[i].is_ascii_uppercase())
        .unwrap();
    t[hex_at] = t[hex_at].to_ascii_lowercase();
    assert!(!verify_pdf(&t, anchors).intact);
}

#[test]
fn content_appended_after_signing_breaks_integrity() {
    let mut signed = signed_result();
    signed.extend_from_slice(b"\n% appended\n");
    let r = verify_pdf(&signed, std::slice::from_ref(&demo().ca));
    assert!(r.signed && !r.intact, "{r:?}");
}

#[test]
fn a_second_signature_is_an_incremental_update_too() {
    let once = signed_result();
    let twice = sign_pdf(&once, &demo().signer, &options(), when()).unwrap();
    assert!(twice.starts_with(&once));
    assert!(verify_pdf(&twice, std::slice::from_ref(&demo().ca)).intact);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "twice.pdf", &twice);
    let (_, out) = run("pdfsig", &[&path]);
    assert_eq!(
        out.matches("Signature is Valid").count(),
        2,
        "pdfsig said:\n{out}"
    );
    assert!(out.contains("Signature2"), "pdfsig said:\n{out}");
}

#[test]
fn the_signer_loads_from_pem_and_rejects_a_foreign_key() {
    let ca = demo();
    let s = Signer::from_pem(&ca.signer_key_pem, &ca.signer_chain_pem).unwrap();
    assert!(s.subject().contains("motcua DEMO"));
    let other = demo_ca().unwrap();
    let err = Signer::from_pem(&other.signer_key_pem, &ca.signer_chain_pem).unwrap_err();
    assert_eq!(err.code(), "docs.unsupported_key");
    assert!(!err.message_vi().is_empty() && !err.message_en().is_empty());
}

#[test]
fn pdfsig_reports_the_signature_valid() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "signed.pdf", &signed_result());
    let (_, out) = run("pdfsig", &[&path]);
    assert!(out.contains("Signature is Valid"), "pdfsig said:\n{out}");
    assert!(out.contains("ETSI.CAdES.detached"), "pdfsig said:\n{out}");
}

/// Bytes covered by /ByteRange, and the CMS from /Contents — what any verifier extracts.
pub fn split(signed: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let at = signed
        .windows(10)
        .rposition(|w| w == b"/ByteRange")
        .unwrap();
    let rest = std::str::from_utf8(&signed[at + 10..at + 60]).unwrap();
    let inner = &rest[rest.find('[').unwrap() + 1..rest.find(']').unwrap()];
    let n: Vec<usize> = inner
        .split_whitespace()
        .map(|x| x.parse().unwrap())
        .collect();
    let mut content = signed[n[0]..n[0] + n[1]].to_vec();
    content.extend_from_slice(&signed[n[2]..n[2] + n[3]]);
    let hex = std::str::from_utf8(&signed[n[1] + 1..n[2] - 1]).unwrap();
    let mut der = hex::decode(hex).unwrap();
    while der.last() == Some(&0) {
        der.pop();
    }
    (content, der)
}

#[test]
fn openssl_cms_verifies_the_signature_against_the_demo_ca() {
    let dir = tempfile::tempdir().unwrap();
    let (content, cms) = split(&signed_result());
    let c = write(dir.path(), "content.bin", &content);
    let s = write(dir.path(), "sig.der", &cms);
    let ca = write(dir.path(), "demo-ca.pem", demo().ca_pem.as_bytes());
    let args = [
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        &s,
        "-content",
        &c,
        "-CAfile",
        &ca,
        "-out",
        "/dev/null",
    ];
    let (ok, out) = run("openssl", &args);
    assert!(
        ok && out.contains("Verification successful"),
        "openssl said:\n{out}"
    );
    // And it fails for a different trust anchor.
    let other = write(
        dir.path(),
        "other.pem",
        demo_ca().unwrap().ca_pem.as_bytes(),
    );
    let args2 = [
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        &s,
        "-content",
        &c,
        "-CAfile",
        &other,
        "-out",
        "/dev/null",
    ];
    assert!(!run("openssl", &args2).0);
}

#[test]
fn rsa_keys_and_pkcs12_files_from_openssl_work() {
    let dir = tempfile::tempdir().unwrap();
    let d = |n: &str| dir.path().join(n).to_str().unwrap().to_owned();
    let (ok, out) = run(
        "openssl",
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &d("k.pem"),
            "-out",
            &d("c.pem"),
            "-days",
            "3650",
            "-subj",
            "/C=VN/O=motcua TEST/CN=Don vi thu nghiem RSA",
            "-addext",
            "keyUsage=digitalSignature,nonRepudiation",
        ],
    );
    assert!(ok, "{out}");
    let key = std::fs::read_to_string(d("k.pem")).unwrap();
    let cert = std::fs::read_to_string(d("c.pem")).unwrap();
    let rsa = Signer::from_pem(&key, &cert).unwrap();
    let pdf = result_doc().render().unwrap();
    // The certificate was made just now, so sign "now" (the library itself never reads a clock).
    let signed = sign_pdf(&pdf, &rsa, &options(), Timestamp::now()).unwrap();
    let anchor = motcua_docs::trust_anchors_from_pem(&cert).unwrap();
    let r = verify_pdf(&signed, &anchor);
    assert!(r.intact && r.chain_ok, "{r:?}");
    let path = write(dir.path(), "rsa.pdf", &signed);
    let (_, out) = run("pdfsig", &[&path]);
    assert!(out.contains("Signature is Valid"), "pdfsig said:\n{out}");

    // The same key as a password-protected PKCS#12 (OpenSSL 3 default: AES-256/PBKDF2).
    let (ok, out) = run(
        "openssl",
        &[
            "pkcs12",
            "-export",
            "-inkey",
            &d("k.pem"),
            "-in",
            &d("c.pem"),
            "-out",
            &d("k.p12"),
            "-passout",
            "pass:mật-khẩu",
        ],
    );
    assert!(ok, "{out}");
    let p12 = std::fs::read(d("k.p12")).unwrap();
    let from_p12 = Signer::from_pkcs12(&p12, "mật-khẩu").unwrap();
    assert_eq!(from_p12.subject(), rsa.subject());
    let err = Signer::from_pkcs12(&p12, "wrong").unwrap_err();
    assert_eq!(err.code(), "docs.signer_config");

    // Older tools (and many CA token exports) write RC2-40 / 3DES PKCS#12 files.
    let (ok, out) = run(
        "openssl",
        &[
            "pkcs12",
            "-export",
            "-legacy",
            "-inkey",
            &d("k.pem"),
            "-in",
            &d("c.pem"),
            "-out",
            &d("legacy.p12"),
            "-passout",
            "pass:abc",
        ],
    );
    assert!(ok, "{out}");
    let legacy = Signer::from_pkcs12(&std::fs::read(d("legacy.p12")).unwrap(), "abc").unwrap();
    assert_eq!(legacy.subject(), rsa.subject());
}

/// A PDF written by another tool (qpdf 11.3 with object streams), whose last cross-reference
/// section is a stream: the update must be a cross-reference stream too.
const XREF_STREAM_PDF: &[u8] = include_bytes!("../fixtures/xref-stream.pdf");

#[test]
fn a_pdf_with_a_cross_reference_stream_is_signed_and_still_readable() {
    assert!(!XREF_STREAM_PDF[crate_startxref(XREF_STREAM_PDF)..].starts_with(b"xref"));
    let signed = sign_pdf(XREF_STREAM_PDF, &demo().signer, &options(), when()).unwrap();
    save("xref-stream-signed.pdf", &signed);
    let r = verify_pdf(&signed, std::slice::from_ref(&demo().ca));
    assert!(r.intact && r.chain_ok, "{r:?}");
    assert_eq!(motcua_docs::pdf_page_count(&signed).unwrap(), 1);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "xs.pdf", &signed);
    let (_, out) = run("pdfsig", &[&path]);
    assert!(out.contains("Signature is Valid"), "pdfsig said:\n{out}");
    let (ok, out) = run("pdfinfo", &[&path]);
    assert!(ok && !out.contains("Syntax Error"), "{out}");
}

fn crate_startxref(pdf: &[u8]) -> usize {
    let at = pdf.windows(9).rposition(|w| w == b"startxref").unwrap();
    std::str::from_utf8(&pdf[at + 9..])
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn truncated_or_garbled_files_never_panic() {
    let signed = signed_result();
    let anchors = std::slice::from_ref(&demo().ca);
    for cut in (0..signed.len()).step_by(997) {
        let r = verify_pdf(&signed[..cut], anchors);
        assert!(!r.intact);
        let _ = motcua_docs::pdf_page_count(&signed[..cut]);
        let _ = sign_pdf(&signed[..cut], &demo().signer, &options(), when());
    }
    let junk: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    assert!(!verify_pdf(&junk, anchors).signed);
    assert!(sign_pdf(&junk, &demo().signer, &options(), when()).is_err());
}

#[test]
fn the_signer_is_configured_by_file_paths_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    let key = write(dir.path(), "key.pem", demo().signer_key_pem.as_bytes());
    let chain = write(dir.path(), "chain.pem", demo().signer_chain_pem.as_bytes());
    let text = format!("kind = \"pem\"\nkey_file = \"{key}\"\nchain_file = \"{chain}\"\n");
    let config: motcua_docs::SignerConfig = toml::from_str(&text).unwrap();
    let signer = config.load().unwrap();
    assert_eq!(signer.subject(), demo().signer.subject());
    let missing: motcua_docs::SignerConfig =
        toml::from_str("kind = \"pkcs12\"\nfile = \"/nonexistent.p12\"\npassword = \"x\"\n")
            .unwrap();
    assert_eq!(missing.load().unwrap_err().code(), "docs.signer_config");
}
