-- Every integer column is BIGINT (decodes to i64 like SQLite's INTEGER).
-- Indicator 3.2 asks, per online procedure of the catalog, whether any online dossier was received
-- in the period at the units of a tree (docs/QUALITY.md §4). Probing this index per procedure
-- stops at the first row, so the index of a province over any period reads a few rows per
-- procedure instead of every (unit, procedure, day) row of the period.
CREATE INDEX quality_online_by_procedure ON quality_online_rows (procedure_code, grain, day, unit_id, received);
