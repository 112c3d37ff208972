// `argraph db ...`: registers the store's commands, and the helpers they share (db.h): --db and
// --format, opening the store, and printing rows as text, JSON or CSV.
#include "cli/db.h"

#include <fmt/format.h>

#include <algorithm>

#include "cli/commands.h"

namespace argraph::cli {

void AddDbOptions(CLI::App& command, DbOptions& options) {
  command.add_option("--db", options.db,
                     "The database file (default: $ARGRAPH_DB, else "
                     "$XDG_DATA_HOME/argraph/argraph.db, else ~/.local/share/argraph/argraph.db)");
  command.add_option("--format", options.format, "Output: text (a table), json or csv")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
}

Store OpenStore(const DbOptions& options) {
  const StoreLocation location = ResolveStoreLocation(options.db);
  return Store::Open(location.path, location.create_folders);
}

std::string CellText(const nlohmann::json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_number()) return fmt::format("{:.6g}", value.get<double>());
  return value.dump();
}

namespace {

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

// The number of characters (UTF-8 code points) of `text`, for aligning columns.
size_t Width(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  }));
}

std::string Cut(const std::string& text, size_t max_width) {
  std::string flat = text;
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  if (max_width == 0 || Width(flat) <= max_width) return flat;
  std::string cut;
  size_t width = 0;
  for (char c : flat) {
    const bool starts = (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    if (starts && ++width > max_width - 3) break;
    cut += c;
  }
  return cut + "...";
}

}  // namespace

void PrintRows(const nlohmann::json& rows, const std::vector<Column>& columns, OutputFormat format,
               std::ostream& out) {
  if (format == OutputFormat::kJson) {
    WriteJson(rows, out);
    return;
  }
  std::vector<std::vector<std::string>> cells;
  for (const nlohmann::json& row : rows) {
    std::vector<std::string> line;
    for (const Column& column : columns) {
      const std::string text = row.contains(column.key) ? CellText(row[column.key]) : "";
      line.push_back(format == OutputFormat::kText ? Cut(text, column.max_width) : text);
    }
    cells.push_back(std::move(line));
  }
  if (format == OutputFormat::kCsv) {
    for (size_t i = 0; i < columns.size(); ++i) out << (i ? "," : "") << CsvField(columns[i].heading);
    out << '\n';
    for (const auto& line : cells) {
      for (size_t i = 0; i < line.size(); ++i) out << (i ? "," : "") << CsvField(line[i]);
      out << '\n';
    }
    return;
  }
  std::vector<size_t> widths;
  for (const Column& column : columns) widths.push_back(Width(column.heading));
  for (const auto& line : cells) {
    for (size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], Width(line[i]));
  }
  auto print_line = [&](const std::vector<std::string>& line) {
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      if (i) text += "  ";
      text += line[i];
      if (i + 1 < line.size()) text += std::string(widths[i] - Width(line[i]), ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << '\n';
  };
  std::vector<std::string> headings;
  for (const Column& column : columns) headings.push_back(column.heading);
  print_line(headings);
  for (const auto& line : cells) print_line(line);
}

void AddDbCommand(CLI::App& app, int& exit_code) {
  CLI::App* db = app.add_subcommand(
      "db", "Keep arguments, people's credences, objections and evaluations in a database");
  db->require_subcommand(1);
  AddDbVersionCommands(*db, exit_code);
  AddDbDiffCommand(*db, exit_code);
  AddDbProfileCommands(*db, exit_code);
  AddDbObjectionCommands(*db, exit_code);
  AddDbEvaluationsCommand(*db, exit_code);
}

}  // namespace argraph::cli
