// The store: an SQLite database (schema in schemas/store.sql, described in docs/store.md) that keeps
// the versions of each argument with the exact text of every file they were read from, people's
// profiles (named sets of parameter values) with their history, objections, and evaluations.
// Only src/store sees SQLite; this header is what the rest of argraph uses.
//
// Invariants:
//  (1) every public method that writes does so in one transaction: it happens wholly or not at all,
//      even when the process is killed;
//  (2) a database written by a newer argraph (a larger PRAGMA user_version) or by another program is
//      refused with an Error and never modified; an older one is migrated forward in a transaction;
//  (3) another argraph writing at the same time makes a writer wait, never fail with "locked";
//  (4) failures of the database (unreadable, damaged, read-only, not SQLite) throw argraph::Error
//      carrying ExitCode::kUsage, with a message that names the file and says what to do.
// Probabilities are doubles in [0,1]; weights are natural log-odds; times are UTC ISO 8601 strings.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "argraph/load.h"
#include "argraph/model.h"
#include "argraph/parameters.h"

namespace argraph {

namespace store {
class Connection;
}

/// The schema version this argraph writes (PRAGMA user_version).
inline constexpr int kStoreSchemaVersion = 1;

/// Where the database is and whether its folders may be created.
struct StoreLocation {
  std::string path;
  bool create_folders = false;  ///< true only for the default data folder, never for a named file
};

/// `db_option` (--db) when not empty, else $ARGRAPH_DB, else $XDG_DATA_HOME/argraph/argraph.db,
/// else ~/.local/share/argraph/argraph.db. Throws Error when none can be found.
StoreLocation ResolveStoreLocation(const std::string& db_option);

/// One file of an argument version, byte for byte.
struct StoredFile {
  std::string path;  ///< the root: its file name; the others: relative to the root's folder
  std::string text;
  bool is_root = false;
};

/// SHA-256 (lowercase hex) of the root's text and every other file's relative path and text, in
/// path order; the root's own name does not count, so a renamed or exported copy hashes the same.
std::string ContentHash(const std::vector<StoredFile>& files);

/// The root file and every file the loader read for it (`sources`: the texts a LoadResult holds),
/// with paths relative to the root's folder. Throws Error when a file cannot be expressed that way.
std::vector<StoredFile> CollectFiles(const std::string& root_path, const SourceFiles& sources);

/// Writes `files` with the root at `root_path` and the others at their relative paths beside it,
/// creating folders. Refuses (Error) to overwrite a different file other than the root unless
/// `overwrite`. Returns the paths written.
std::vector<std::string> WriteFiles(const std::vector<StoredFile>& files, const std::string& root_path,
                                    bool overwrite);

/// A stored argument as the analysis commands name it with --db: "ID" (its latest version) or
/// "ID@N" (version N).
struct StoredReference {
  std::string argument_id;
  std::optional<int> version;  ///< empty: the latest
};

/// Parses "ID" or "ID@N" (N a positive whole number); nullopt for anything else (an empty id, an '@'
/// without a number, "ID@0").
std::optional<StoredReference> ParseStoredReference(std::string_view text);

struct VersionInfo {
  std::string argument_id;
  int version = 0;
  std::string title;
  std::string conclusion;
  std::string content_hash;
  std::string path;         ///< the root file's absolute path when imported
  std::string imported_at;
  int claim_count = 0;
  int version_count = 0;    ///< versions of this argument in the store (ListArguments only)
};

/// What one import stores: the loaded model (without errors) and the files it was read from.
struct ImportRequest {
  const Argument* argument = nullptr;
  std::string path;               ///< the root file as the user named it
  std::vector<StoredFile> files;  ///< CollectFiles' result
};

struct ImportResult {
  VersionInfo version;  ///< the new version, or the latest one when unchanged
  bool created = false;
};

struct StoredClaim {
  std::string id;
  std::string text;
  std::string rule;
  std::optional<double> credence;
  std::string file;
  bool is_root = false;
};

struct StoredLink {
  std::string from;
  std::string to;
  std::string relation;
  std::optional<double> strength;
  std::optional<double> weight;
};

struct StoredParameter {
  std::string name;
  std::string kind;  ///< "credence", "reliability", "leak", "base", "strength", "weight", "table-row"
  std::string claim;
  double value = 0;
};

struct ProfileInfo {
  std::string argument_id;
  std::string name;
  std::string author;
  std::string description;
  std::string created_at;
  std::string updated_at;  ///< when its last value was set ("" if none)
  int parameter_count = 0;  ///< parameters it currently sets
};

struct ProfileValue {
  std::int64_t id = 0;     ///< increasing in the order values were set
  std::string parameter;
  double value = 0;
  std::string author;
  std::string note;
  std::string set_at;
};

struct ObjectionInfo {
  std::int64_t id = 0;
  std::string argument_id;
  std::string target;
  std::string author;
  std::string text;
  std::string created_at;
  std::string status;  ///< "open" or "answered"
  std::string answer;
  std::string answered_at;
};

struct EvaluationRecord {
  std::string argument_id;
  int version = 0;
  std::string profile;   ///< "" = the file's own values
  std::string target;
  std::string method;
  double credence = 0;   ///< P(target = true | evidence)
  std::string evidence;  ///< JSON object {"claim": "true"|"false", ...}
  std::string settings;  ///< JSON object {"parameter": value, ...} (--set)
  std::string evaluated_at;
};

/// An open store. Move-only; closing is automatic.
class Store {
 public:
  /// Opens the database at `path`, creating it (and, when `create_folders`, its folders) on first
  /// use and migrating an older schema. Throws Error (see invariants (2) and (4)).
  static Store Open(const std::string& path, bool create_folders = false);
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  const std::string& path() const;

