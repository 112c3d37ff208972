// The files of a version: the content hash, collecting them after a load and writing them out.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>

#include "argraph/error.h"
#include "argraph/store.h"
#include "store/store_fixtures.h"

using namespace argraph;
using argraph::testing::ReadBytes;
using argraph::testing::TempDir;
using argraph::testing::WriteBytes;

TEST_CASE("the content hash ignores the root's name and the files' order", "[store]") {
  const std::vector<StoredFile> a = {{"essay.yaml", "root", true}, {"b.yaml", "B", false}, {"a.yaml", "A", false}};
  const std::vector<StoredFile> b = {{"a.yaml", "A", false}, {"copy.yaml", "root", true}, {"b.yaml", "B", false}};
  CHECK(ContentHash(a) == ContentHash(b));
  CHECK(ContentHash(a).size() == 64);
}

TEST_CASE("the content hash changes with any text or imported path", "[store]") {
  const std::vector<StoredFile> base = {{"r.yaml", "root", true}, {"a.yaml", "A", false}};
  const std::string hash = ContentHash(base);
  CHECK(ContentHash({{"r.yaml", "root ", true}, {"a.yaml", "A", false}}) != hash);
  CHECK(ContentHash({{"r.yaml", "root", true}, {"a.yaml", "a", false}}) != hash);
  CHECK(ContentHash({{"r.yaml", "root", true}, {"b.yaml", "A", false}}) != hash);
  CHECK(ContentHash({{"r.yaml", "root", true}}) != hash);
  // Moving bytes between the path and the text must not collide.
  CHECK(ContentHash({{"r.yaml", "", true}, {"ab", "c", false}}) !=
        ContentHash({{"r.yaml", "", true}, {"a", "bc", false}}));
}

TEST_CASE("collected files are relative to the root's folder", "[store]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "sub");
  WriteBytes(dir.path() / "root.yaml", "root text");
  SourceFiles sources;
  sources.Add(dir.File("root.yaml"), "root text");
  sources.Add(dir.File("sub/../sub/b.yaml"), "B");
  sources.Add(dir.File("a.yaml"), "A");
  const auto files = CollectFiles(dir.File("root.yaml"), sources);
  REQUIRE(files.size() == 3);
  CHECK(files[0].is_root);
  CHECK(files[0].path == "root.yaml");
  CHECK(files[0].text == "root text");
  CHECK(files[1].path == "a.yaml");
  CHECK(files[2].path == "sub/b.yaml");
  CHECK(files[2].text == "B");
}

TEST_CASE("written files land beside the root and never replace a different file", "[store]") {
  TempDir dir;
  const std::vector<StoredFile> files = {{"essay.yaml", "root", true}, {"parts/a.yaml", "A", false}};
  const auto written = WriteFiles(files, dir.File("out/copy.yaml"), false);
  CHECK(written.size() == 2);
  CHECK(ReadBytes(dir.File("out/copy.yaml")) == "root");
  CHECK(ReadBytes(dir.File("out/parts/a.yaml")) == "A");
  // The same content again is fine; a different file in the way is not replaced.
  WriteFiles(files, dir.File("out/copy.yaml"), false);
  WriteBytes(dir.File("out/parts/a.yaml"), "someone's edit");
  CHECK_THROWS_WITH(WriteFiles(files, dir.File("out/copy.yaml"), false),
                    dir.File("out/parts/a.yaml") +
                        " already exists and differs from the stored file it would be replaced with; "
                        "move it away, export to another folder, or pass --force");
  CHECK(ReadBytes(dir.File("out/parts/a.yaml")) == "someone's edit");
  WriteFiles(files, dir.File("out/copy.yaml"), true);
  CHECK(ReadBytes(dir.File("out/parts/a.yaml")) == "A");
}

namespace {
// Sets (or, with nullptr, unsets) an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};
}  // namespace

TEST_CASE("the database location follows --db, $ARGRAPH_DB, $XDG_DATA_HOME, $HOME", "[store]") {
  ScopedEnv db("ARGRAPH_DB", "/tmp/env.db");
  ScopedEnv data("XDG_DATA_HOME", "/data");
  ScopedEnv home("HOME", "/home/ana");
  CHECK(ResolveStoreLocation("x.db").path == "x.db");
  CHECK_FALSE(ResolveStoreLocation("x.db").create_folders);
  CHECK(ResolveStoreLocation("").path == "/tmp/env.db");
  CHECK_FALSE(ResolveStoreLocation("").create_folders);
  {
    ScopedEnv no_db("ARGRAPH_DB", nullptr);
    CHECK(ResolveStoreLocation("").path == "/data/argraph/argraph.db");
    CHECK(ResolveStoreLocation("").create_folders);
    ScopedEnv no_data("XDG_DATA_HOME", nullptr);
    CHECK(ResolveStoreLocation("").path == "/home/ana/.local/share/argraph/argraph.db");
    CHECK(ResolveStoreLocation("").create_folders);
    ScopedEnv no_home("HOME", nullptr);
    CHECK_THROWS_AS(ResolveStoreLocation(""), Error);
  }
}
