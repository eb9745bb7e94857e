-- The core read tables of motcua (units, catalog, accounts, sessions, dossiers). Every change
-- to them is also an event in `events`, written in the same transaction (docs/STORAGE.md).

-- Monotonic ids allocated inside the writer's transaction (portable across both backends).
CREATE TABLE counters (
    name   TEXT    PRIMARY KEY,
    value  INTEGER NOT NULL
) STRICT;
INSERT INTO counters (name, value) VALUES ('dossier', 0), ('account', 0), ('unit', 0),
    ('procedure_version', 0), ('personal_document', 0);

-- Government units, one row per dated version (R-ADM-2).
CREATE TABLE units (
    id            INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    code          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    parent_id     INTEGER,
    valid_from    TEXT    NOT NULL,
    valid_to      TEXT,
    successor_id  INTEGER,
    PRIMARY KEY (id, version)
) STRICT;
CREATE INDEX units_by_code ON units (code);

-- The procedure catalog: every version, the body as JSON (motcua_domain::procedure).
CREATE TABLE procedure_versions (
    id                 INTEGER PRIMARY KEY,
    code               TEXT    NOT NULL,
    version            INTEGER NOT NULL,
    status             TEXT    NOT NULL,
    effective_from_ms  INTEGER NOT NULL,
    body               TEXT    NOT NULL,
    UNIQUE (code, version)
) STRICT;

CREATE TABLE accounts (
    id             INTEGER PRIMARY KEY,
    display_name   TEXT    NOT NULL,
    phone          TEXT    UNIQUE,
    email          TEXT    UNIQUE,
    username       TEXT    UNIQUE,
    password_hash  TEXT    NOT NULL,
    citizen_id     TEXT,
    totp_secret    TEXT,
    totp_enabled   INTEGER NOT NULL DEFAULT 0,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at_ms  INTEGER NOT NULL
) STRICT;

-- Roles scoped to units; unit_id 0 means unscoped (citizen, helper, admin).
CREATE TABLE account_grants (
    account_id  INTEGER NOT NULL,
    role        TEXT    NOT NULL,
    unit_id     INTEGER NOT NULL,
    PRIMARY KEY (account_id, role, unit_id)
) STRICT;

-- Sessions and API tokens; only the SHA-256 of the token is stored.
CREATE TABLE sessions (
    token_hash     TEXT    PRIMARY KEY,
    account_id     INTEGER NOT NULL,
    kind           TEXT    NOT NULL,
    created_at_ms  INTEGER NOT NULL,
    expires_at_ms  INTEGER NOT NULL,
    second_factor  INTEGER NOT NULL,
    csrf_token     TEXT    NOT NULL
) STRICT;
CREATE INDEX sessions_by_account ON sessions (account_id);

-- Daily dossier sequence per agency e-ID (R-CODE-1).
CREATE TABLE code_sequences (
    agency  TEXT    NOT NULL,
    day     TEXT    NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (agency, day)
) STRICT;

-- The dossier projection read by worklists and pages; `state` is the folded
-- motcua_domain::dossier::Dossier as JSON.
CREATE TABLE dossiers (
    id                    INTEGER PRIMARY KEY,
    code                  TEXT    NOT NULL UNIQUE,
    procedure_version_id  INTEGER NOT NULL,
    procedure_code        TEXT    NOT NULL,
    receiving_unit_id     INTEGER NOT NULL,
    processing_unit_id    INTEGER NOT NULL,
    status                TEXT    NOT NULL,
    channel               TEXT    NOT NULL,
    applicant_name        TEXT    NOT NULL,
    applicant_folded      TEXT    NOT NULL,
    applicant_id_number   TEXT,
    applicant_phone       TEXT,
    owner_id              INTEGER,
    submitted_by          INTEGER,
    assignee_id           INTEGER,
    assignee_name         TEXT,
    submitted_at_ms       INTEGER NOT NULL,
    received_at_ms        INTEGER,
    due_at_ms             INTEGER,
    appointment_at_ms     INTEGER,
    finished_at_ms        INTEGER,
    rescheduled           INTEGER NOT NULL,
    version               INTEGER NOT NULL,
    state                 TEXT    NOT NULL,
    updated_at_ms         INTEGER NOT NULL
) STRICT;
CREATE INDEX dossiers_processing ON dossiers (processing_unit_id, status, appointment_at_ms);
CREATE INDEX dossiers_receiving ON dossiers (receiving_unit_id, status, appointment_at_ms);
CREATE INDEX dossiers_owner ON dossiers (owner_id, submitted_at_ms);
CREATE INDEX dossiers_submitter ON dossiers (submitted_by, submitted_at_ms);
CREATE INDEX dossiers_id_number ON dossiers (applicant_id_number);
CREATE INDEX dossiers_assignee ON dossiers (assignee_id, status);

-- Every unit that has held a dossier (visibility for officers of units it passed through).
CREATE TABLE dossier_units (
    unit_id     INTEGER NOT NULL,
    dossier_id  INTEGER NOT NULL,
    PRIMARY KEY (unit_id, dossier_id)
) STRICT;

-- A citizen's personal data store (kho dữ liệu): documents submitted and results received.
CREATE TABLE personal_documents (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL,
    sha256         TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    document       TEXT    NOT NULL,
    from_dossier   TEXT,
    is_result      INTEGER NOT NULL,
    added_at_ms    INTEGER NOT NULL,
    UNIQUE (account_id, sha256)
) STRICT;

-- Yearly holiday schedules imported at run time (they replace the built-in year).
CREATE TABLE calendar_years (
    year            INTEGER PRIMARY KEY,
    body            TEXT    NOT NULL,
    imported_at_ms  INTEGER NOT NULL
) STRICT;

-- A unit's working hours and overrides (motcua_calendar::UnitCalendar as JSON).
CREATE TABLE unit_calendars (
    unit_id        INTEGER PRIMARY KEY,
    body           TEXT    NOT NULL,
    updated_at_ms  INTEGER NOT NULL
) STRICT;
