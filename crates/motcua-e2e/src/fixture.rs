//! A tiny HTTP server for pages the harness itself needs (its self-tests: a page that breaks
//! accessibility rules on purpose, a page changed by JavaScript, a page of known weight).
//! Stories test the real server; this one exists so that the harness can prove it works.
//!
//! `GET /__headers` answers the request's headers as text (to check what the browser sends).

use std::collections::HashMap;
use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use flate2::Compression;
use flate2::write::GzEncoder;

/// One answer.
#[derive(Debug, Clone)]
pub struct Route {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    /// Send the body gzip-compressed (`Content-Encoding: gzip`).
    pub gzip: bool,
    pub headers: Vec<(String, String)>,
}

impl Route {
    /// A 200 answer.
    pub fn new(content_type: &str, body: impl Into<Vec<u8>>) -> Route {
        Route {
            status: 200,
            content_type: content_type.to_string(),
            body: body.into(),
            gzip: false,
            headers: Vec::new(),
        }
    }

    /// An HTML page (UTF-8).
    pub fn html(body: &str) -> Route {
        Route::new("text/html; charset=utf-8", body)
    }

    /// Compressed with gzip on the way out.
    pub fn gzipped(mut self) -> Route {
        self.gzip = true;
        self
    }

    /// With one more response header.
    pub fn header(mut self, name: &str, value: &str) -> Route {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// The server; stops when dropped.
#[derive(Debug)]
pub struct FixtureServer {
    port: u16,
    stop: Arc<AtomicBool>,
}

impl FixtureServer {
    /// Serves `routes` (path → answer) on a free port of 127.0.0.1. Unknown paths are 404.
    pub fn start(routes: impl IntoIterator<Item = (String, Route)>) -> FixtureServer {
        let routes: Arc<HashMap<String, Route>> = Arc::new(routes.into_iter().collect());
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let routes = Arc::clone(&routes);
                // A browser opens spare connections it may never use: one thread each.
                std::thread::spawn(move || handle(conn, &routes));
            }
        });
        FixtureServer { port, stop }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// `base_url` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url())
    }
}

impl Drop for FixtureServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn handle(mut conn: TcpStream, routes: &HashMap<String, Route>) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match conn.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if buf.len() > 64 * 1024 {
            return;
        }
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");

    let route = if path == "/__headers" {
        let headers: String = lines
            .take_while(|l| !l.is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
        Route::new("text/plain; charset=utf-8", headers)
    } else {
        routes.get(path).cloned().unwrap_or_else(|| Route {
            status: 404,
            ..Route::new("text/plain; charset=utf-8", "not found")
        })
    };
    let mut body = route.body.clone();
    let mut extra = String::new();
    if route.gzip {
        let mut enc = GzEncoder::new(Vec::new(), Compression::best());
        let _ = enc.write_all(&body);
        body = enc.finish().unwrap_or_default();
        extra.push_str("Content-Encoding: gzip\r\n");
    }
    for (k, v) in &route.headers {
        extra.push_str(&format!("{k}: {v}\r\n"));
    }
    let reason = match route.status {
        200 => "OK",
        404 => "Not Found",
        _ => "Status",
    };
    let head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n{extra}Connection: close\r\n\r\n",
        route.status,
        route.content_type,
        body.len()
    );
    let _ = conn.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = conn.write_all(&body);
    }
    let _ = conn.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(url_port: u16, path: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", url_port)).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: x\r\nAccept-Language: vi\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn serves_routes_headers_and_404() {
        let f = FixtureServer::start([("/a".to_string(), Route::html("<p>xin chào</p>"))]);
        let a = get(f.port, "/a?x=1");
        assert!(a.starts_with("HTTP/1.1 200 OK"), "{a}");
        assert!(a.ends_with("<p>xin chào</p>"), "{a}");
        assert!(get(f.port, "/b").starts_with("HTTP/1.1 404"));
        assert!(get(f.port, "/__headers").contains("Accept-Language: vi"));
    }
}
