-- The citizen portal (issue #4): drafts of online submissions and satisfaction ratings.

-- A draft of an online submission, saved per account and resumable. The body is the portal's
-- own JSON (form values as typed, documents already uploaded, delivery choice); it is not a
-- dossier and has no legal effect. `submitted_code` is set once it became a dossier, so a
-- repeated "submit" of the same draft finds the dossier instead of creating a second one.
CREATE TABLE portal_drafts (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL,
    procedure_code  TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    revision        INTEGER NOT NULL,
    submitted_code  TEXT,
    created_at_ms   INTEGER NOT NULL,
    updated_at_ms   INTEGER NOT NULL
) STRICT;
CREATE INDEX portal_drafts_by_account ON portal_drafts (account_id, updated_at_ms);
INSERT INTO counters (name, value) VALUES ('portal_draft', 0);

-- One satisfaction rating per dossier (REGULATIONS.md §4.2: 12 criteria, levels
-- very_satisfied / satisfied / dissatisfied; keys listed in docs/PORTAL.md).
CREATE TABLE dossier_ratings (
    dossier_code       TEXT    PRIMARY KEY,
    account_id         INTEGER NOT NULL,
    procedure_code     TEXT    NOT NULL,
    receiving_unit_id  INTEGER NOT NULL,
    scores             TEXT    NOT NULL,
    comment            TEXT,
    rated_at_ms        INTEGER NOT NULL
) STRICT;
CREATE INDEX dossier_ratings_by_unit ON dossier_ratings (receiving_unit_id, rated_at_ms);
