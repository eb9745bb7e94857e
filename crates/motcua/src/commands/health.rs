//! `motcua healthcheck`: GET /healthz on a running server, for container health checks
//! (`HEALTHCHECK CMD motcua healthcheck`). Plain HTTP/1.1 over a socket: no client library
//! needed for one request, and the binary stays the only thing a container must contain.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

use crate::cli::HealthArgs;
use crate::config::Config;

pub fn run(config: &Config, args: &HealthArgs) -> ExitCode {
    let addr = args.addr.as_deref().unwrap_or(&config.server.addr);
    match check(addr, Duration::from_secs(args.timeout.max(1))) {
        Ok(()) => {
            println!("OK http://{addr}/healthz");
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("Lỗi: máy chủ tại {addr} không khỏe: {why}");
            eprintln!("Error: the server at {addr} is not healthy: {why}");
            ExitCode::FAILURE
        }
    }
}

fn check(addr: &str, timeout: Duration) -> Result<(), String> {
    let target = resolve(addr)?;
    let mut stream =
        TcpStream::connect_timeout(&target, timeout).map_err(|e| format!("connect: {e}"))?;
    stream.set_read_timeout(Some(timeout)).ok();
    stream.set_write_timeout(Some(timeout)).ok();
    let request = format!(
        "GET /healthz HTTP/1.1\r\nHost: {target}\r\nConnection: close\r\nUser-Agent: motcua-healthcheck\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("send: {e}"))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 512];
    // The status line is all we need.
    while !head.windows(2).any(|w| w == b"\r\n") && head.len() < 4096 {
        let n = stream.read(&mut buf).map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let line = String::from_utf8_lossy(&head);
    let status = line.lines().next().unwrap_or("").trim().to_string();
    match status.split_whitespace().nth(1) {
        Some("200") => Ok(()),
        Some(_) => Err(format!("answered {status:?}")),
        None => Err("no HTTP answer".into()),
    }
}

/// A listening address as something to connect to (0.0.0.0 → 127.0.0.1, [::] → [::1]).
fn resolve(addr: &str) -> Result<SocketAddr, String> {
    let mut a = addr
        .to_socket_addrs()
        .map_err(|e| format!("address {addr:?}: {e}"))?
        .next()
        .ok_or_else(|| format!("address {addr:?} resolves to nothing"))?;
    if a.ip().is_unspecified() {
        a.set_ip(if a.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        });
    }
    Ok(a)
}
