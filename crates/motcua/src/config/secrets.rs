//! Secrets: read only from `MOTCUA_<NAME>` or the file named by `MOTCUA_<NAME>_FILE`, refused
//! in the configuration file, and never printed (database URLs are shown with `***`).

use std::path::Path;

use super::{SECRETS, get};
use crate::fail::CliError;

/// Refuses secrets written into the configuration file.
pub(super) fn refuse_secrets_in_file(path: &Path, tree: &toml::Table) -> Result<(), CliError> {
    for (name, key) in SECRETS {
        if get(tree, key).is_some() {
            return Err(secret_in_file(path, key, name));
        }
    }
    if let Some(toml::Value::String(url)) = get(tree, "database_url")
        && url_has_password(url)
    {
        return Err(secret_in_file(
            path,
            "database_url (with a password)",
            "DATABASE_URL",
        ));
    }
    Ok(())
}

fn secret_in_file(path: &Path, key: &str, var: &str) -> CliError {
    CliError::new(
        "config.secret_in_file",
        format!(
            "Tệp cấu hình {} chứa bí mật «{key}». Bí mật chỉ được đặt trong biến môi trường MOTCUA_{var} hoặc trong tệp do MOTCUA_{var}_FILE chỉ tới; hãy xóa khỏi tệp cấu hình.",
            path.display()
        ),
        format!(
            "The configuration file {} contains the secret `{key}`. Secrets are read only from MOTCUA_{var} or from the file named by MOTCUA_{var}_FILE; remove it from the file.",
            path.display()
        ),
    )
}

/// `postgres://user:password@host/db` → true. Passwords in `?password=` count too.
pub(super) fn url_has_password(url: &str) -> bool {
    let Some(rest) = url.split_once("://").map(|(_, r)| r) else {
        return false;
    };
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let userinfo_pw = authority
        .rsplit_once('@')
        .is_some_and(|(userinfo, _)| userinfo.contains(':'));
    userinfo_pw || url.contains("password=")
}

/// The URL with any password replaced by `***`, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => format!("{userinfo}@{host}"),
        },
        None => authority.to_string(),
    };
    let tail = match tail.find("password=") {
        Some(i) => {
            let end = tail[i..].find('&').map_or(tail.len(), |j| i + j);
            format!("{}password=***{}", &tail[..i], &tail[end..])
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// `MOTCUA_<NAME>`, or the trimmed contents of the file named by `MOTCUA_<NAME>_FILE`.
pub(super) fn secret(
    name: &str,
    get: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<String>, CliError> {
    let direct = get(&format!("MOTCUA_{name}"));
    let file_var = format!("MOTCUA_{name}_FILE");
    match (direct, get(&file_var)) {
        (Some(_), Some(_)) => Err(CliError::new(
            "config.secret_twice",
            format!("Chỉ đặt một trong hai biến MOTCUA_{name} và {file_var}."),
            format!("Set only one of MOTCUA_{name} and {file_var}."),
        )),
        (Some(v), None) => Ok(Some(v)),
        (None, Some(path)) => {
            let v = std::fs::read_to_string(&path).map_err(|e| {
                CliError::new(
                    "config.secret_file",
                    format!("Không đọc được tệp bí mật {path} ({file_var}): {e}"),
                    format!("Cannot read the secret file {path} ({file_var}): {e}"),
                )
            })?;
            Ok(Some(v.trim().to_string()).filter(|s| !s.is_empty()))
        }
        (None, None) => Ok(None),
    }
}
