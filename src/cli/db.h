// The `argraph db ...` commands (the store, docs/store.md), split by subject over src/cli/db*.cpp.
// This header is what those files share: the options every db command has, opening the store, and
// printing rows as a table, JSON or CSV.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "argraph/store.h"
#include "cli/output.h"

namespace argraph::cli {

/// --db and --format, which every db subcommand takes.
struct DbOptions {
  std::string db;
  std::string format = "text";
};

/// Adds --db and --format to `command`, storing them in `options`.
void AddDbOptions(CLI::App& command, DbOptions& options);

/// Opens the store that `options` names (--db, else the default location). Throws Error.
Store OpenStore(const DbOptions& options);

/// A column of a printed table: the key of the row objects, and its heading in text and CSV.
struct Column {
  std::string key;
  std::string heading;
  size_t max_width = 0;  ///< text only: longer cells are cut with "..." (0 = never)
};

/// Prints `rows` (an array of JSON objects): an aligned table (text), a header and one line per row
/// (CSV, RFC 4180 quoting), or the array itself (JSON). Numbers print with up to 6 significant
/// digits in text and CSV; null prints as an empty cell.
void PrintRows(const nlohmann::json& rows, const std::vector<Column>& columns, OutputFormat format,
               std::ostream& out);

/// The text of one JSON value as a table cell.
std::string CellText(const nlohmann::json& value);

void AddDbVersionCommands(CLI::App& db, int& exit_code);    ///< import, list, show, export
void AddDbDiffCommand(CLI::App& db, int& exit_code);        ///< diff
void AddDbProfileCommands(CLI::App& db, int& exit_code);    ///< profile set|list|history
void AddDbObjectionCommands(CLI::App& db, int& exit_code);  ///< objection add|list|answer
void AddDbEvaluationsCommand(CLI::App& db, int& exit_code); ///< evaluations

}  // namespace argraph::cli
