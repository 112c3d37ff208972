// Creating, checking and migrating the store's schema (schema.h).
#include "store/schema.h"

#include <fmt/format.h>

#include <string>

#include "argraph/error.h"
#include "argraph/store.h"

namespace argraph::store {
namespace {

constexpr const char* kCreateSql =
#include "store_schema.inc"
    ;

std::int64_t ReadPragma(Connection& connection, const char* sql) {
  Statement statement(connection, sql);
  return statement.Step() ? statement.Int(0) : 0;
}

struct Header {
  std::int64_t version = 0;
  std::int64_t application_id = 0;
  std::int64_t objects = 0;  ///< tables, indexes, views, triggers
};

Header ReadHeader(Connection& connection) {
  Header header;
  header.version = ReadPragma(connection, "PRAGMA user_version");
  header.application_id = ReadPragma(connection, "PRAGMA application_id");
  header.objects = ReadPragma(connection, "SELECT count(*) FROM sqlite_schema");
  return header;
}

// Throws, before anything is written, unless `header` is an argraph database `plan` can handle.
void CheckHeader(const Connection& connection, const Header& header, const SchemaPlan& plan) {
  const bool empty = header.objects == 0 && header.version == 0 && header.application_id == 0;
  if (empty) return;
  if (header.application_id != kApplicationId) {
    throw Error(fmt::format("{} is an SQLite database of another program, not argraph's, so argraph "
                            "leaves it untouched; choose another file with --db or $ARGRAPH_DB",
                            connection.path()));
  }
  if (header.version > plan.version) {
    throw Error(fmt::format("the database {} was written by a newer argraph (schema version {}; this "
                            "argraph reads versions up to {}), so it is left untouched; upgrade "
                            "argraph or choose another file with --db",
                            connection.path(), header.version, plan.version));
  }
  if (header.version < 1) {
    throw Error(fmt::format("the database {} has argraph's mark but no schema version; it is left "
                            "untouched; choose another file with --db",
                            connection.path()));
  }
}

}  // namespace

const SchemaPlan& CurrentSchema() {
  // Version 1 is the first schema: there is nothing to migrate from yet. A new version appends
  // {N, "ALTER TABLE ..."} here and updates schemas/store.sql to the full schema N.
  static const SchemaPlan plan{kStoreSchemaVersion, kCreateSql, {}};
  return plan;
}

void PrepareSchema(Connection& connection, const SchemaPlan& plan) {
  CheckHeader(connection, ReadHeader(connection), plan);
  // From here the database is argraph's (or empty) and not newer: it may be written.
  {
    Statement wal(connection, "PRAGMA journal_mode = WAL");
    wal.Step();
  }
  connection.Execute("PRAGMA foreign_keys = ON");
  if (ReadPragma(connection, "PRAGMA user_version") == plan.version) return;

  Transaction transaction(connection);
  const Header header = ReadHeader(connection);  // another process may have migrated meanwhile
  CheckHeader(connection, header, plan);
  if (header.version == plan.version) return;  // rolls back the empty transaction
  if (header.version == 0) {
    connection.Execute(plan.create_sql);
  } else {
    for (int to = static_cast<int>(header.version) + 1; to <= plan.version; ++to) {
      bool found = false;
      for (const Migration& migration : plan.migrations) found = found || migration.to_version == to;
      if (!found) {
        throw Error(fmt::format("this argraph cannot migrate the database {} from schema version {} "
                                "(no step to version {}); it is left untouched",
                                connection.path(), header.version, to));
      }
    }
    for (const Migration& migration : plan.migrations) {
      if (migration.to_version > header.version && migration.to_version <= plan.version) {
        connection.Execute(migration.sql);
      }
    }
  }
  // Integers of the program, not user text: formatting them into the pragma is safe.
  connection.Execute(fmt::format("PRAGMA application_id = {}", kApplicationId).c_str());
  connection.Execute(fmt::format("PRAGMA user_version = {}", plan.version).c_str());
  transaction.Commit();
}

}  // namespace argraph::store
