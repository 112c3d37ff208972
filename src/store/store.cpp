// Opening the store and its argument versions: import, list, look-up (store.h). Profiles,
// objections and evaluations are in store_notes.cpp.
#include "argraph/store.h"

#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <fstream>

#include "argraph/error.h"
#include "store/schema.h"
#include "store/sqlite.h"
#include "store/store_internal.h"

namespace argraph {
namespace fs = std::filesystem;
namespace {

// Refuses, before SQLite touches it, a file that is not an SQLite database (SQLite would only say
// "file is not a database" on first use, and must never be let near writing it).
void CheckIsSqliteFile(const fs::path& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    throw Error(fmt::format("{} is a folder; name a database file with --db", path.string()));
  }
  const auto size = fs::file_size(path, error);
  if (error || size == 0) return;  // unreadable: SQLite's open says why; empty: a new database
  std::ifstream in(path, std::ios::binary);
  std::array<char, 16> header{};
  in.read(header.data(), header.size());
  static const char kMagic[] = "SQLite format 3";  // 15 characters and the terminating NUL
  if (!in || !std::equal(header.begin(), header.end(), kMagic)) {
    store::ThrowNotSqlite(path.string());
  }
}

const char* KindName(ParameterKind kind) {
  switch (kind) {
    case ParameterKind::kCredence: return "credence";
    case ParameterKind::kReliability: return "reliability";
    case ParameterKind::kLeak: return "leak";
    case ParameterKind::kBase: return "base";
    case ParameterKind::kStrength: return "strength";
    case ParameterKind::kWeight: return "weight";
    case ParameterKind::kTableRow: return "table-row";
  }
  return "credence";
}

constexpr const char* kVersionColumns =
    "v.argument_id, v.version, v.title, v.conclusion, v.content_hash, v.path, v.imported_at, "
    "(SELECT count(*) FROM claims c WHERE c.version_id = v.id), "
    "(SELECT count(*) FROM versions w WHERE w.argument_id = v.argument_id), v.id";

VersionInfo ReadVersion(const store::Statement& row) {
  VersionInfo info;
  info.argument_id = row.Text(0);
  info.version = static_cast<int>(row.Int(1));
  info.title = row.Text(2);
  info.conclusion = row.Text(3);
  info.content_hash = row.Text(4);
  info.path = row.Text(5);
  info.imported_at = row.Text(6);
  info.claim_count = static_cast<int>(row.Int(7));
  info.version_count = static_cast<int>(row.Int(8));
  return info;
}

// Inserts one version's rows; returns its row id.
std::int64_t InsertVersion(store::Connection& db, const ImportRequest& request, int version,
                           const std::string& hash, const std::string& now) {
  const Argument& argument = *request.argument;
  store::Statement(db, "INSERT OR IGNORE INTO arguments (id, created_at) VALUES (?1, ?2)")
      .Bind(1, argument.id)
      .Bind(2, now)
      .Run();
  store::Statement insert(db,
                          "INSERT INTO versions (argument_id, version, title, conclusion, content_hash, "
                          "path, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id");
  insert.Bind(1, argument.id).Bind(2, version).Bind(3, argument.title).Bind(4, argument.conclusion);
  insert.Bind(5, hash).Bind(6, fs::absolute(request.path).lexically_normal().string()).Bind(7, now);
  insert.Step();
  const std::int64_t id = insert.Int(0);
  insert.Run();

  store::Statement file(db, "INSERT INTO files (version_id, path, is_root, text) VALUES (?1, ?2, ?3, ?4)");
  for (const StoredFile& f : request.files) {
    file.Bind(1, id).Bind(2, f.path).Bind(3, f.is_root ? 1 : 0).Bind(4, f.text).Run();
    file.Reset();
  }

  const fs::path folder = fs::absolute(request.path).lexically_normal().parent_path();
  auto relative_file = [&](const std::string& path) {
    if (path.empty()) return std::string();
    std::error_code error;
    fs::path canonical = fs::weakly_canonical(fs::absolute(path), error);
    if (error) canonical = fs::absolute(path).lexically_normal();
    fs::path canonical_folder = fs::weakly_canonical(folder, error);
    if (error) canonical_folder = folder;
    return canonical.lexically_relative(canonical_folder).generic_string();
  };
  store::Statement claim(
      db,
      "INSERT INTO claims (version_id, claim, position, text, source, quote, rule, credence, "
      "interval_low, interval_high, reliability, leak, base, import_alias, file, line, is_root, "
      "is_conclusion) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
      "?17, ?18)");
  for (size_t i = 0; i < argument.claims.size(); ++i) {
    const Claim& c = argument.claims[i];
    claim.Bind(1, id).Bind(2, c.id).Bind(3, static_cast<std::int64_t>(i)).Bind(4, c.text);
    claim.Bind(5, c.source).Bind(6, c.quote).Bind(7, RuleName(c.rule)).Bind(8, c.credence);
    if (c.interval) {
      claim.Bind(9, c.interval->first).Bind(10, c.interval->second);
    } else {
      claim.BindNull(9).BindNull(10);
    }
    claim.Bind(11, c.reliability).Bind(12, c.leak).Bind(13, c.base).Bind(14, c.import_alias);
    claim.Bind(15, relative_file(c.file)).Bind(16, c.location.line).Bind(17, c.IsRoot() ? 1 : 0);
    claim.Bind(18, c.id == argument.conclusion ? 1 : 0).Run();
    claim.Reset();
  }

  store::Statement link(db,
                        "INSERT INTO links (version_id, to_claim, position, from_claim, relation, "
                        "strength, weight, lr, link) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  for (const Claim& c : argument.claims) {
    for (size_t i = 0; i < c.from.size(); ++i) {
      const Link& l = c.from[i];
      link.Bind(1, id).Bind(2, c.id).Bind(3, static_cast<std::int64_t>(i)).Bind(4, l.from);
      link.Bind(5, RelationName(l.relation)).Bind(6, l.strength).Bind(7, l.weight).Bind(8, l.lr);
      if (l.link.empty()) {
        link.BindNull(9);
      } else {
        link.Bind(9, l.link);
      }
      link.Run();
      link.Reset();
    }
  }

  store::Statement parameter(db,
                             "INSERT INTO parameters (version_id, name, kind, claim, value, position) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  const std::vector<Parameter> parameters = ListParameters(argument);
  for (size_t i = 0; i < parameters.size(); ++i) {
    const Parameter& p = parameters[i];
    parameter.Bind(1, id).Bind(2, p.name).Bind(3, KindName(p.kind)).Bind(4, p.claim).Bind(5, p.value);
    parameter.Bind(6, static_cast<std::int64_t>(i)).Run();
    parameter.Reset();
  }
  return id;
}

}  // namespace

namespace store {

std::string NowUtc() {
  const auto now = std::chrono::system_clock::now();
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900, utc.tm_mon + 1,
                     utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
}

std::int64_t VersionRowId(Connection& db, const VersionInfo& version) {
  Statement row(db, "SELECT id FROM versions WHERE argument_id = ?1 AND version = ?2");
  row.Bind(1, version.argument_id).Bind(2, version.version);
  if (!row.Step()) {
    throw Error(fmt::format("argument '{}' has no version {} in {}", version.argument_id,
                            version.version, db.path()));
  }
  return row.Int(0);
}

void RequireArgument(Connection& db, const std::string& argument_id) {
  Statement found(db, "SELECT 1 FROM arguments WHERE id = ?1");
  found.Bind(1, argument_id);
  if (found.Step()) return;
  std::vector<std::string> ids;
  Statement all(db, "SELECT id FROM arguments ORDER BY id");
  while (all.Step()) ids.push_back(all.Text(0));
  throw Error(fmt::format("there is no argument '{}' in {}{} (`argraph db list` shows what it holds, "
                          "`argraph db import FILE` adds one)",
                          argument_id, db.path(), DidYouMean(argument_id, ids)));
}

}  // namespace store

Store::Store(std::unique_ptr<store::Connection> connection) : connection_(std::move(connection)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const std::string& Store::path() const { return connection_->path(); }

Store Store::Open(const std::string& path, bool create_folders) {
  if (path.empty()) throw Error("the database path is empty; name a file with --db");
  const fs::path file(path);
  std::error_code error;
  if (fs::exists(file, error)) {
    CheckIsSqliteFile(file);
  } else {
    const fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
    if (!fs::is_directory(folder, error)) {
      if (!create_folders) {
        throw Error(fmt::format("the folder {} of the database {} does not exist; create it or "
                                "choose another file with --db",
                                folder.string(), path));
      }
      fs::create_directories(folder, error);
      if (error) {
        throw Error(fmt::format("cannot create the folder {} for the database: {}; choose a file "
                                "with --db",
                                folder.string(), error.message()));
      }
    }
  }
  auto connection = std::make_unique<store::Connection>(path, true);
  store::PrepareSchema(*connection, store::CurrentSchema());
  return Store(std::move(connection));
}

std::vector<ImportResult> Store::Import(const std::vector<ImportRequest>& requests) {
  store::Connection& db = *connection_;
  const std::string now = store::NowUtc();
  std::vector<ImportResult> results;
  store::Transaction transaction(db);
  for (const ImportRequest& request : requests) {
    const std::string hash = ContentHash(request.files);
    const std::string& id = request.argument->id;
    int latest = 0;
    std::string latest_hash;
    {
      store::Statement last(db,
                            "SELECT version, content_hash FROM versions WHERE argument_id = ?1 "
                            "ORDER BY version DESC LIMIT 1");
      last.Bind(1, id);
      if (last.Step()) {
        latest = static_cast<int>(last.Int(0));
        latest_hash = last.Text(1);
      }
    }
    ImportResult result;
    result.created = latest == 0 || latest_hash != hash;
    if (result.created) InsertVersion(db, request, latest + 1, hash, now);
    result.version = FindVersion(id, result.created ? latest + 1 : latest);
    results.push_back(std::move(result));
  }
  transaction.Commit();
  return results;
}

std::vector<VersionInfo> Store::ListArguments() {
  store::Statement rows(*connection_, std::string("SELECT ") + kVersionColumns +
                                          " FROM latest_versions v ORDER BY v.argument_id");
  std::vector<VersionInfo> out;
  while (rows.Step()) out.push_back(ReadVersion(rows));
  return out;
}

std::vector<VersionInfo> Store::Versions(const std::string& argument_id) {
  store::RequireArgument(*connection_, argument_id);
  store::Statement rows(*connection_, std::string("SELECT ") + kVersionColumns +
                                          " FROM versions v WHERE v.argument_id = ?1 ORDER BY v.version");
  rows.Bind(1, argument_id);
  std::vector<VersionInfo> out;
  while (rows.Step()) out.push_back(ReadVersion(rows));
  return out;
}

std::optional<StoredReference> ParseStoredReference(std::string_view text) {
  const size_t at = text.rfind('@');
  StoredReference out;
  out.argument_id = std::string(text.substr(0, at));
  if (out.argument_id.empty()) return std::nullopt;
  if (at == std::string_view::npos) return out;
  const std::string_view digits = text.substr(at + 1);
  if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  const int version = std::stoi(std::string(digits));
  if (version <= 0) return std::nullopt;
  out.version = version;
  return out;
}

VersionInfo Store::FindVersion(const std::string& argument_id, std::optional<int> version) {
  store::RequireArgument(*connection_, argument_id);
  store::Statement row(*connection_,
                       std::string("SELECT ") + kVersionColumns +
                           " FROM versions v WHERE v.argument_id = ?1 AND (?2 IS NULL OR v.version = ?2)"
                           " ORDER BY v.version DESC LIMIT 1");
  row.Bind(1, argument_id);
  if (version) {
    row.Bind(2, *version);
  } else {
    row.BindNull(2);
  }
  if (!row.Step()) {
    const auto versions = Versions(argument_id);
    throw Error(fmt::format("argument '{}' has no version {}; it has versions 1 to {}", argument_id,
                            version.value_or(0), versions.empty() ? 0 : versions.back().version));
  }
  return ReadVersion(row);
}

namespace {

// Runs `sql`, whose ?1 is a version's row id, and turns every row into a value with `read`.
template <typename Read>
auto VersionRows(store::Connection& db, const VersionInfo& version, const char* sql, Read read) {
  store::Statement rows(db, sql);
  rows.Bind(1, store::VersionRowId(db, version));
  std::vector<decltype(read(rows))> out;
  while (rows.Step()) out.push_back(read(rows));
  return out;
}

}  // namespace

std::vector<StoredFile> Store::Files(const VersionInfo& version) {
  return VersionRows(*connection_, version,
                     "SELECT path, text, is_root FROM files WHERE version_id = ?1 "
                     "ORDER BY is_root DESC, path",
                     [](const store::Statement& row) {
                       return StoredFile{row.Text(0), row.Text(1), row.Int(2) != 0};
                     });
}

std::vector<StoredClaim> Store::Claims(const VersionInfo& version) {
  return VersionRows(*connection_, version,
                     "SELECT claim, text, rule, credence, file, is_root FROM claims "
                     "WHERE version_id = ?1 ORDER BY position",
                     [](const store::Statement& row) {
                       return StoredClaim{row.Text(0), row.Text(1), row.Text(2), row.OptionalReal(3),
                                          row.Text(4), row.Int(5) != 0};
                     });
}

std::vector<StoredLink> Store::Links(const VersionInfo& version) {
  return VersionRows(*connection_, version,
                     "SELECT l.from_claim, l.to_claim, l.relation, l.strength, l.weight FROM links l "
                     "JOIN claims c ON c.version_id = l.version_id AND c.claim = l.to_claim "
                     "WHERE l.version_id = ?1 ORDER BY c.position, l.position",
                     [](const store::Statement& row) {
                       return StoredLink{row.Text(0), row.Text(1), row.Text(2), row.OptionalReal(3),
                                         row.OptionalReal(4)};
                     });
}

std::vector<StoredParameter> Store::Parameters(const VersionInfo& version) {
  return VersionRows(*connection_, version,
                     "SELECT name, kind, claim, value FROM parameters WHERE version_id = ?1 "
                     "ORDER BY position",
                     [](const store::Statement& row) {
                       return StoredParameter{row.Text(0), row.Text(1), row.Text(2), row.Real(3)};
                     });
}

}  // namespace argraph
