// `argraph db` against a hostile environment, through the built executable: a read-only or missing
// folder, a damaged database, a file that is not SQLite, a database of a newer schema. Each gives a
// clear message and exit code 2, and the file's bytes are the same afterwards.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "argraph/store.h"
#include "store/cli_runner.h"
#include "store/sqlite.h"
#include "store/store_fixtures.h"

using namespace argraph;
using argraph::testing::MakeArgument;
using argraph::testing::MakeRequest;
using argraph::testing::ReadBytes;
using argraph::testing::RunArgraph;
using argraph::testing::TempDir;
using argraph::testing::WriteBytes;

namespace {

constexpr int kNobody = 65534;

// A database at `path` holding one argument, checkpointed so that the main file holds everything.
void MakeStore(const std::string& path) {
  {
    Store store = Store::Open(path);
    const Argument argument = MakeArgument("bridge", 3);
    store.Import({MakeRequest(argument, "bridge.yaml", "text")});
    store.SetProfileValues("bridge", "ana", {{"r0", 0.3}}, "Ana", "");
  }
  store::Connection db(path, false);
  db.Execute("PRAGMA journal_mode = DELETE");  // folds the WAL in and removes it
}

// Makes `folder` read-only for whoever runs argraph: as root, argraph runs as nobody (root may write
// anywhere); otherwise the folder loses its write permission. Returns the uid to run as.
int MakeReadOnly(const TempDir& dir, const std::filesystem::path& folder) {
  chmod(dir.path().c_str(), 0755);
  if (geteuid() == 0) {
    chmod(folder.c_str(), 0755);  // owned by root: nobody may read it, not write
    return kNobody;
  }
  chmod(folder.c_str(), 0555);
  return -1;
}

}  // namespace

TEST_CASE("db: a missing folder is a clear error", "[store][cli]") {
  TempDir dir;
  const std::string path = dir.File("missing/argraph.db");
  const auto result = RunArgraph(dir, {"db", "list", "--db", path});
  CHECK(result.code == 2);
  CHECK(result.err == "argraph: error: the folder " + dir.File("missing") + " of the database " + path +
                          " does not exist; create it or choose another file with --db\n");
  CHECK_FALSE(std::filesystem::exists(dir.File("missing")));
}

TEST_CASE("db: the default folder is created", "[store][cli]") {
  TempDir dir;
  const auto result = RunArgraph(dir, {"db", "list"}, {{"XDG_DATA_HOME", dir.File("data")}});
  CHECK(result.code == 0);
  CHECK(std::filesystem::exists(dir.File("data/argraph/argraph.db")));
  const auto by_env = RunArgraph(dir, {"db", "list"}, {{"ARGRAPH_DB", dir.File("env.db")}});
  CHECK(by_env.code == 0);
  CHECK(std::filesystem::exists(dir.File("env.db")));
}

TEST_CASE("db: a read-only folder is a clear error and nothing changes", "[store][cli]") {
  TempDir dir;
  const std::filesystem::path folder = dir.path() / "ro";
  std::filesystem::create_directory(folder);
  const std::string existing = (folder / "team.db").string();
  MakeStore(existing);
  const std::string before = ReadBytes(existing);
  const int uid = MakeReadOnly(dir, folder);
  chmod(existing.c_str(), 0644);

  const auto fresh = RunArgraph(dir, {"db", "list", "--db", (folder / "new.db").string()}, {}, uid);
  CHECK(fresh.code == 2);
  CHECK_THAT(fresh.err, Catch::StartsWith("argraph: error: cannot open the database " +
                                          (folder / "new.db").string()));
  CHECK_FALSE(std::filesystem::exists(folder / "new.db"));

  const auto write = RunArgraph(dir, {"db", "objection", "add", "bridge", "r0", "--text", "No.",
                                      "--author", "Ben", "--db", existing},
                                {}, uid);
  CHECK(write.code == 2);
  CHECK_THAT(write.err, Catch::StartsWith("argraph: error: ") && Catch::Contains(existing));
  CHECK(ReadBytes(existing) == before);
}

TEST_CASE("db: a damaged database is a clear error and is left as it is", "[store][cli]") {
  TempDir dir;
  const std::string path = dir.File("damaged.db");
  MakeStore(path);
  std::string bytes = ReadBytes(path);
  REQUIRE(bytes.size() > 8192);
  // Keep page 1 (the header and the schema), wreck every other page.
  for (size_t i = 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>(0xA5 ^ (i * 131));
  WriteBytes(path, bytes);
  const auto result = RunArgraph(dir, {"db", "list", "--db", path});
  CHECK(result.code == 2);
  CHECK_THAT(result.err, Catch::StartsWith("argraph: error: the database " + path + " is damaged (") &&
                             Catch::EndsWith(") and argraph leaves it as it is; restore it from a "
                                             "backup or choose another file with --db\n"));
  CHECK(ReadBytes(path) == bytes);
}

TEST_CASE("db: a file that is not SQLite is refused and left as it is", "[store][cli]") {
  TempDir dir;
  const std::string path = dir.File("notes.db");
  const std::string text = "format: argraph/1\nid: not-a-database\n";
  WriteBytes(path, text);
  const auto result = RunArgraph(dir, {"db", "list", "--db", path});
  CHECK(result.code == 2);
  CHECK(result.err == "argraph: error: " + path +
                          " is not an SQLite database, so argraph leaves it untouched; choose another "
                          "file with --db or $ARGRAPH_DB\n");
  CHECK(ReadBytes(path) == text);
}

TEST_CASE("db: a database of a newer schema is refused and left as it is", "[store][cli]") {
  TempDir dir;
  const std::string path = dir.File("newer.db");
  MakeStore(path);
  {
    store::Connection db(path, false);
    db.Execute("PRAGMA user_version = 7");
  }
  const std::string before = ReadBytes(path);
  const auto result = RunArgraph(dir, {"db", "profile", "set", "bridge", "ana", "r0=0.4", "--db", path});
  CHECK(result.code == 2);
  CHECK(result.err == "argraph: error: the database " + path +
                          " was written by a newer argraph (schema version 7; this argraph reads "
                          "versions up to 1), so it is left untouched; upgrade argraph or choose "
                          "another file with --db\n");
  CHECK(ReadBytes(path) == before);
  CHECK_FALSE(std::filesystem::exists(path + "-wal"));
}
