-- The argraph store's schema (SQLite), version 1: argument versions with the exact text of every file
-- they were read from, the claims, links and parameters of each version (for queries), people's
-- profiles with the history of their values, objections, and the history of evaluations.
--
-- argraph applies this file, in one transaction, to a new database, then sets
-- PRAGMA application_id = 1095911250 ('ARGR') and PRAGMA user_version = 1. A later schema adds a
-- migration (src/store/migrations.cpp) from each earlier version; argraph refuses, without writing,
-- a database whose user_version is newer than the one it knows. docs/store.md describes every table.
--
-- Invariants:
--  (1) versions of one argument are numbered 1, 2, 3, ... in import order; two consecutive versions
--      never have the same content_hash (an unchanged import adds nothing);
--  (2) every version has exactly one root file (is_root = 1) and one row per other file it read;
--  (3) every claim, link and parameter row belongs to a version and is written in the same
--      transaction as it: a version is wholly there or wholly absent;
--  (4) profile_values and evaluations are append-only: a profile's current value of a parameter is
--      its latest row (largest id); nothing is updated in place except an objection's answer.
-- Times are UTC, ISO 8601 with milliseconds ('2026-11-27T18:03:12.345Z').

CREATE TABLE arguments (
  id         TEXT PRIMARY KEY,               -- the argument file's `id`
  created_at TEXT NOT NULL                   -- when its first version was imported
) STRICT;

CREATE TABLE versions (
  id           INTEGER PRIMARY KEY,          -- row id, referenced by the tables below
  argument_id  TEXT NOT NULL REFERENCES arguments(id),
  version      INTEGER NOT NULL CHECK (version >= 1),
  title        TEXT NOT NULL,
  conclusion   TEXT NOT NULL,                -- the conclusion's claim id
  content_hash TEXT NOT NULL,                -- SHA-256 (hex) of the root and imported files' texts
  path         TEXT NOT NULL,                -- the root file's absolute path when it was imported
  imported_at  TEXT NOT NULL,
  UNIQUE (argument_id, version)
) STRICT;

CREATE TABLE files (
  version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  path       TEXT NOT NULL,                  -- root: its file name; others: relative to the root's folder
  is_root    INTEGER NOT NULL CHECK (is_root IN (0, 1)),
  text       TEXT NOT NULL,                  -- the file's exact bytes
  PRIMARY KEY (version_id, path)
) STRICT;
CREATE UNIQUE INDEX files_one_root ON files (version_id) WHERE is_root = 1;

CREATE TABLE claims (
  version_id    INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  claim         TEXT NOT NULL,               -- fully qualified id, e.g. 'ruin.central-result'
  position      INTEGER NOT NULL,            -- order in the model (imported claims first)
  text          TEXT NOT NULL,
  source        TEXT NOT NULL,
  quote         TEXT NOT NULL,
  rule          TEXT NOT NULL CHECK (rule IN ('all', 'any', 'logistic', 'table')),
  credence      REAL,                        -- root: prior; derived: the author's stated judgment
  interval_low  REAL,
  interval_high REAL,
  reliability   REAL,                        -- as written (NULL = the default)
  leak          REAL,
  base          REAL,
  import_alias  TEXT NOT NULL,               -- '' for the root file's claims
  file          TEXT NOT NULL,               -- as files.path
  line          INTEGER NOT NULL,            -- 1-based; 0 = unknown
  is_root       INTEGER NOT NULL CHECK (is_root IN (0, 1)),     -- no `from` links
  is_conclusion INTEGER NOT NULL CHECK (is_conclusion IN (0, 1)),
  PRIMARY KEY (version_id, claim)
) STRICT;

