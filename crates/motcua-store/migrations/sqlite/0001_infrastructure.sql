-- Infrastructure tables owned by the generic store layer (docs/STORAGE.md).
-- STRICT tables make SQLite refuse a value of the wrong type, as PostgreSQL does.

-- The hash-chained, append-only event log. `seq` is the rowid (INTEGER PRIMARY KEY).
CREATE TABLE events (
    seq         INTEGER PRIMARY KEY,
    at_ms       INTEGER NOT NULL,
    actor_id    TEXT    NOT NULL,
    actor_role  TEXT    NOT NULL,
    unit_id     TEXT    NOT NULL,
    dossier_id  TEXT,
    kind        TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
) STRICT;
CREATE INDEX events_by_dossier ON events (dossier_id, seq) WHERE dossier_id IS NOT NULL;

-- The last event's seq and hash; one row. Updated in the same transaction as each append.
CREATE TABLE chain_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   INTEGER NOT NULL,
    hash  TEXT    NOT NULL
) STRICT;
INSERT INTO chain_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Content-addressed files known to the database (the bytes live in the blob store).
CREATE TABLE blobs (
    sha256         TEXT    PRIMARY KEY,
    size           INTEGER NOT NULL,
    created_at_ms  INTEGER NOT NULL
) STRICT;

-- Idempotency keys, stored with their response in the same transaction as the work.
CREATE TABLE idempotency_keys (
    scope          TEXT    NOT NULL,
    key            TEXT    NOT NULL,
    request_hash   TEXT    NOT NULL,
    status         INTEGER,
    response       TEXT,
    created_at_ms  INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
) STRICT;
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at_ms);
