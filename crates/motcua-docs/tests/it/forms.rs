//! Stories: an officer prints each form.

use motcua_docs::{pdf_page_count, render};

use crate::fixtures::*;

#[test]
fn receipt_renders_as_one_a4_page() {
    let pdf = render(&receipt()).unwrap();
    save("mau01.pdf", &pdf);
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(pdf_page_count(&pdf).unwrap(), 1);
}

/// Keeps a copy for a person to look at when MOTCUA_DOCS_OUT names a folder.
pub fn save(name: &str, pdf: &[u8]) {
    if let Ok(dir) = std::env::var("MOTCUA_DOCS_OUT") {
        std::fs::write(format!("{dir}/{name}"), pdf).unwrap();
    }
}
