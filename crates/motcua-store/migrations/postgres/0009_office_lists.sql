-- Searching the officer's "all dossiers" list by name at any size (issue #5 §3, BENCHMARKS.md):
-- covering indexes, so `applicant_folded LIKE '%…%'` reads small index entries of the unit's
-- dossiers, never the wide rows (their JSON state). The second one finds dossiers processed by
-- the unit but received elsewhere (liên thông) without touching the table either.
CREATE INDEX dossiers_receiving_names ON dossiers (receiving_unit_id, applicant_folded);
CREATE INDEX dossiers_processing_names ON dossiers (processing_unit_id, receiving_unit_id, applicant_folded);
