-- Infrastructure tables owned by the generic store layer (docs/STORAGE.md).
-- Every integer column is BIGINT so it decodes to i64 exactly like SQLite's INTEGER.

-- The hash-chained, append-only event log.
CREATE TABLE events (
    seq         BIGINT  PRIMARY KEY,
    at_ms       BIGINT  NOT NULL,
    actor_id    TEXT    NOT NULL,
    actor_role  TEXT    NOT NULL,
    unit_id     TEXT    NOT NULL,
    dossier_id  TEXT,
    kind        TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);
CREATE INDEX events_by_dossier ON events (dossier_id, seq) WHERE dossier_id IS NOT NULL;

-- The last event's seq and hash; one row, locked FOR UPDATE by each appending transaction so
-- several app nodes serialise on it.
CREATE TABLE chain_head (
    id    BIGINT PRIMARY KEY CHECK (id = 1),
    seq   BIGINT NOT NULL,
    hash  TEXT   NOT NULL
);
INSERT INTO chain_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Content-addressed files known to the database (the bytes live in the blob store).
CREATE TABLE blobs (
    sha256         TEXT   PRIMARY KEY,
    size           BIGINT NOT NULL,
    created_at_ms  BIGINT NOT NULL
);

-- Idempotency keys, stored with their response in the same transaction as the work.
CREATE TABLE idempotency_keys (
    scope          TEXT   NOT NULL,
    key            TEXT   NOT NULL,
    request_hash   TEXT   NOT NULL,
    status         BIGINT,
    response       TEXT,
    created_at_ms  BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at_ms);
