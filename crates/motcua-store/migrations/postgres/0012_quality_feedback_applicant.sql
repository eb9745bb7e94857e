-- Every integer column is BIGINT (decodes to i64 like SQLite's INTEGER).
-- Feedback about a dossier marks it for 766 indicator 5.4 ("dossiers rated dissatisfied or with
-- feedback about them", docs/QUALITY.md §4) only when it comes from the dossier's applicant: its
-- owner or the helper who submitted it, or an anonymous author whose phone, e-mail or ID number is
-- the applicant's on record. Anyone may still file feedback about any dossier (it is handled and
-- counted in 5.1-5.3), but a stranger typing a dossier code cannot lower the unit's 5.4 [design].
ALTER TABLE feedback ADD COLUMN by_applicant BIGINT NOT NULL DEFAULT 0;
CREATE INDEX feedback_by_applicant_dossier ON feedback (subject_dossier_id, by_applicant);