CREATE TABLE links (
  version_id INTEGER NOT NULL,
  to_claim   TEXT NOT NULL,                  -- the claim whose `from` list holds the link
  position   INTEGER NOT NULL,               -- index in that list
  from_claim TEXT NOT NULL,
  relation   TEXT NOT NULL CHECK (relation IN ('supports', 'attacks', 'undercuts')),
  strength   REAL,                           -- probability (all/any/undercuts); NULL = 1
  weight     REAL,                           -- log-odds (logistic)
  lr         REAL,                           -- the likelihood ratio as written
  link       TEXT,                           -- undercuts of any/logistic: the parent whose link it weakens
  PRIMARY KEY (version_id, to_claim, position),
  FOREIGN KEY (version_id, to_claim) REFERENCES claims (version_id, claim) ON DELETE CASCADE,
  FOREIGN KEY (version_id, from_claim) REFERENCES claims (version_id, claim) ON DELETE CASCADE
) STRICT;
CREATE INDEX links_by_from ON links (version_id, from_claim);

CREATE TABLE parameters (
  version_id INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,                  -- as --set and profiles name it: 'a', 'a.leak', 'a->b', ...
  kind       TEXT NOT NULL CHECK (kind IN ('credence', 'reliability', 'leak', 'base', 'strength',
                                           'weight', 'table-row')),
  claim      TEXT NOT NULL,                  -- the claim whose factor it belongs to
  value      REAL NOT NULL,                  -- with defaults applied; a probability except 'weight'
  position   INTEGER NOT NULL,               -- order of parameters.h's ListParameters
  PRIMARY KEY (version_id, name)
) STRICT;

CREATE TABLE profiles (
  id          INTEGER PRIMARY KEY,
  argument_id TEXT NOT NULL REFERENCES arguments(id),
  name        TEXT NOT NULL,
  author      TEXT NOT NULL,                 -- who created it ('' when not given)
  description TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (argument_id, name)
) STRICT;

CREATE TABLE profile_values (
  id         INTEGER PRIMARY KEY,            -- increasing: the order values were set in
  profile_id INTEGER NOT NULL REFERENCES profiles(id),
  parameter  TEXT NOT NULL,                  -- a parameter name (checked against the latest version)
  value      REAL NOT NULL,
  author     TEXT NOT NULL,
  note       TEXT NOT NULL,
  set_at     TEXT NOT NULL
) STRICT;
CREATE INDEX profile_values_by_parameter ON profile_values (profile_id, parameter, id);

-- Each profile's current value of each parameter it sets.
CREATE VIEW profile_current AS
  SELECT p.argument_id, p.name AS profile, v.parameter, v.value, v.author, v.note, v.set_at
  FROM profile_values v JOIN profiles p ON p.id = v.profile_id
  WHERE v.id = (SELECT max(w.id) FROM profile_values w
                WHERE w.profile_id = v.profile_id AND w.parameter = v.parameter);

CREATE TABLE objections (
  id          INTEGER PRIMARY KEY,           -- the N of `argraph db objection answer N`
  argument_id TEXT NOT NULL REFERENCES arguments(id),
  target      TEXT NOT NULL,                 -- a claim id or a parameter name
  author      TEXT NOT NULL,
  text        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
  answer      TEXT,
  answered_at TEXT,
  CHECK ((status = 'open') = (answer IS NULL))
) STRICT;

CREATE TABLE evaluations (
  id           INTEGER PRIMARY KEY,
  version_id   INTEGER NOT NULL REFERENCES versions(id),
  profile      TEXT NOT NULL,                -- '' = the file's own values
  target       TEXT NOT NULL,                -- the claim evaluated
  method       TEXT NOT NULL,                -- 'exact', 'approximate', a semantics name, ...
  credence     REAL NOT NULL CHECK (credence >= 0 AND credence <= 1),   -- P(target = true | evidence)
  evidence     TEXT NOT NULL CHECK (json_valid(evidence)),  -- {"claim": "true", ...}
  settings     TEXT NOT NULL CHECK (json_valid(settings)),  -- --set values {"name": value, ...}
  evaluated_at TEXT NOT NULL
) STRICT;
CREATE INDEX evaluations_by_version ON evaluations (version_id, id);

-- The latest version of each argument.
CREATE VIEW latest_versions AS
  SELECT v.* FROM versions v
  WHERE v.version = (SELECT max(w.version) FROM versions w WHERE w.argument_id = v.argument_id);
