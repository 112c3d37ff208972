// The store's schema and its versions: creating a new database from schemas/store.sql, migrating an
// older one forward, and refusing, untouched, one that argraph did not write or that a newer argraph
// wrote. Private to src/store.
//
// Invariants: a database's PRAGMA user_version is the schema version it holds and its
// application_id is kApplicationId (or 0 while it is empty); both change only in the transaction
// that changes the schema, so a database is never left half-migrated.
#pragma once

#include <vector>

#include "store/sqlite.h"

namespace argraph::store {

/// PRAGMA application_id of argraph databases: 'ARGR'.
inline constexpr int kApplicationId = 0x41524752;

/// One forward step: the SQL that takes a database from version to_version - 1 to to_version.
struct Migration {
  int to_version = 0;
  const char* sql = nullptr;
};

/// What PrepareSchema brings a database to: `create_sql` builds version `version` from nothing;
/// `migrations` (ascending) lead older versions up to it.
struct SchemaPlan {
  int version = 0;
  const char* create_sql = nullptr;
  std::vector<Migration> migrations;
};

/// The plan of this argraph: schemas/store.sql at kStoreSchemaVersion, and every migration.
const SchemaPlan& CurrentSchema();

/// Checks that `connection` is an argraph database no newer than `plan` (throwing Error, without
/// writing anything, when not), turns on WAL and foreign keys, then creates or migrates the schema
/// in one transaction.
void PrepareSchema(Connection& connection, const SchemaPlan& plan);

}  // namespace argraph::store
