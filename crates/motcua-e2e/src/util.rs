//! Small shared pieces: where `target/` is, the artifacts folder of a test, free ports, output
//! that libtest does not capture.

use std::collections::HashMap;
use std::io::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The Cargo target directory: `CARGO_TARGET_DIR` if set, else found from the running test
/// binary (`<target>/<profile>/deps/<test>-<hash>`), else `<workspace>/target`.
pub fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        let dir = PathBuf::from(dir);
        return if dir.is_absolute() {
            dir
        } else {
            workspace_root().join(dir)
        };
    }
    if let Ok(exe) = std::env::current_exe()
        && let Some(deps) = exe.parent()
        && deps.file_name().is_some_and(|n| n == "deps")
        && let Some(profile) = deps.parent()
        && let Some(target) = profile.parent()
    {
        return target.to_path_buf();
    }
    workspace_root().join("target")
}

/// The profile folder the running test binary was built into (`debug`, `release`, …), if known.
pub(crate) fn current_profile() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let deps = exe.parent()?;
    if deps.file_name()? != "deps" {
        return None;
    }
    Some(deps.parent()?.file_name()?.to_string_lossy().into_owned())
}

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/motcua-e2e has a workspace two levels up")
        .to_path_buf()
}

/// The vendored JavaScript folder (`tests-support/` at the workspace root).
pub fn tests_support_dir() -> PathBuf {
    workspace_root().join("tests-support")
}

/// The name of the running test, from the thread libtest runs it on (`smoke::opens_healthz` →
/// `smoke__opens_healthz`), safe as a folder name.
pub fn current_test_name() -> String {
    let name = std::thread::current()
        .name()
        .filter(|n| *n != "main")
        .map(str::to_string)
        .unwrap_or_else(|| "unnamed-test".to_string());
    sanitize(&name)
}

/// Letters, digits, `-`, `_` and `.`; everything else becomes `_` (`::` becomes `__`).
pub fn sanitize(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    out.truncate(120);
    if out.is_empty() || out.starts_with('.') {
        out.insert(0, '_');
    }
    out
}

/// A port on 127.0.0.1 that was free a moment ago (the OS picks it).
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0 to find a free port");
    l.local_addr().expect("local address").port()
}

/// A line on the real standard error, past libtest's output capture: for what a person must
/// see even when the test passes (where the screenshots went).
pub fn notice(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// The artifacts folder of one test: `<target>/e2e-artifacts/<test>/`, emptied the first time
/// this process uses it, with one running number for every file put in it (`01-…`, `02-…`),
/// shared by every browser and server of the test. `E2E_ARTIFACTS_DIR` replaces
/// `<target>/e2e-artifacts`.
#[derive(Debug, Clone)]
pub struct Artifacts {
    dir: PathBuf,
}

static SEEN: Mutex<Option<HashMap<PathBuf, u32>>> = Mutex::new(None);

impl Artifacts {
    /// The root of all tests' artifacts.
    pub fn root() -> PathBuf {
        match std::env::var_os("E2E_ARTIFACTS_DIR").filter(|d| !d.is_empty()) {
            Some(d) => PathBuf::from(d),
            None => target_dir().join("e2e-artifacts"),
        }
    }

    /// The folder of test `name` (see [`current_test_name`]).
    pub fn for_test(name: &str) -> Artifacts {
        let dir = Self::root().join(sanitize(name));
        let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
        let seen = seen.get_or_insert_with(HashMap::new);
        if !seen.contains_key(&dir) {
            // Files of an earlier run would be mistaken for this one's.
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
            notice(&format!("e2e artifacts: {}", dir.display()));
            seen.insert(dir.clone(), 0);
        }
        Artifacts { dir }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A new numbered file name in the folder: `NN-<name>.<ext>`.
    pub fn next_path(&self, name: &str, ext: &str) -> PathBuf {
        let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
        let n = seen
            .get_or_insert_with(HashMap::new)
            .entry(self.dir.clone())
            .or_insert(0);
        *n += 1;
        self.dir.join(format!("{:02}-{}.{ext}", n, sanitize(name)))
    }

    /// Writes a new numbered file and returns its path.
    pub fn write(&self, name: &str, ext: &str, bytes: &[u8]) -> PathBuf {
        let path = self.next_path(name, ext);
        std::fs::write(&path, bytes)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }
}

/// The last `n` lines of a text file (for failure messages).
pub(crate) fn tail(path: &Path, n: usize) -> String {
    let text = std::fs::read(path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// Sends `signal` to a process group (negative pid), ignoring "no such process".
pub(crate) fn kill_group(pgid: u32, signal: libc::c_int) {
    if let Ok(pgid) = libc::pid_t::try_from(pgid)
        && pgid > 1
    {
        // SAFETY: kill(2) with a negative pid signals that process group; no memory is shared.
        unsafe {
            libc::kill(-pgid, signal);
        }
    }
}

/// Sends `signal` to one process.
pub(crate) fn kill_pid(pid: u32, signal: libc::c_int) {
    if let Ok(pid) = libc::pid_t::try_from(pid)
        && pid > 1
    {
        // SAFETY: kill(2) on one pid; no memory is shared.
        unsafe {
            libc::kill(pid, signal);
        }
    }
}
