//! Embeds `migrations/<backend>/NNNN_name.sql` into the binary.
//!
//! Adding a migration is adding two files (one per backend); this script lists them, checks that
//! both backends have the same versions and names (so neither can silently fall behind), and
//! generates the `include_str!` table used by `src/migrate.rs`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

fn scan(dir: &Path) -> BTreeMap<u32, (String, String)> {
    let mut out = BTreeMap::new();
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = file.strip_suffix(".sql") else {
            continue;
        };
        let (num, name) = stem
            .split_once('_')
            .unwrap_or_else(|| panic!("migration file {file} must be named NNNN_name.sql"));
        let version: u32 = num
            .parse()
            .unwrap_or_else(|_| panic!("migration file {file}: {num} is not a number"));
        let abs = path.canonicalize().unwrap().to_string_lossy().into_owned();
        if out.insert(version, (name.to_owned(), abs)).is_some() {
            panic!("two migrations with version {version} in {}", dir.display());
        }
    }
    out
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    println!("cargo:rerun-if-changed={}", root.display());
    let sqlite = scan(&root.join("sqlite"));
    let postgres = scan(&root.join("postgres"));
    let names = |m: &BTreeMap<u32, (String, String)>| {
        m.iter()
            .map(|(v, (n, _))| (*v, n.clone()))
            .collect::<Vec<_>>()
    };
    if names(&sqlite) != names(&postgres) {
        panic!(
            "migrations differ between backends:\n sqlite:   {:?}\n postgres: {:?}",
            names(&sqlite),
            names(&postgres)
        );
    }
    let mut code = String::new();
    for (ident, list) in [("SQLITE", &sqlite), ("POSTGRES", &postgres)] {
        writeln!(code, "pub(crate) static {ident}: &[Migration] = &[").unwrap();
        for (version, (name, path)) in list {
            writeln!(
                code,
                "    Migration {{ version: {version}, name: {name:?}, sql: include_str!({path:?}) }},"
            )
            .unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("migrations.rs");
    std::fs::write(out, code).unwrap();
}
