-- Every integer column is BIGINT (decodes to i64 like SQLite's INTEGER).
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
    dossier_id          BIGINT PRIMARY KEY,
    unit_id             BIGINT NOT NULL,
    procedure_code      TEXT    NOT NULL,
    channel             TEXT    NOT NULL,
    received_ms         BIGINT,
    refused_ms          BIGINT,
    ended_ms            BIGINT,
    overdue_from_ms     BIGINT,
    on_time             BIGINT,
    result_ms           BIGINT,
    result_is_document  BIGINT NOT NULL,
    e_result            BIGINT NOT NULL,
    online_ok           BIGINT NOT NULL,
    digitised           BIGINT NOT NULL,
    reused              BIGINT NOT NULL,
    personal_store      BIGINT NOT NULL,
    dissatisfied        BIGINT NOT NULL,
    resolution_minutes  BIGINT,
    outcome             TEXT    NOT NULL
);
CREATE INDEX quality_outcomes_received ON quality_outcomes (unit_id, received_ms);
CREATE INDEX quality_outcomes_ended ON quality_outcomes (unit_id, ended_ms);
CREATE INDEX quality_outcomes_result ON quality_outcomes (unit_id, result_ms);

-- DossierCounters per (unit, procedure, channel, day): grain 'd' holds the exact daily rows,
-- grain 'm' the same rows summed per month (day = the 1st), for per-procedure reports.
CREATE TABLE quality_dossier_rows (
    grain               TEXT    NOT NULL,
    unit_id             BIGINT NOT NULL,
    day                 TEXT    NOT NULL,
    procedure_code      TEXT    NOT NULL,
    channel             TEXT    NOT NULL,
    received            BIGINT NOT NULL,
    finished_on_time    BIGINT NOT NULL,
    finished_late       BIGINT NOT NULL,
    overdue_crossed     BIGINT NOT NULL,
    online_ok           BIGINT NOT NULL,
    via_desk            BIGINT NOT NULL,
    via_post            BIGINT NOT NULL,
    digitised           BIGINT NOT NULL,
    reused              BIGINT NOT NULL,
    personal_store      BIGINT NOT NULL,
    dissatisfied        BIGINT NOT NULL,
    doc_results         BIGINT NOT NULL,
    e_results           BIGINT NOT NULL,
    resolved            BIGINT NOT NULL,
    resolution_minutes  BIGINT NOT NULL,
    refused             BIGINT NOT NULL,
    PRIMARY KEY (grain, unit_id, day, procedure_code, channel)
);

-- The same counters per unit only, at grains 'd', 'm' (day = the 1st) and 'y' (day = 1 January):
-- a province's index over any period is a sum of a few hundred of these rows.
CREATE TABLE quality_unit_rows (
    grain               TEXT    NOT NULL,
    unit_id             BIGINT NOT NULL,
    day                 TEXT    NOT NULL,
    received            BIGINT NOT NULL,
    finished_on_time    BIGINT NOT NULL,
    finished_late       BIGINT NOT NULL,
    overdue_crossed     BIGINT NOT NULL,
    online_ok           BIGINT NOT NULL,
    via_desk            BIGINT NOT NULL,
    via_post            BIGINT NOT NULL,
    digitised           BIGINT NOT NULL,
    reused              BIGINT NOT NULL,
    personal_store      BIGINT NOT NULL,
    dissatisfied        BIGINT NOT NULL,
    doc_results         BIGINT NOT NULL,
    e_results           BIGINT NOT NULL,
    resolved            BIGINT NOT NULL,
    resolution_minutes  BIGINT NOT NULL,
    refused             BIGINT NOT NULL,
    PRIMARY KEY (grain, unit_id, day)
);

-- Online receptions per (unit, procedure) at grains 'd', 'm', 'y': indicator 3.2 needs the
-- procedures with at least one online dossier received in the period.
CREATE TABLE quality_online_rows (
    grain           TEXT    NOT NULL,
    unit_id         BIGINT NOT NULL,
    day             TEXT    NOT NULL,
    procedure_code  TEXT    NOT NULL,
    received        BIGINT NOT NULL,
    PRIMARY KEY (grain, unit_id, day, procedure_code)
);

-- FeedbackCounters per (unit, day) at grains 'd', 'm', 'y' (766 indicators 5.1–5.3).
CREATE TABLE quality_feedback_rows (
    grain             TEXT    NOT NULL,
    unit_id           BIGINT NOT NULL,
    day               TEXT    NOT NULL,
    received          BIGINT NOT NULL,
    finished_on_time  BIGINT NOT NULL,
    finished_late     BIGINT NOT NULL,
    overdue_crossed   BIGINT NOT NULL,
    first_received    BIGINT NOT NULL,
    unsatisfactory    BIGINT NOT NULL,
    about_rules       BIGINT NOT NULL,
    about_conduct     BIGINT NOT NULL,
    PRIMARY KEY (grain, unit_id, day)
);

-- One row: set when a delta would take a counter below zero (the rows disagree with the log);
-- the store then rebuilds the aggregates (docs/QUALITY.md §2, step 5).
CREATE TABLE quality_state (
    id              BIGINT PRIMARY KEY CHECK (id = 1),
    dirty           BIGINT NOT NULL,
    note            TEXT,
    rebuilt_at_ms   BIGINT
);
INSERT INTO quality_state (id, dirty, note, rebuilt_at_ms) VALUES (1, 0, NULL, NULL);

