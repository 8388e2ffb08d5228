-- 0002: a JSON doc column for the fields of a record that have no column of their own
-- (a field added to a domain type later, such as a period's coverage dates), so every
-- field of a domain type is kept whether or not it is looked up.

ALTER TABLE audit ADD COLUMN doc TEXT NOT NULL DEFAULT '{}';
ALTER TABLE drafts ADD COLUMN doc TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "groups" ADD COLUMN doc TEXT NOT NULL DEFAULT '{}';
ALTER TABLE outbox ADD COLUMN doc TEXT NOT NULL DEFAULT '{}';
ALTER TABLE periods ADD COLUMN doc TEXT NOT NULL DEFAULT '{}';
ALTER TABLE revisions ADD COLUMN doc TEXT NOT NULL DEFAULT '{}';
ALTER TABLE schools ADD COLUMN doc TEXT NOT NULL DEFAULT '{}';
ALTER TABLE submissions ADD COLUMN doc TEXT NOT NULL DEFAULT '{}';
ALTER TABLE users ADD COLUMN doc TEXT NOT NULL DEFAULT '{}';
