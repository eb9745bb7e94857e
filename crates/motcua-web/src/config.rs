//! What the binary tells the web layer (from its configuration file and flags).

/// Settings of the HTTP layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebConfig {
    /// Production mode: officers' API tokens need TOTP enrolled; default passwords are refused.
    pub production: bool,
    /// The address people reach the service at (links, `Location` headers are relative).
    pub public_url: String,
    /// Largest uploaded file, in bytes (each file of a multipart request).
    pub max_upload_bytes: u64,
    /// Largest request body, in bytes (all files and fields together).
    pub max_request_bytes: u64,
    /// Lifetime of a session or bearer token, in hours.
    pub session_hours: u32,
    /// Demo mode (demo accounts with a shared password exist).
    pub demo: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            production: false,
            public_url: "http://127.0.0.1:8080".into(),
            max_upload_bytes: 10 * 1024 * 1024,
            max_request_bytes: 50 * 1024 * 1024,
            session_hours: 12,
            demo: false,
        }
    }
}