-- Satisfaction ratings (REGULATIONS.md §4, R-SAT-1): one per dossier per channel (portal, kiosk,
-- paper form entered by an officer). `levels` is the JSON map criterion → level (the keys of
-- docs/PORTAL.md); `scored` the domain's ScoredRating (indices 1–3 computed from the events),
-- NULL until scored (rows moved from 0004's dossier_ratings are scored when the store opens).
CREATE TABLE satisfaction_ratings (
    dossier_id      BIGINT NOT NULL,
    channel         TEXT    NOT NULL,
    dossier_code    TEXT    NOT NULL,
    unit_id         BIGINT NOT NULL,
    procedure_code  TEXT    NOT NULL,
    account_id      BIGINT,
    entered_by      BIGINT,
    levels          TEXT    NOT NULL,
    comment         TEXT,
    scored          TEXT,
    total           BIGINT,
    max             BIGINT,
    dissatisfied    BIGINT NOT NULL,
    rated_at_ms     BIGINT NOT NULL,
    PRIMARY KEY (dossier_id, channel)
);
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
    id                  BIGINT PRIMARY KEY,
    code                TEXT    NOT NULL UNIQUE,
    unit_id             BIGINT NOT NULL,
    first_unit_id       BIGINT NOT NULL,
    status              TEXT    NOT NULL,
    service_code        TEXT    NOT NULL,
    category            TEXT,
    subject_procedure   TEXT,
    subject_dossier_id  BIGINT,
    subject_officer_id  BIGINT,
    title               TEXT    NOT NULL,
    author_account_id   BIGINT,
    author_secret_hash  TEXT,
    submitted_at_ms     BIGINT NOT NULL,
    updated_at_ms       BIGINT NOT NULL,
    due_at_ms           BIGINT,
    due_kind            TEXT,
    published_at_ms     BIGINT,
    closed_at_ms        BIGINT,
    unsatisfactory      BIGINT NOT NULL,
    likes               BIGINT NOT NULL,
    dislikes            BIGINT NOT NULL,
    device_likes        BIGINT NOT NULL,
    device_dislikes     BIGINT NOT NULL,
    address             TEXT,
    lat                 DOUBLE PRECISION,
    lon                 DOUBLE PRECISION,
    media               TEXT    NOT NULL,
    version             BIGINT NOT NULL,
    state               TEXT    NOT NULL,
    outcome             TEXT    NOT NULL
);
CREATE INDEX feedback_by_unit ON feedback (unit_id, status, due_at_ms);
CREATE INDEX feedback_first ON feedback (unit_id, submitted_at_ms);
CREATE INDEX feedback_by_author ON feedback (author_account_id, submitted_at_ms);
CREATE INDEX feedback_by_dossier ON feedback (subject_dossier_id);
CREATE INDEX feedback_published ON feedback (status, published_at_ms);
CREATE INDEX feedback_updated ON feedback (updated_at_ms);
INSERT INTO counters (name, value) VALUES ('feedback', 0), ('feedback_notice', 0), ('open311_key', 0);

-- Every unit that has handled an item (officers of units it passed through still see it).
CREATE TABLE feedback_units (
    unit_id      BIGINT NOT NULL,
    feedback_id  BIGINT NOT NULL,
    PRIMARY KEY (unit_id, feedback_id)
);

-- An item's events in the hash chain (events.kind 'feedback_…', dossier_id NULL).
CREATE TABLE feedback_log (
    feedback_id  BIGINT NOT NULL,
    seq          BIGINT NOT NULL,
    PRIMARY KEY (feedback_id, seq)
);

-- Each unit's time with an item (a leg, R-PAKN-1: timers restart on forwarding) as counted for
-- 5.2, so the dashboards can list the legs behind the number.
CREATE TABLE feedback_legs (
    feedback_id      BIGINT NOT NULL,
    leg              BIGINT NOT NULL,
    unit_id          BIGINT NOT NULL,
    started_ms       BIGINT NOT NULL,
    ended_ms         BIGINT,
    on_time          BIGINT,
    overdue_from_ms  BIGINT,
    PRIMARY KEY (feedback_id, leg)
);
CREATE INDEX feedback_legs_by_unit ON feedback_legs (unit_id, started_ms);

-- Likes and dislikes of published answers, one per voter: 'a:<account>' (signed in, judged by
-- the domain, counted for 766 5.3) or 'd:<sha256 of a device cookie>' (shown, not counted).
CREATE TABLE feedback_reactions (
    feedback_id  BIGINT NOT NULL,
    voter        TEXT    NOT NULL,
    account_id   BIGINT,
    liked        BIGINT NOT NULL,
    at_ms        BIGINT NOT NULL,
    PRIMARY KEY (feedback_id, voter)
);

-- Notices to the author, one per change ("in the portal now"); anonymous authors read them
-- through their secret link.
CREATE TABLE feedback_notices (
    id           BIGINT PRIMARY KEY,
    feedback_id  BIGINT NOT NULL,
    account_id   BIGINT,
    kind         TEXT    NOT NULL,
    text_vi      TEXT    NOT NULL,
    text_en      TEXT    NOT NULL,
    at_ms        BIGINT NOT NULL,
    read_at_ms   BIGINT
);
CREATE INDEX feedback_notices_by_account ON feedback_notices (account_id, at_ms);
CREATE INDEX feedback_notices_by_item ON feedback_notices (feedback_id, at_ms);

-- Open311 (GeoReport v2) API keys for POST requests: only the SHA-256 of a key is kept.
CREATE TABLE open311_keys (
    id               BIGINT PRIMARY KEY,
    key_hash         TEXT    NOT NULL UNIQUE,
    label            TEXT    NOT NULL,
    unit_id          BIGINT NOT NULL,
    created_by       BIGINT,
    created_at_ms    BIGINT NOT NULL,
    revoked_at_ms    BIGINT,
    last_used_at_ms  BIGINT
);
