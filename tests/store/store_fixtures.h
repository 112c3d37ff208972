// Fixtures of the store's tests: a private temporary folder per test (no test shares a database
// file), arguments built in code (so the store is tested without the loader), and reading a file's
// bytes to prove that a refused database was not modified.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "argraph/model.h"
#include "argraph/store.h"

namespace argraph::testing {

/// A fresh folder under $TMPDIR, removed with everything in it when the object dies.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "argraph-store-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code error;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, error);
    std::filesystem::remove_all(path_, error);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// The bytes of a file ("" when it does not exist).
inline std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void WriteBytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

/// An argument "ID" with `roots` root claims r0, r1, ... (credence 0.5 + i/(4 roots)) and a
/// conclusion "goal" that all of them support with strength 0.9. `salt` goes into every claim's text.
inline Argument MakeArgument(const std::string& id, int roots, const std::string& salt = "") {
  Argument argument;
  argument.format = "argraph/1";
  argument.id = id;
  argument.title = "Generated argument " + id;
  argument.path = id + ".yaml";
  argument.conclusion = "goal";
  Claim goal;
  goal.id = "goal";
  goal.text = "The conclusion " + salt;
  goal.rule = Rule::kAll;
  goal.reliability = 0.95;
  for (int i = 0; i < roots; ++i) {
    Claim root;
    root.id = "r" + std::to_string(i);
    root.text = "Root claim " + std::to_string(i) + " " + salt;
    root.credence = 0.5 + i / (4.0 * roots);
    argument.claims.push_back(root);
    Link link;
    link.from = root.id;
    link.strength = 0.9;
    goal.from.push_back(link);
  }
  argument.claims.push_back(goal);
  return argument;
}

/// A request for storing `argument` as if read from a single file NAME with text TEXT.
inline ImportRequest MakeRequest(const Argument& argument, const std::string& name,
                                 const std::string& text) {
  ImportRequest request;
  request.argument = &argument;
  request.path = name;
  request.files.push_back({std::filesystem::path(name).filename().string(), text, true});
  return request;
}

}  // namespace argraph::testing
