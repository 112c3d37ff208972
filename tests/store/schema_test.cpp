// Creating, migrating and refusing databases (src/store/schema.cpp): a new database gets the schema
// of schemas/store.sql; an older one is migrated forward in one transaction (and left as it was when
// a step fails); one written by a newer argraph or by another program is refused without a byte
// changing.
#include "store/schema.h"

#include <catch2/catch.hpp>

#include "argraph/error.h"
#include "argraph/store.h"
#include "store/store_fixtures.h"

using namespace argraph;
using argraph::testing::ReadBytes;
using argraph::testing::TempDir;

namespace {

std::int64_t Pragma(store::Connection& db, const char* sql) {
  store::Statement statement(db, sql);
  REQUIRE(statement.Step());
  return statement.Int(0);
}

std::string PragmaText(store::Connection& db, const char* sql) {
  store::Statement statement(db, sql);
  REQUIRE(statement.Step());
  return statement.Text(0);
}

bool HasColumn(store::Connection& db, const char* table, const char* column) {
  store::Statement statement(db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2");
  statement.Bind(1, table).Bind(2, column);
  return statement.Step();
}

// Creates a database at `path` with the real schema, then sets its user_version to `version`.
void MakeDatabase(const std::string& path, int version) {
  { Store::Open(path); }
  store::Connection db(path, false);
  db.Execute(("PRAGMA user_version = " + std::to_string(version)).c_str());
}

std::string OpenError(const std::string& path) {
  try {
    Store::Open(path);
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::kUsage);
    return e.what();
  }
  return "(opened)";
}

}  // namespace

