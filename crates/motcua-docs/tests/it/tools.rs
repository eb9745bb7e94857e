//! Helpers to run the external checkers (poppler-utils, OpenSSL). A missing tool fails the
//! test with the install command — never a silent skip (CI installs poppler-utils).

use std::path::Path;
use std::process::Command;

pub fn run(tool: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "`{tool}` could not be started ({e}). Install it: apt-get install -y {}",
            match tool {
                "openssl" => "openssl",
                _ => "poppler-utils",
            }
        )
    });
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_owned()
}
