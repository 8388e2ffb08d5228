-- 0003: officers' returns of a school's report for correction (domain.Return).
CREATE TABLE returns (
    id        TEXT    PRIMARY KEY, -- domain.ReturnID(period, school, key)
    period    TEXT    NOT NULL,
    school    TEXT    NOT NULL,
    reason    TEXT    NOT NULL,
    questions TEXT    NOT NULL DEFAULT '[]', -- JSON array of question ids
    by_id     INTEGER NOT NULL DEFAULT 0,
    by_name   TEXT    NOT NULL DEFAULT '',
    at        INTEGER NOT NULL,
    of_rev    INTEGER NOT NULL DEFAULT 0,
    done_at   INTEGER,                      -- NULL while open
    done_rev  INTEGER NOT NULL DEFAULT 0
) STRICT;
-- Returns (one school's history) and Submit's resolution.
CREATE INDEX returns_school ON returns (period, school, at);
-- OpenReturns visits only the open returns of a period.
CREATE INDEX returns_open ON returns (period, at) WHERE done_at IS NULL;
