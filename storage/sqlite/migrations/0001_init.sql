-- 0001: one table per collection of storage/backup, under the same names. Keys, lookups,
-- filters and sort orders are real columns with indexes; maps and lists are JSON text.
-- Times are Unix milliseconds (UTC) in INTEGER columns, NULL for the zero time.

CREATE TABLE attempts (
    id           INTEGER PRIMARY KEY,          -- Telegram user id
    wrong        TEXT    NOT NULL DEFAULT '[]', -- JSON array of Unix ms of recent wrong codes
    locked_until INTEGER
) STRICT;

CREATE TABLE audit (
    id      TEXT    PRIMARY KEY,  -- time-ordered: see auditID
    at      INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    name    TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    target  TEXT    NOT NULL DEFAULT '',
    detail  TEXT    NOT NULL DEFAULT '',
    result  TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_user ON audit (user_id);

CREATE TABLE bench_counters (
    id TEXT    PRIMARY KEY,
    n  INTEGER NOT NULL
) STRICT;

CREATE TABLE chats (
    id   INTEGER PRIMARY KEY, -- chat id
    flow TEXT                 -- JSON domain.ChatFlow; NULL when the chat is in no conversation
) STRICT;

CREATE TABLE drafts (
    id            TEXT    PRIMARY KEY, -- domain.SubmissionID(period, school)
    period        TEXT    NOT NULL,
    school        TEXT    NOT NULL,
    questionnaire TEXT    NOT NULL DEFAULT '',
    answers       TEXT    NOT NULL DEFAULT '{}', -- JSON: question id -> domain.Answer
    current       TEXT    NOT NULL DEFAULT '',
    edited_by     INTEGER NOT NULL DEFAULT 0,
    editor_name   TEXT    NOT NULL DEFAULT '',
    edited_at     INTEGER,
    created       INTEGER
) STRICT;
CREATE UNIQUE INDEX drafts_period_school ON drafts (period, school);

CREATE TABLE "groups" (
    id       INTEGER PRIMARY KEY, -- chat id
    title    TEXT    NOT NULL DEFAULT '',
    level    TEXT    NOT NULL DEFAULT '',
    active   INTEGER NOT NULL DEFAULT 0,
    bound_by INTEGER NOT NULL DEFAULT 0,
    bound_at INTEGER,
    disabled TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE invites (
    id         TEXT    PRIMARY KEY, -- hex SHA-256 of the code, never the code
    school     TEXT    NOT NULL,
    created_by INTEGER NOT NULL DEFAULT 0,
    created    INTEGER NOT NULL,
    expires    INTEGER NOT NULL,
    used       INTEGER NOT NULL DEFAULT 0,
    used_by    INTEGER NOT NULL DEFAULT 0,
    used_at    INTEGER
) STRICT;
CREATE INDEX invites_expires ON invites (expires);
CREATE INDEX invites_school ON invites (school);
CREATE INDEX invites_used_by ON invites (used_by);

CREATE TABLE leases (
    id      TEXT    PRIMARY KEY,
    holder  TEXT    NOT NULL,
    expires INTEGER NOT NULL
) STRICT;

CREATE TABLE meta (
    id       TEXT PRIMARY KEY,
    username TEXT NOT NULL DEFAULT '',
    updated  INTEGER
) STRICT;

CREATE TABLE outbox (
    id          TEXT    PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    text        TEXT    NOT NULL DEFAULT '',
    kind        TEXT    NOT NULL DEFAULT '',
    batch       TEXT    NOT NULL DEFAULT '',
    state       TEXT    NOT NULL,
    created     INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    not_before  INTEGER NOT NULL,
    holder      TEXT    NOT NULL DEFAULT '',
    tries       INTEGER NOT NULL DEFAULT 0,
    sent_chat   INTEGER NOT NULL DEFAULT 0,
    message_ids TEXT,                       -- JSON array of Telegram message ids
    description TEXT    NOT NULL DEFAULT ''
) STRICT;
-- DueOutbox and RecoverOutbox: only queued (or sending) rows are visited, however many sent
-- ones are kept.
CREATE INDEX outbox_due ON outbox (state, not_before);
-- OutboxByState, PruneOutbox.
CREATE INDEX outbox_state_updated ON outbox (state, updated);
CREATE INDEX outbox_batch ON outbox (batch, id);

CREATE TABLE periods (
    id            TEXT    PRIMARY KEY,
    kind          TEXT    NOT NULL DEFAULT '',
    titles        TEXT,                        -- JSON: lang -> title
    last_day      TEXT    NOT NULL DEFAULT '',
    opens         INTEGER,
    due_at        INTEGER,
    closes        INTEGER,
    questionnaire TEXT    NOT NULL DEFAULT '',
    pinned        INTEGER
) STRICT;

-- The schools an officer reopened, per period (the "reopened" map of a backup's period).
CREATE TABLE period_reopened (
    period      TEXT    NOT NULL REFERENCES periods (id) ON DELETE CASCADE,
    school      TEXT    NOT NULL,
    reopened_by INTEGER NOT NULL DEFAULT 0,
    reopened_at INTEGER,
    PRIMARY KEY (period, school)
) STRICT, WITHOUT ROWID;

CREATE TABLE questionnaires (
    id      TEXT PRIMARY KEY, -- the version
    content TEXT NOT NULL,    -- JSON
    saved   INTEGER
) STRICT;

CREATE TABLE revisions (
    id            TEXT    PRIMARY KEY, -- domain.RevisionID(period, school, revision)
    period        TEXT    NOT NULL,
    school        TEXT    NOT NULL,
    revision      INTEGER NOT NULL,
    questionnaire TEXT    NOT NULL DEFAULT '',
    answers       TEXT    NOT NULL DEFAULT '{}',
    changed       TEXT    NOT NULL DEFAULT '[]',
    by_id         INTEGER NOT NULL DEFAULT 0,
    by_name       TEXT    NOT NULL DEFAULT '',
    by_officer    INTEGER NOT NULL DEFAULT 0,
    at            INTEGER,
    late          INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX revisions_period_school ON revisions (period, school, revision);

CREATE TABLE schools (
    id      TEXT    PRIMARY KEY, -- the school code
    name    TEXT    NOT NULL,
    level   TEXT    NOT NULL,
    commune TEXT    NOT NULL DEFAULT '',
    phones  TEXT    NOT NULL DEFAULT '[]', -- JSON array, in the register's order
    active  INTEGER NOT NULL DEFAULT 0,
    created INTEGER,
    updated INTEGER
) STRICT;

-- The phone numbers of schools.phones, one row each, for SchoolsByPhone.
CREATE TABLE school_phones (
    phone  TEXT NOT NULL,
    school TEXT NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
    PRIMARY KEY (phone, school)
) STRICT, WITHOUT ROWID;
CREATE INDEX school_phones_school ON school_phones (school);

CREATE TABLE settings (
    id    TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE submissions (
    id             TEXT    PRIMARY KEY, -- domain.SubmissionID(period, school)
    period         TEXT    NOT NULL,
    school         TEXT    NOT NULL,
    questionnaire  TEXT    NOT NULL DEFAULT '',
    answers        TEXT    NOT NULL DEFAULT '{}',
    submitted_by   INTEGER NOT NULL DEFAULT 0,
    submitter_name TEXT    NOT NULL DEFAULT '',
    by_officer     INTEGER NOT NULL DEFAULT 0,
    first_at       INTEGER,
    submitted_at   INTEGER,
    late           INTEGER NOT NULL DEFAULT 0,
    revision       INTEGER NOT NULL DEFAULT 0,
    reopened       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX submissions_period_school ON submissions (period, school);

CREATE TABLE updates (
    id       INTEGER PRIMARY KEY, -- Telegram update_id
    chat     INTEGER NOT NULL,
    state    TEXT    NOT NULL,
    tries    INTEGER NOT NULL DEFAULT 0,
    error    TEXT    NOT NULL DEFAULT '',
    received INTEGER NOT NULL,
    handled  INTEGER,
    raw      TEXT    NOT NULL
) STRICT;
-- PendingUpdates visits only the unhandled updates.
CREATE INDEX updates_pending ON updates (id) WHERE state = 'new';
CREATE INDEX updates_handled ON updates (handled);
CREATE INDEX updates_chat ON updates (chat);

CREATE TABLE users (
    id          INTEGER PRIMARY KEY, -- Telegram user id
    name        TEXT    NOT NULL DEFAULT '',
    username    TEXT    NOT NULL DEFAULT '',
    lang        TEXT    NOT NULL DEFAULT '',
    tg_lang     TEXT    NOT NULL DEFAULT '',
    phone       TEXT    NOT NULL DEFAULT '',
    school      TEXT    NOT NULL DEFAULT '', -- '' when not a reporter
    linked_at   INTEGER,
    started     INTEGER NOT NULL DEFAULT 0,
    unreachable INTEGER NOT NULL DEFAULT 0,
    seen        INTEGER
) STRICT;
CREATE INDEX users_school ON users (school, linked_at, id);
-- PruneStrangers visits only users without a school, never seen (NULL) counting as long ago.
CREATE INDEX users_strangers ON users (ifnull(seen, 0)) WHERE school = '';
