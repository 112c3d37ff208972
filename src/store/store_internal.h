// Helpers shared by the files of src/store that implement Store (store.h). Private to src/store.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "argraph/store.h"
#include "store/sqlite.h"

namespace argraph::store {

/// The current time, UTC, ISO 8601 with milliseconds: "2026-11-27T18:03:12.345Z".
std::string NowUtc();
/// The row id of a version. Throws Error when it is not in the database.
std::int64_t VersionRowId(Connection& db, const VersionInfo& version);
/// Throws Error (with near ids) unless the argument has been imported.
void RequireArgument(Connection& db, const std::string& argument_id);

}  // namespace argraph::store
