-- Service quality (issue #6, docs/QUALITY.md): the daily aggregates of Decision 766/QĐ-TTg kept
-- exact in the same transaction as the events, the counted facts of each dossier (the lists
-- behind the numbers), satisfaction ratings (R-SAT-1), feedback and petitions (PAKN, ND 20/2008,
-- R-PAKN-1) with their reactions and notices, and the Open311 API keys.

-- The counted facts of each dossier (motcua_domain::quality::dossier_outcome::DossierOutcome).
-- `outcome` is the JSON the next event is diffed against (docs/QUALITY.md §2: never recompute the
-- old outcome, a calendar reload would change 2.2's minutes); the narrow columns let the
-- dashboards list the dossiers behind each number. A dossier without a row contributes nothing
-- to the aggregates (a rebuild deletes every row, then fills them again).
CREATE TABLE quality_outcomes (
    dossier_id          INTEGER PRIMARY KEY,
    unit_id             INTEGER NOT NULL,
    procedure_code      TEXT    NOT NULL,
    channel             TEXT    NOT NULL,
    received_ms         INTEGER,
    refused_ms          INTEGER,
    ended_ms            INTEGER,
    overdue_from_ms     INTEGER,
    on_time             INTEGER,
    result_ms           INTEGER,
    result_is_document  INTEGER NOT NULL,
    e_result            INTEGER NOT NULL,
    online_ok           INTEGER NOT NULL,
    digitised           INTEGER NOT NULL,
    reused              INTEGER NOT NULL,
    personal_store      INTEGER NOT NULL,
    dissatisfied        INTEGER NOT NULL,
    resolution_minutes  INTEGER,
    outcome             TEXT    NOT NULL
) STRICT;
CREATE INDEX quality_outcomes_received ON quality_outcomes (unit_id, received_ms);
CREATE INDEX quality_outcomes_ended ON quality_outcomes (unit_id, ended_ms);
CREATE INDEX quality_outcomes_result ON quality_outcomes (unit_id, result_ms);

-- DossierCounters per (unit, procedure, channel, day): grain 'd' holds the exact daily rows,
-- grain 'm' the same rows summed per month (day = the 1st), for per-procedure reports.
CREATE TABLE quality_dossier_rows (
    grain               TEXT    NOT NULL,
    unit_id             INTEGER NOT NULL,
    day                 TEXT    NOT NULL,
    procedure_code      TEXT    NOT NULL,
    channel             TEXT    NOT NULL,
    received            INTEGER NOT NULL,
    finished_on_time    INTEGER NOT NULL,
    finished_late       INTEGER NOT NULL,
    overdue_crossed     INTEGER NOT NULL,
    online_ok           INTEGER NOT NULL,
    via_desk            INTEGER NOT NULL,
    via_post            INTEGER NOT NULL,
    digitised           INTEGER NOT NULL,
    reused              INTEGER NOT NULL,
    personal_store      INTEGER NOT NULL,
    dissatisfied        INTEGER NOT NULL,
    doc_results         INTEGER NOT NULL,
    e_results           INTEGER NOT NULL,
    resolved            INTEGER NOT NULL,
    resolution_minutes  INTEGER NOT NULL,
    refused             INTEGER NOT NULL,
    PRIMARY KEY (grain, unit_id, day, procedure_code, channel)
) STRICT, WITHOUT ROWID;

-- The same counters per unit only, at grains 'd', 'm' (day = the 1st) and 'y' (day = 1 January):
-- a province's index over any period is a sum of a few hundred of these rows.
CREATE TABLE quality_unit_rows (
    grain               TEXT    NOT NULL,
    unit_id             INTEGER NOT NULL,
    day                 TEXT    NOT NULL,
    received            INTEGER NOT NULL,
    finished_on_time    INTEGER NOT NULL,
    finished_late       INTEGER NOT NULL,
    overdue_crossed     INTEGER NOT NULL,
    online_ok           INTEGER NOT NULL,
    via_desk            INTEGER NOT NULL,
    via_post            INTEGER NOT NULL,
    digitised           INTEGER NOT NULL,
    reused              INTEGER NOT NULL,
    personal_store      INTEGER NOT NULL,
    dissatisfied        INTEGER NOT NULL,
    doc_results         INTEGER NOT NULL,
    e_results           INTEGER NOT NULL,
    resolved            INTEGER NOT NULL,
    resolution_minutes  INTEGER NOT NULL,
    refused             INTEGER NOT NULL,
    PRIMARY KEY (grain, unit_id, day)
) STRICT, WITHOUT ROWID;

-- Online receptions per (unit, procedure) at grains 'd', 'm', 'y': indicator 3.2 needs the
-- procedures with at least one online dossier received in the period.
CREATE TABLE quality_online_rows (
    grain           TEXT    NOT NULL,
    unit_id         INTEGER NOT NULL,
    day             TEXT    NOT NULL,
    procedure_code  TEXT    NOT NULL,
    received        INTEGER NOT NULL,
    PRIMARY KEY (grain, unit_id, day, procedure_code)
) STRICT, WITHOUT ROWID;

-- FeedbackCounters per (unit, day) at grains 'd', 'm', 'y' (766 indicators 5.1–5.3).
CREATE TABLE quality_feedback_rows (
    grain             TEXT    NOT NULL,
    unit_id           INTEGER NOT NULL,
    day               TEXT    NOT NULL,
    received          INTEGER NOT NULL,
    finished_on_time  INTEGER NOT NULL,
    finished_late     INTEGER NOT NULL,
    overdue_crossed   INTEGER NOT NULL,
    first_received    INTEGER NOT NULL,
    unsatisfactory    INTEGER NOT NULL,
    about_rules       INTEGER NOT NULL,
    about_conduct     INTEGER NOT NULL,
    PRIMARY KEY (grain, unit_id, day)
) STRICT, WITHOUT ROWID;

-- One row: set when a delta would take a counter below zero (the rows disagree with the log);
-- the store then rebuilds the aggregates (docs/QUALITY.md §2, step 5).
CREATE TABLE quality_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    dirty           INTEGER NOT NULL,
    note            TEXT,
    rebuilt_at_ms   INTEGER
) STRICT;
INSERT INTO quality_state (id, dirty, note, rebuilt_at_ms) VALUES (1, 0, NULL, NULL);

-- Satisfaction ratings (REGULATIONS.md §4, R-SAT-1): one per dossier per channel (portal, kiosk,
-- paper form entered by an officer). `levels` is the JSON map criterion → level (the keys of
-- docs/PORTAL.md); `scored` the domain's ScoredRating (indices 1–3 computed from the events),
-- NULL until scored (rows moved from 0004's dossier_ratings are scored when the store opens).
CREATE TABLE satisfaction_ratings (
    dossier_id      INTEGER NOT NULL,
    channel         TEXT    NOT NULL,
    dossier_code    TEXT    NOT NULL,
    unit_id         INTEGER NOT NULL,
    procedure_code  TEXT    NOT NULL,
    account_id      INTEGER,
    entered_by      INTEGER,
    levels          TEXT    NOT NULL,
    comment         TEXT,
    scored          TEXT,
    total           INTEGER,
    max             INTEGER,
    dissatisfied    INTEGER NOT NULL,
    rated_at_ms     INTEGER NOT NULL,
    PRIMARY KEY (dossier_id, channel)
) STRICT;
CREATE INDEX satisfaction_ratings_by_unit ON satisfaction_ratings (unit_id, rated_at_ms);
CREATE INDEX satisfaction_ratings_by_code ON satisfaction_ratings (dossier_code);
INSERT INTO satisfaction_ratings (dossier_id, channel, dossier_code, unit_id, procedure_code,
    account_id, entered_by, levels, comment, scored, total, max, dissatisfied, rated_at_ms)
SELECT d.id, 'portal', r.dossier_code, r.receiving_unit_id, r.procedure_code, r.account_id, NULL,
    r.scores, r.comment, NULL, NULL, NULL, 0, r.rated_at_ms
FROM dossier_ratings r JOIN dossiers d ON d.code = r.dossier_code;
DROP TABLE dossier_ratings;

-- Feedback and petitions: the projection (`state` is motcua_domain::quality::feedback::Feedback,
-- `outcome` its FeedbackOutcome kept to diff against). `due_at_ms` is the current deadline
-- (NULL when final or waiting for the author). Address, position and media are Open311 fields.
CREATE TABLE feedback (
    id                  INTEGER PRIMARY KEY,
    code                TEXT    NOT NULL UNIQUE,
    unit_id             INTEGER NOT NULL,
    first_unit_id       INTEGER NOT NULL,
    status              TEXT    NOT NULL,
    service_code        TEXT    NOT NULL,
    category            TEXT,
    subject_procedure   TEXT,
    subject_dossier_id  INTEGER,
    subject_officer_id  INTEGER,
    title               TEXT    NOT NULL,
    author_account_id   INTEGER,
    author_secret_hash  TEXT,
    submitted_at_ms     INTEGER NOT NULL,
    updated_at_ms       INTEGER NOT NULL,
    due_at_ms           INTEGER,
    due_kind            TEXT,
    published_at_ms     INTEGER,
    closed_at_ms        INTEGER,
    unsatisfactory      INTEGER NOT NULL,
    likes               INTEGER NOT NULL,
    dislikes            INTEGER NOT NULL,
    device_likes        INTEGER NOT NULL,
    device_dislikes     INTEGER NOT NULL,
    address             TEXT,
    lat                 REAL,
    lon                 REAL,
    media               TEXT    NOT NULL,
    version             INTEGER NOT NULL,
    state               TEXT    NOT NULL,
    outcome             TEXT    NOT NULL
) STRICT;
CREATE INDEX feedback_by_unit ON feedback (unit_id, status, due_at_ms);
CREATE INDEX feedback_first ON feedback (unit_id, submitted_at_ms);
CREATE INDEX feedback_by_author ON feedback (author_account_id, submitted_at_ms);
CREATE INDEX feedback_by_dossier ON feedback (subject_dossier_id);
CREATE INDEX feedback_published ON feedback (status, published_at_ms);
CREATE INDEX feedback_updated ON feedback (updated_at_ms);
INSERT INTO counters (name, value) VALUES ('feedback', 0), ('feedback_notice', 0), ('open311_key', 0);

-- Every unit that has handled an item (officers of units it passed through still see it).
CREATE TABLE feedback_units (
    unit_id      INTEGER NOT NULL,
    feedback_id  INTEGER NOT NULL,
    PRIMARY KEY (unit_id, feedback_id)
) STRICT;

-- An item's events in the hash chain (events.kind 'feedback_…', dossier_id NULL).
CREATE TABLE feedback_log (
    feedback_id  INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    PRIMARY KEY (feedback_id, seq)
) STRICT;

-- Each unit's time with an item (a leg, R-PAKN-1: timers restart on forwarding) as counted for
-- 5.2, so the dashboards can list the legs behind the number.
CREATE TABLE feedback_legs (
    feedback_id      INTEGER NOT NULL,
    leg              INTEGER NOT NULL,
    unit_id          INTEGER NOT NULL,
    started_ms       INTEGER NOT NULL,
    ended_ms         INTEGER,
    on_time          INTEGER,
    overdue_from_ms  INTEGER,
    PRIMARY KEY (feedback_id, leg)
) STRICT;
CREATE INDEX feedback_legs_by_unit ON feedback_legs (unit_id, started_ms);

-- Likes and dislikes of published answers, one per voter: 'a:<account>' (signed in, judged by
-- the domain, counted for 766 5.3) or 'd:<sha256 of a device cookie>' (shown, not counted).
CREATE TABLE feedback_reactions (
    feedback_id  INTEGER NOT NULL,
    voter        TEXT    NOT NULL,
    account_id   INTEGER,
    liked        INTEGER NOT NULL,
    at_ms        INTEGER NOT NULL,
    PRIMARY KEY (feedback_id, voter)
) STRICT;

-- Notices to the author, one per change ("in the portal now"); anonymous authors read them
-- through their secret link.
CREATE TABLE feedback_notices (
    id           INTEGER PRIMARY KEY,
    feedback_id  INTEGER NOT NULL,
    account_id   INTEGER,
    kind         TEXT    NOT NULL,
    text_vi      TEXT    NOT NULL,
    text_en      TEXT    NOT NULL,
    at_ms        INTEGER NOT NULL,
    read_at_ms   INTEGER
) STRICT;
CREATE INDEX feedback_notices_by_account ON feedback_notices (account_id, at_ms);
CREATE INDEX feedback_notices_by_item ON feedback_notices (feedback_id, at_ms);

-- Open311 (GeoReport v2) API keys for POST requests: only the SHA-256 of a key is kept.
CREATE TABLE open311_keys (
    id               INTEGER PRIMARY KEY,
    key_hash         TEXT    NOT NULL UNIQUE,
    label            TEXT    NOT NULL,
    unit_id          INTEGER NOT NULL,
    created_by       INTEGER,
    created_at_ms    INTEGER NOT NULL,
    revoked_at_ms    INTEGER,
    last_used_at_ms  INTEGER
) STRICT;
