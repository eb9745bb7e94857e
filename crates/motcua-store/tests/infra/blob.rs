use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use motcua_store::blob::{BlobError, BlobStore, LocalBlobStore, SyncMethod, is_valid_id};
use sha2::{Digest, Sha256};

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn content(i: usize, len: usize) -> Bytes {
    let mut v = vec![(i % 251) as u8; len];
    v[..8].copy_from_slice(&(i as u64).to_le_bytes());
    Bytes::from(v)
}

/// The behaviour every `BlobStore` must have.
async fn exercise(store: Arc<dyn BlobStore>) {
    let data = content(1, 100 * 1024);
    let a = store.put(data.clone()).await.unwrap();
    assert_eq!(a.sha256, hex::encode(Sha256::digest(&data)));
    assert_eq!(a.size, data.len() as u64);
    assert!(is_valid_id(&a.sha256));
    assert_eq!(store.get(&a.sha256).await.unwrap().unwrap(), data);
    assert!(store.exists(&a.sha256).await.unwrap());
    // Same bytes, same blob.
    assert_eq!(store.put(data.clone()).await.unwrap(), a);
    // Streaming gives the same id as a whole put.
    let mut reader: &[u8] = &data;
    assert_eq!(store.put_stream(&mut reader, 1 << 20).await.unwrap(), a);
    let other = "0".repeat(64);
    assert_eq!(store.get(&other).await.unwrap(), None);
    assert!(!store.exists(&other).await.unwrap());
    assert!(matches!(
        store.get("../../etc/passwd").await,
        Err(BlobError::InvalidId)
    ));
    assert!(matches!(
        store.exists(&"A".repeat(64)).await,
        Err(BlobError::InvalidId)
    ));
    // Over the limit: refused, nothing kept.
    let big = content(2, 10_000);
    let mut reader: &[u8] = &big;
    let e = store.put_stream(&mut reader, 9_999).await.unwrap_err();
    assert!(matches!(e, BlobError::TooLarge { limit: 9_999 }));
    assert_eq!(e.code(), "blob.too_large");
    assert!(
        !store
            .exists(&hex::encode(Sha256::digest(&big)))
            .await
            .unwrap()
    );
    // Empty file.
    let mut empty: &[u8] = &[];
    let e0 = store.put_stream(&mut empty, 10).await.unwrap();
    assert_eq!(e0.size, 0);
    assert_eq!(store.get(&e0.sha256).await.unwrap().unwrap().len(), 0);
    // Concurrent puts, with duplicates among them.
    let tasks: Vec<_> = (0..120)
        .map(|i| {
            let s = store.clone();
            tokio::spawn(async move { s.put(content(100 + i % 60, 20_000 + i % 60)).await })
        })
        .collect();
    for (i, t) in tasks.into_iter().enumerate() {
        let r = t.await.unwrap().unwrap();
        assert_eq!(
            store.get(&r.sha256).await.unwrap().unwrap(),
            content(100 + i % 60, 20_000 + i % 60)
        );
    }
}

fn temp_files(store: &LocalBlobStore) -> usize {
    std::fs::read_dir(store.root().join("tmp")).unwrap().count()
}

#[test]
fn local_store_behaves() {
    for method in [SyncMethod::PerFile, SyncMethod::Syncfs] {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalBlobStore::open_with(dir.path(), method).unwrap();
        rt().block_on(exercise(Arc::new(store.clone())));
        assert_eq!(temp_files(&store), 0, "{method:?}: temp files cleaned");
        let s = store.sync_stats();
        assert!(s.rounds >= 1 && s.rounds <= s.requests, "{s:?}");
        // Layout: blobs/ab/cd/<sha>.
        let data = content(1, 100 * 1024);
        let sha = hex::encode(Sha256::digest(&data));
        assert!(
            dir.path()
                .join("blobs")
                .join(&sha[0..2])
                .join(&sha[2..4])
                .join(&sha)
                .is_file()
        );
    }
}

#[test]
fn stale_temp_files_are_removed_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = LocalBlobStore::open(dir.path()).unwrap();
    let tmp = store.root().join("tmp");
    let stale = tmp.join("crashed.tmp");
    let fresh = tmp.join("in-flight.tmp");
    std::fs::write(&stale, b"partial").unwrap();
    std::fs::write(&fresh, b"partial").unwrap();
    let f = std::fs::File::options().write(true).open(&stale).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(2 * 3600))
        .unwrap();
    drop(store);
    let store = LocalBlobStore::open(dir.path()).unwrap();
    assert!(!stale.exists(), "a crash leftover is removed");
    assert!(
        fresh.exists(),
        "another process's upload in progress is left alone"
    );
    assert_eq!(store.clean_temp(Duration::ZERO).unwrap(), 1);
}

#[cfg(feature = "s3")]
#[test]
fn object_store_behaves_in_memory() {
    use motcua_store::blob::ObjectBlobStore;
    rt().block_on(exercise(Arc::new(ObjectBlobStore::in_memory())));
}

/// Against a real S3-compatible server when MOTCUA_TEST_S3_ENDPOINT is set, e.g.
/// `pip install 'moto[server]' && moto_server -p 9000 &` then
/// `MOTCUA_TEST_S3_ENDPOINT=http://127.0.0.1:9000 cargo test -p motcua-store`.
/// The bucket `motcua-test` is created if the server allows unsigned bucket creation (moto
/// does); with other servers create it first.
#[cfg(feature = "s3")]
#[test]
fn s3_store_behaves_against_a_real_server() {
    use motcua_store::blob::{ObjectBlobStore, S3Config};
    let Ok(endpoint) = std::env::var("MOTCUA_TEST_S3_ENDPOINT") else {
        eprintln!("MOTCUA_TEST_S3_ENDPOINT not set: real S3 test skipped");
        return;
    };
    create_bucket(&endpoint, "motcua-test");
    let config = S3Config {
        endpoint: Some(endpoint),
        bucket: "motcua-test".into(),
        region: "us-east-1".into(),
        access_key_id: Some(std::env::var("AWS_ACCESS_KEY_ID").unwrap_or_else(|_| "test".into())),
        secret_access_key: Some(
            std::env::var("AWS_SECRET_ACCESS_KEY").unwrap_or_else(|_| "test".into()),
        ),
        prefix: format!("run-{:08x}", rand::random::<u32>()),
        allow_http: true,
    };
    let store = ObjectBlobStore::s3(&config).unwrap();
    rt().block_on(async {
        exercise(Arc::new(store.clone())).await;
        // A streamed upload above the single-PUT size goes through a multipart upload.
        let big: Vec<u8> = (0..20 * 1024 * 1024u32).map(|i| (i % 253) as u8).collect();
        let mut reader: &[u8] = &big;
        let r = store.put_stream(&mut reader, 1 << 30).await.unwrap();
        assert_eq!(r.size, big.len() as u64);
        assert_eq!(
            store.get(&r.sha256).await.unwrap().unwrap().len(),
            big.len()
        );
    });
}

/// A plain unsigned `PUT /bucket` (enough for moto); failures are ignored.
#[cfg(feature = "s3")]
fn create_bucket(endpoint: &str, bucket: &str) {
    use std::io::{Read, Write};
    let hostport = endpoint.trim_start_matches("http://").trim_end_matches('/');
    if let Ok(mut s) = std::net::TcpStream::connect(hostport) {
        let req = format!(
            "PUT /{bucket} HTTP/1.1\r\nHost: {hostport}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        let _ = s.write_all(req.as_bytes());
        let _ = s.read_to_end(&mut Vec::new());
    }
}