TEST_CASE("a new database gets the current schema, WAL and argraph's mark", "[store]") {
  TempDir dir;
  const std::string path = dir.File("new.db");
  { Store::Open(path); }
  store::Connection db(path, false);
  CHECK(Pragma(db, "PRAGMA user_version") == kStoreSchemaVersion);
  CHECK(Pragma(db, "PRAGMA application_id") == store::kApplicationId);
  CHECK(PragmaText(db, "PRAGMA journal_mode") == "wal");
  for (const char* table : {"arguments", "versions", "files", "claims", "links", "parameters",
                            "profiles", "profile_values", "objections", "evaluations"}) {
    INFO(table);
    store::Statement found(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
    found.Bind(1, table);
    CHECK(found.Step());
  }
  // Opening again changes nothing.
  const std::string before = ReadBytes(path);
  { Store::Open(path); }
  CHECK(ReadBytes(path) == before);
}

TEST_CASE("the store turns foreign keys on", "[store]") {
  TempDir dir;
  const std::string path = dir.File("fk.db");
  { Store::Open(path); }
  store::Connection db(path, false);
  store::PrepareSchema(db, store::CurrentSchema());
  CHECK(Pragma(db, "PRAGMA foreign_keys") == 1);
  CHECK_THROWS_WITH(db.Execute("INSERT INTO versions (argument_id, version, title, conclusion, "
                               "content_hash, path, imported_at) VALUES ('nobody', 1, '', '', '', '', '')"),
                    Catch::Contains("FOREIGN KEY constraint failed"));
}

TEST_CASE("an older database is migrated forward in one transaction", "[store]") {
  TempDir dir;
  const std::string path = dir.File("old.db");
  { Store::Open(path); }
  store::Connection db(path, false);
  const store::SchemaPlan plan{kStoreSchemaVersion + 2, store::CurrentSchema().create_sql,
                               {{kStoreSchemaVersion + 1, "ALTER TABLE objections ADD COLUMN tag TEXT"},
                                {kStoreSchemaVersion + 2, "CREATE TABLE notes (id INTEGER PRIMARY KEY)"}}};
  store::PrepareSchema(db, plan);
  CHECK(Pragma(db, "PRAGMA user_version") == kStoreSchemaVersion + 2);
  CHECK(HasColumn(db, "objections", "tag"));
  CHECK(HasColumn(db, "notes", "id"));
  // Now the database is newer than this argraph: refused, untouched.
  db.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
  const std::string before = ReadBytes(path);
  CHECK(OpenError(path) ==
        "the database " + path + " was written by a newer argraph (schema version " +
            std::to_string(kStoreSchemaVersion + 2) + "; this argraph reads versions up to " +
            std::to_string(kStoreSchemaVersion) +
            "), so it is left untouched; upgrade argraph or choose another file with --db");
  CHECK(ReadBytes(path) == before);
}

TEST_CASE("a migration that fails leaves the database as it was", "[store]") {
  TempDir dir;
  const std::string path = dir.File("fail.db");
  { Store::Open(path); }
  store::Connection db(path, false);
  const store::SchemaPlan plan{kStoreSchemaVersion + 1, store::CurrentSchema().create_sql,
                               {{kStoreSchemaVersion + 1,
                                 "ALTER TABLE objections ADD COLUMN tag TEXT; "
                                 "INSERT INTO no_such_table VALUES (1)"}}};
  CHECK_THROWS_WITH(store::PrepareSchema(db, plan), Catch::Contains("no such table: no_such_table"));
  CHECK(Pragma(db, "PRAGMA user_version") == kStoreSchemaVersion);
  CHECK_FALSE(HasColumn(db, "objections", "tag"));
}

TEST_CASE("a migration with a missing step is refused", "[store]") {
  TempDir dir;
  const std::string path = dir.File("gap.db");
  { Store::Open(path); }
  store::Connection db(path, false);
  const store::SchemaPlan plan{kStoreSchemaVersion + 2, store::CurrentSchema().create_sql,
                               {{kStoreSchemaVersion + 2, "CREATE TABLE notes (id INTEGER)"}}};
  CHECK_THROWS_WITH(store::PrepareSchema(db, plan),
                    "this argraph cannot migrate the database " + path + " from schema version " +
                        std::to_string(kStoreSchemaVersion) + " (no step to version " +
                        std::to_string(kStoreSchemaVersion + 1) + "); it is left untouched");
  CHECK(Pragma(db, "PRAGMA user_version") == kStoreSchemaVersion);
}

TEST_CASE("a database of a newer schema is refused and not modified", "[store]") {
  TempDir dir;
  const std::string path = dir.File("newer.db");
  MakeDatabase(path, kStoreSchemaVersion + 1);
  {
    store::Connection db(path, false);
    db.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  const std::string before = ReadBytes(path);
  CHECK_THAT(OpenError(path), Catch::StartsWith("the database " + path + " was written by a newer argraph"));
  CHECK(ReadBytes(path) == before);
}

TEST_CASE("an SQLite database of another program is refused and not modified", "[store]") {
  TempDir dir;
  const std::string path = dir.File("other.db");
  {
    store::Connection db(path, true);
    db.Execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)");
  }
  const std::string before = ReadBytes(path);
  CHECK(OpenError(path) == path +
                               " is an SQLite database of another program, not argraph's, so argraph "
                               "leaves it untouched; choose another file with --db or $ARGRAPH_DB");
  CHECK(ReadBytes(path) == before);
}

TEST_CASE("a file that is not SQLite is refused and not modified", "[store]") {
  TempDir dir;
  const std::string path = dir.File("notes.txt");
  const std::string text = "These are my notes, not a database.\n";
  argraph::testing::WriteBytes(path, text);
  CHECK(OpenError(path) == path +
                               " is not an SQLite database, so argraph leaves it untouched; choose "
                               "another file with --db or $ARGRAPH_DB");
  CHECK(ReadBytes(path) == text);
}

TEST_CASE("a missing folder is an error unless it is the default one", "[store]") {
  TempDir dir;
  const std::string path = dir.File("no/such/folder/x.db");
  CHECK(OpenError(path) == "the folder " + dir.File("no/such/folder") + " of the database " + path +
                               " does not exist; create it or choose another file with --db");
  CHECK_FALSE(std::filesystem::exists(dir.File("no")));
  { Store::Open(path, /*create_folders=*/true); }
  CHECK(std::filesystem::exists(path));
}
