#!/usr/bin/env python3
"""Durable submissions per second over HTTP, next to the raw limits measured in the same run.

Usage: python3 bench/submit.py [--database-url postgres://…] [--seconds 20] [--connections 64]

Starts `target/release/motcua serve --demo` on a fresh data directory (or a fresh PostgreSQL
database), signs up a citizen, then loads it from a second process (wrk on loopback):
  1. GET /api/v1/ping                         — a trivial endpoint of the same server;
  2. POST /api/v1/dossiers (JSON, documents reused from the citizen's store, no upload);
  3. POST /api/v1/dossiers (multipart, one unique 100 KB PDF per request);
then runs the raw limits of the same machine (crates/motcua-store/examples): batched raw inserts
of the same rows, and the disk's durable write bandwidth for 100 KB files synced in batches.
Prints every figure and the ratios. Needs: cargo build --release -p motcua, wrk (Debian).
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "motcua")
PROCEDURE = "1.004873"  # marital status certificate: online, a few required components


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def call(base, method, path, body=None, token=None, headers=None, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    h = {"Content-Type": "application/json"} if body is not None else {}
    h.update(headers or {})
    if token:
        h["Authorization"] = "Bearer " + token
    req = urllib.request.Request(base + path, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def wrk(base, path, seconds, connections, script=None, env=None):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if script:
        cmd += ["-s", script]
    cmd.append(base + path)
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})}).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rps, out


def value(field, kind):
    t = kind.get("type")
    if t == "select":
        return kind["options"][0]
    if t == "date":
        return "2026-01-15"
    if t == "citizen_id":
        return "001090012345"
    if t == "phone":
        return "0912345678"
    if t == "number":
        return "1"
    return "Kết hôn với công dân Việt Nam"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url")
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--connections", type=int, default=64)
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} is missing: run cargo build --release -p motcua first")
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")

    data = tempfile.mkdtemp(prefix="motcua-bench-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [BIN, "serve", "--demo", "--addr", f"127.0.0.1:{port}", "--data-dir", data]
    env = dict(os.environ, RUST_LOG="warn")
    if args.database_url:
        env["MOTCUA_DATABASE_URL"] = args.database_url
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(os.path.join(data, "server.log"), "w"), env=env)
    try:
        for _ in range(600):
            try:
                if urllib.request.urlopen(base + "/healthz", timeout=1).status == 200:
                    break
            except Exception:
                time.sleep(0.2)
        else:
            sys.exit("server did not start; see " + data)

        phone = "0912000111"
        call(base, "POST", "/api/v1/auth/signup", {"full_name": "Nguyễn Văn Đo Tải", "phone": phone, "password": "mat khau do tai 2026"})
        _, tok = call(base, "POST", "/api/v1/auth/token", {"login": phone, "password": "mat khau do tai 2026"})
        token = tok["token"]
        _, units = call(base, "GET", "/api/v1/units")
        unit = next(u for u in (units.get("items", units) if isinstance(units, dict) else units) if u["kind"] == "commune")["code"]
        _, proc = call(base, "GET", f"/api/v1/procedures/{PROCEDURE}")
        required = [c["key"] for c in proc["components"] if c["required"]]
        form = {f["key"]: value(f, f) for f in proc["form_fields"] if f["required"]}

        # One multipart submission stores a PDF per required component in the citizen's store.
        boundary = "motcuabench0boundary"
        pdf = b"%PDF-1.4\n% motcua bench\n" + b"0" * 2000 + b"\n%%EOF\n"
        parts = [("procedure", PROCEDURE), ("unit", unit), ("delivery.method", "electronic")]
        parts += [(f"form.{k}", v) for k, v in form.items()]
        body = b""
        for k, v in parts:
            body += f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
        for c in required:
            unique = pdf.replace(b"motcua bench", f"motcua bench {c}".encode())
            body += f"--{boundary}\r\nContent-Disposition: form-data; name=\"file.{c}\"; filename=\"{c}.pdf\"\r\nContent-Type: application/pdf\r\n\r\n".encode() + unique + b"\r\n"
        body += f"--{boundary}--\r\n".encode()
        st, first = call(base, "POST", "/api/v1/dossiers", token=token, raw=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        assert st == 201, (st, first)
        _, docs = call(base, "GET", "/api/v1/my/documents", token=token)
        items = docs["items"] if isinstance(docs, dict) else docs
        # Any stored document may be offered for a component; pair them up in order.
        by_component = {c: d["id"] for c, d in zip(required, items)}
        json_body = {
            "procedure": PROCEDURE,
            "unit": unit,
            "delivery": {"method": "electronic"},
            "form": form,
            "documents": [{"component": c, "personal_document_id": by_component[c]} for c in required],
        }
        st, r = call(base, "POST", "/api/v1/dossiers", json_body, token=token)
        assert st == 201, (st, r)

        work = tempfile.mkdtemp(prefix="motcua-bench-bodies-")
        with open(os.path.join(work, "body.json"), "w") as f:
            json.dump(json_body, f)
        prefix = b""
        for k, v in parts:
            prefix += f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode()
        # Reuse the other required components; upload the first one fresh each time.
        for c in required[1:]:
            prefix += f"--{boundary}\r\nContent-Disposition: form-data; name=\"reuse.{c}\"\r\n\r\n{by_component[c]}\r\n".encode()
        prefix += f"--{boundary}\r\nContent-Disposition: form-data; name=\"file.{required[0]}\"; filename=\"scan.pdf\"\r\nContent-Type: application/pdf\r\n\r\n".encode()
        open(os.path.join(work, "prefix"), "wb").write(prefix)
        open(os.path.join(work, "suffix"), "wb").write(f"\r\n--{boundary}--\r\n".encode())

        print(f"server: {BIN} ({'PostgreSQL' if args.database_url else 'SQLite'}), wrk -t2 -c{args.connections} -d{args.seconds}s on loopback")
        ping, _ = wrk(base, "/api/v1/ping", args.seconds, args.connections)
        print(f"GET /api/v1/ping: {ping:,.0f} req/s")
        sub, out = wrk(base, "/api/v1/dossiers", args.seconds, args.connections, os.path.join(ROOT, "bench", "submit.lua"),
                       {"BODY_FILE": os.path.join(work, "body.json"), "TOKEN": token})
        print(f"POST /api/v1/dossiers (JSON, reused documents): {sub:,.0f} durable submissions/s")
        print("   " + "\n   ".join(l for l in out.splitlines() if l.startswith(("requests", "latency", "Non-2xx"))))
        up, out2 = wrk(base, "/api/v1/dossiers", args.seconds, args.connections, os.path.join(ROOT, "bench", "upload.lua"),
                       {"PREFIX_FILE": os.path.join(work, "prefix"), "SUFFIX_FILE": os.path.join(work, "suffix"), "BOUNDARY": boundary, "TOKEN": token})
        mbps = up * 102_400 / 1e6
        print(f"POST /api/v1/dossiers (multipart, one unique 100 KB PDF): {up:,.0f} submissions/s = {mbps:.1f} MB/s of files")
        print("   " + "\n   ".join(l for l in out2.splitlines() if l.startswith(("requests", "latency", "Non-2xx"))))
        _, metrics = None, urllib.request.urlopen(base + "/metrics").read().decode()
        batch = re.findall(r'^motcua_writer_batch_size_(sum|count) ([\d.e+]+)', metrics, re.M)
        if batch:
            d = dict(batch)
            print(f"writer: mean batch {float(d['sum']) / max(float(d['count']), 1):.0f} jobs")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    # Raw limits on the same machine, right after.
    for example, extra in (("store_bench", ["50000", "2"]), ("disk_limit", [])):
        raw = subprocess.run(["cargo", "run", "-q", "--release", "-p", "motcua-store", "--example", example, "--"] + extra,
                             capture_output=True, text=True, cwd=ROOT)
        print(f"raw limit (crates/motcua-store/examples/{example}.rs):")
        print("   " + "\n   ".join(raw.stdout.strip().splitlines()[-6:]))
    shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