  /// Stores each request as a new version of its argument unless its content hash equals that of
  /// the argument's latest version. All requests in one transaction.
  std::vector<ImportResult> Import(const std::vector<ImportRequest>& requests);

  /// The latest version of every argument, by argument id.
  std::vector<VersionInfo> ListArguments();
  /// Every version of one argument, oldest first. Throws Error when there is no such argument.
  std::vector<VersionInfo> Versions(const std::string& argument_id);
  /// One version (the latest when `version` is empty). Throws Error (with near ids) when absent.
  VersionInfo FindVersion(const std::string& argument_id, std::optional<int> version = {});
  /// The files of a version, root first.
  std::vector<StoredFile> Files(const VersionInfo& version);
  std::vector<StoredClaim> Claims(const VersionInfo& version);
  std::vector<StoredLink> Links(const VersionInfo& version);
  std::vector<StoredParameter> Parameters(const VersionInfo& version);
  /// Loads a stored version as the loader would load its exported files (they are written to a
  /// temporary folder, read, and removed). The argument's path is the version's original path, and
  /// every location, diagnostic and source text is named by the file's original place beside it.
  LoadResult Load(const VersionInfo& version);

  /// Sets parameter values of a profile of an argument, creating the profile when new (with
  /// `author` and `description`; a non-empty `description` replaces an older one). Values are not
  /// checked here: callers check names and ranges against the argument first.
  void SetProfileValues(const std::string& argument_id, const std::string& profile,
                        const std::vector<std::pair<std::string, double>>& values,
                        const std::string& author, const std::string& note,
                        const std::string& description = "");
  std::vector<ProfileInfo> Profiles(const std::string& argument_id);
  /// A profile's current values (the latest per parameter), in parameter order of first setting.
  /// Throws Error (with near names) when the profile does not exist.
  std::vector<ProfileValue> ProfileValues(const std::string& argument_id, const std::string& profile);
  /// Whether the profile exists.
  bool HasProfile(const std::string& argument_id, const std::string& profile);
  /// Every value ever set, oldest first; only `parameter`'s when given.
  std::vector<ProfileValue> ProfileHistory(const std::string& argument_id, const std::string& profile,
                                           const std::string& parameter = "");

  /// Records an objection and returns its number.
  std::int64_t AddObjection(const std::string& argument_id, const std::string& target,
                            const std::string& author, const std::string& text);
  std::vector<ObjectionInfo> Objections(const std::string& argument_id, bool open_only);
  /// Answers objection `id` (replacing an earlier answer). Throws Error when there is none.
  ObjectionInfo AnswerObjection(std::int64_t id, const std::string& answer);

  /// Appends an evaluation of `version`.
  void RecordEvaluation(const VersionInfo& version, const EvaluationRecord& record);
  /// The evaluations of an argument (all versions), oldest first.
  std::vector<EvaluationRecord> Evaluations(const std::string& argument_id);

 private:
  explicit Store(std::unique_ptr<store::Connection> connection);
  std::unique_ptr<store::Connection> connection_;
};

}  // namespace argraph
