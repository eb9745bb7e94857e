-- Every integer column is BIGINT (decodes to i64 like SQLite's INTEGER).
-- The officer workspace (issue #5, docs/OFFICE.md): recovery codes of the second factor, the
-- last TOTP step used (a code is accepted once), issued electronic results with the hash of the
-- signed file (the public /verify page), and the indexes the logbook and the desk's applicant
-- look-up read.

-- One-time recovery codes of an officer's second factor; only a SHA-256 is kept.
CREATE TABLE recovery_codes (
    account_id  BIGINT NOT NULL,
    code_hash   TEXT    NOT NULL,
    used_at_ms  BIGINT,
    PRIMARY KEY (account_id, code_hash)
);

-- RFC 6238 §5.2: a one-time password must not be accepted twice.
CREATE TABLE totp_steps (
    account_id  BIGINT PRIMARY KEY,
    last_step   BIGINT NOT NULL
);

-- Signed electronic results: the public check answers "authentic and unchanged" only for a file
-- whose SHA-256 is the one recorded here when it was signed.
CREATE TABLE issued_results (
    verify_code     TEXT    PRIMARY KEY,
    dossier_id      BIGINT NOT NULL,
    dossier_code    TEXT    NOT NULL,
    unit_id         BIGINT NOT NULL,
    sha256          TEXT    NOT NULL,
    size            BIGINT NOT NULL,
    title           TEXT    NOT NULL,
    signer_subject  TEXT    NOT NULL,
    demo            BIGINT NOT NULL,
    signed_at_ms    BIGINT NOT NULL
);
CREATE INDEX issued_results_by_dossier ON issued_results (dossier_id);
CREATE INDEX issued_results_by_sha ON issued_results (sha256);

-- The logbook (Mẫu 07) of a desk for a date range, and its entry numbers, read dossiers by
-- reception time.
CREATE INDEX dossiers_received ON dossiers (receiving_unit_id, received_at_ms);
-- The desk looks up an applicant from earlier dossiers by phone (by CCCD: dossiers_id_number).
CREATE INDEX dossiers_phone ON dossiers (applicant_phone);
