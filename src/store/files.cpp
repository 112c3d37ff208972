// The files of an argument version: collecting them after a load, hashing them, and writing them
// back out (export). Invariant: the content hash depends only on the bytes of the files and on the
// other files' paths relative to the root, so an exported copy hashes as the original did.
#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "argraph/error.h"
#include "argraph/store.h"
#include "store/sha256.h"

namespace argraph {
namespace fs = std::filesystem;
namespace {

std::string ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("cannot read {}: {}", path.string(), std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path Canonical(const std::string& path) {
  std::error_code error;
  fs::path canonical = fs::weakly_canonical(fs::absolute(path), error);
  return error ? fs::absolute(path).lexically_normal() : canonical;
}

void HashField(store::Sha256& hash, std::string_view field) {
  hash.Update(std::to_string(field.size()));
  hash.Update(std::string_view(":", 1));
  hash.Update(field);
}

/// Renames the paths of a LoadResult read under the temporary folder `from` (the root file's folder
/// there) to the same relative places under `to` (the root file's folder when it was imported), so
/// that diagnostics and locations name the user's files and sources' `file:` texts resolve beside them.
class Relocation {
 public:
  Relocation(fs::path temporary, fs::path from, fs::path to)
      : temporary_(std::move(temporary)), from_(std::move(from)), to_(std::move(to)) {}

  void operator()(std::string& path) const {
    const fs::path p = fs::path(path).lexically_normal();
    const fs::path inside = p.lexically_relative(temporary_);
    if (inside.empty() || *inside.begin() == "..") return;
    path = (to_ / p.lexically_relative(from_)).lexically_normal().string();
  }
  void operator()(SourceLocation& location) const { (*this)(location.file); }

  void Apply(LoadResult& result) const {
    Argument& a = result.argument;
    for (Claim& claim : a.claims) {
      (*this)(claim.file);
      (*this)(claim.location);
      for (Link& link : claim.from) (*this)(link.location), (*this)(link.link_location);
      for (TableRow& row : claim.table) (*this)(row.location);
    }
    for (Source& source : a.sources) (*this)(source.location);
    for (Import& import : a.imports) (*this)(import.location);
    for (Profile& profile : a.profiles) {
      (*this)(profile.location);
      for (SourceLocation& where : profile.set_locations) (*this)(where);
    }
    for (Objection& objection : a.objections) (*this)(objection.location);
    (*this)(a.conclusion_location);
    Diagnostics diagnostics;
    for (Diagnostic d : result.diagnostics.items()) {
      (*this)(d.location);
      diagnostics.Add(std::move(d));
    }
    result.diagnostics = std::move(diagnostics);
    SourceFiles sources;
    for (const auto& [path, text] : result.sources.texts()) {
      std::string renamed = path;
      (*this)(renamed);
      sources.Add(renamed, text);
    }
    result.sources = std::move(sources);
  }

 private:
  fs::path temporary_, from_, to_;
};

/// The folder to name a stored argument's files by: where it was imported from, relative to the
/// current folder when it lies inside it (as the user would name the files), else absolute.
fs::path DisplayFolder(const fs::path& imported) {
  std::error_code error;
  const fs::path here = fs::current_path(error);
  if (error || imported.empty()) return imported;
  const fs::path inside = imported.lexically_relative(here);
  if (inside.empty() || *inside.begin() == "..") return imported;
  return inside;
}

}  // namespace

StoreLocation ResolveStoreLocation(const std::string& db_option) {
  if (!db_option.empty()) return {db_option, false};
  if (const char* db = std::getenv("ARGRAPH_DB"); db && *db) return {db, false};
  if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data && fs::path(data).is_absolute()) {
    return {(fs::path(data) / "argraph" / "argraph.db").string(), true};
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return {(fs::path(home) / ".local" / "share" / "argraph" / "argraph.db").string(), true};
  }
  throw Error("cannot tell where the database belongs: neither $ARGRAPH_DB, $XDG_DATA_HOME nor $HOME "
              "is set; name a file with --db");
}

std::string ContentHash(const std::vector<StoredFile>& files) {
  std::vector<const StoredFile*> order;
  for (const StoredFile& file : files) order.push_back(&file);
  // The root first, then the others by path; each field is length-prefixed so no two different
  // sets of files produce the same byte stream.
  std::sort(order.begin(), order.end(), [](const StoredFile* a, const StoredFile* b) {
    if (a->is_root != b->is_root) return a->is_root;
    return a->path < b->path;
  });
  store::Sha256 hash;
  hash.Update("argraph-content/1\n");
  for (const StoredFile* file : order) {
    HashField(hash, file->is_root ? std::string_view("") : std::string_view(file->path));
    HashField(hash, file->text);
  }
  return hash.Hex();
}

std::vector<StoredFile> CollectFiles(const std::string& root_path, const SourceFiles& sources) {
  const fs::path root = Canonical(root_path);
  const fs::path folder = root.parent_path();
  std::vector<StoredFile> files;
  files.push_back({root.filename().string(), "", true});
  bool root_seen = false;
  for (const auto& [path, text] : sources.texts()) {
    const fs::path file = Canonical(path);
    if (file == root) {
      files.front().text = text;
      root_seen = true;
      continue;
    }
    const fs::path relative = file.lexically_relative(folder);
    if (relative.empty()) {
      throw Error(fmt::format("cannot store {}: it has no path relative to {}", path, folder.string()));
    }
    const std::string name = relative.generic_string();
    const bool duplicate = std::any_of(files.begin(), files.end(),
                                       [&](const StoredFile& f) { return !f.is_root && f.path == name; });
    if (!duplicate) files.push_back({name, text, false});
  }
  if (!root_seen) files.front().text = ReadWholeFile(root);
  std::sort(files.begin() + 1, files.end(),
            [](const StoredFile& a, const StoredFile& b) { return a.path < b.path; });
  return files;
}

std::vector<std::string> WriteFiles(const std::vector<StoredFile>& files, const std::string& root_path,
                                    bool overwrite) {
  const fs::path folder = fs::absolute(root_path).parent_path();
  std::vector<std::string> written;
  for (const StoredFile& file : files) {
    if (!file.is_root && fs::path(file.path).is_absolute()) {
      throw Error(fmt::format("the stored file name '{}' is absolute; argraph writes imported files "
                              "only beside the root file",
                              file.path));
    }
    const fs::path target = file.is_root ? fs::path(root_path) : folder / file.path;
    std::error_code error;
    if (!file.is_root && !overwrite && fs::exists(target, error) && ReadWholeFile(target) != file.text) {
      throw Error(fmt::format("{} already exists and differs from the stored file it would be "
                              "replaced with; move it away, export to another folder, or pass --force",
                              target.string()));
    }
    if (target.has_parent_path()) fs::create_directories(target.parent_path(), error);
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out << file.text;
    out.close();
    if (!out) throw Error(fmt::format("cannot write {}: {}", target.string(), std::strerror(errno)));
    written.push_back(target.string());
  }
  return written;
}

LoadResult Store::Load(const VersionInfo& version) {
  const std::vector<StoredFile> files = Files(version);
  std::string pattern = (fs::temp_directory_path() / "argraph-version-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    throw Error(fmt::format("cannot create a temporary folder to read {} version {}: {}",
                            version.argument_id, version.version, std::strerror(errno)));
  }
  const fs::path folder(pattern);
  struct Remove {
    fs::path path;
    ~Remove() {
      std::error_code error;
      fs::remove_all(path, error);
    }
  } remove{folder};
  // The root goes as many levels down as imports reach up ("../"), so they all stay inside.
  fs::path root_folder = folder;
  size_t depth = 0;
  for (const StoredFile& file : files) {
    size_t up = 0;
    for (const fs::path& part : fs::path(file.path)) {
      if (part != "..") break;
      ++up;
    }
    depth = std::max(depth, up);
  }
  for (size_t i = 0; i <= depth; ++i) root_folder /= fmt::format("d{}", i);
  const fs::path root = root_folder / files.front().path;
  WriteFiles(files, root.string(), true);
  LoadResult result = LoadArgumentFile(root.string());
  if (!version.path.empty()) {
    Relocation(folder, root_folder, DisplayFolder(fs::path(version.path).parent_path())).Apply(result);
  }
  result.argument.path = version.path;
  return result;
}

}  // namespace argraph
