// Loading argument files (format argraph/1) and their imports into the model (load.h).
//
// Files are read in depth-first order of their imports; each file reached is one FileUnit, identified
// by its canonical path, so a file imported twice (a diamond) is read once and its claims are one set
// of nodes, named under the alias chain by which it was first reached (its `prefix`). A reference
// written in a file ("id", "alias.id", "alias.sub.id") is resolved through that file's own aliases to
// the qualified id of the claim. The model is built from the units in post-order (imports first), then
// checked as a whole by ValidateArgument. Nothing here recurses over the claims or the imports.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "argraph/error.h"
#include "argraph/load.h"
#include "argraph/parameters.h"
#include "argraph/validate.h"
#include "load/node_reader.h"
#include "load/yaml_tree.h"

namespace argraph {
namespace {

using load::MapEntry;
using load::NodeReader;
using load::YamlDocument;
using load::YamlKind;

const std::vector<std::string> kTopKeys = {"format", "id",     "title",    "sources",   "imports",
                                           "conclusion", "claims", "profiles", "objections"};
const std::vector<std::string> kClaimKeys = {"text",        "source", "quote", "credence", "interval", "rule",
                                             "reliability", "leak",   "base",  "from",     "table"};
const std::vector<std::string> kLinkKeys = {"claim", "relation", "strength", "weight", "lr", "link"};
const std::vector<std::string> kRowKeys = {"when", "p"};
const std::vector<std::string> kSourceKeys = {"title", "author", "year", "url", "file"};
const std::vector<std::string> kProfileKeys = {"description", "set"};
const std::vector<std::string> kObjectionKeys = {"target", "by", "text"};
const char* const kFormat = "argraph/1";

/// Kebab-case: lowercase letters and digits joined by single hyphens.
bool IsKebab(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && s[i - 1] != '-');
    if (!ok) return false;
  }
  return true;
}

std::string Qualify(const std::string& prefix, std::string_view id) {
  return prefix.empty() ? std::string(id) : prefix + "." + std::string(id);
}

std::string FormatNumber(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

/// One file read: its parsed text and the names it declares.
struct FileUnit {
  std::string path;      ///< as shown in diagnostics (the root as given; imports joined to it)
  std::string identity;  ///< canonical path: two imports of the same file share it
  std::string prefix;    ///< alias chain of the first import that reached it ("" for the root)
  YamlDocument document;
  int root = -1;  ///< the top-level map node, or -1 when the file is unusable
  std::vector<MapEntry> top;
  /// alias -> unit index, or -1 when the import failed (references through it are then not reported)
  std::unordered_map<std::string, int> aliases;
  std::vector<std::string> alias_names;  ///< in file order, for suggestions
  std::unordered_set<std::string> sources;
};

enum class ReadStatus { kOk, kTooLarge, kUnreadable };

/// Reads at most `max_bytes` (+1, to tell that there is more) of `path`. Imports must be regular
/// files (`regular_only`), so that an import of /dev/zero or a pipe cannot hang the loader; the file
/// given on the command line may be a pipe (/dev/stdin).
ReadStatus ReadText(const std::string& path, size_t max_bytes, bool regular_only, std::string& text,
                    std::string& reason, uintmax_t& size) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    reason = "it is a directory";
    return ReadStatus::kUnreadable;
  }
  const bool regular = std::filesystem::is_regular_file(path, ec);
  if (regular_only && !regular && std::filesystem::exists(path, ec)) {
    reason = "it is not a regular file";
    return ReadStatus::kUnreadable;
  }
  text.clear();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    reason = std::filesystem::exists(path, ec) ? "permission denied" : "no such file";
    return ReadStatus::kUnreadable;
  }
  if (regular) {
    size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_bytes) return ReadStatus::kTooLarge;
    if (!ec) text.reserve(static_cast<size_t>(size) + 1);  // one allocation, not a copy per doubling
  }
  std::vector<char> buffer(1 << 16);
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    text.append(buffer.data(), static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      size = 0;  // unknown: the rest was not read
      return ReadStatus::kTooLarge;
    }
  }
  if (in.bad()) {
    reason = "read error";
    return ReadStatus::kUnreadable;
  }
  size = text.size();
  return ReadStatus::kOk;
}

/// `size` 0 means "more than the limit" (a stream that was not read to its end).
std::string TooLargeMessage(uintmax_t size, size_t limit) {
  auto mb = [](uintmax_t bytes) { return FormatNumber(static_cast<double>(bytes) / (1024.0 * 1024.0)); };
  return (size == 0 ? "the file is larger than " + mb(limit) + " MB" : "the file is " + mb(size) + " MB") +
         "; argument files are limited to " + mb(limit) + " MB (LoadOptions::max_file_bytes)";
}

class Loader {
 public:
  Loader(const LoadOptions& options, LoadResult& result) : options_(options), result_(result) {}

  void Run(const std::string& path, const std::string& text);

 private:
  int AddUnit(const std::string& path, const std::string& identity, const std::string& prefix,
              const std::string& text);
  void ReadImports(int unit, std::vector<std::pair<std::string, int>>& imports);
  void BuildUnit(int unit, bool is_root);
  void ReadSources(int unit, int node);
  void ReadClaims(int unit, int node);
  void ReadClaim(int unit, const MapEntry& entry);
  void ReadLinks(int unit, int node, Claim& claim, const std::string& what);
  void ReadTable(int unit, int node, Claim& claim, const std::string& what);
  void ReadProfiles(int unit, int node);
  void ReadObjections(int unit, int node);

  /// The qualified id of a claim reference written in `unit`, or nullopt when an alias on the way is
  /// unknown (reported at `node`) or failed to import (already reported).
  std::optional<std::string> Resolve(int unit, const std::string& reference, int node);
  /// A parameter name written in `unit` with its claim references qualified (nullopt as Resolve).
  std::optional<std::string> ResolveParameter(int unit, const std::string& name, int node);

  NodeReader Reader(int unit) {
    FileUnit& u = units_[static_cast<size_t>(unit)];
    return NodeReader(u.path, u.document, result_.diagnostics);
  }
  const MapEntry* Top(int unit, std::string_view key) const {
    for (const MapEntry& e : units_[static_cast<size_t>(unit)].top) {
      if (e.key == key) return &e;
    }
    return nullptr;
  }

  const LoadOptions& options_;
  LoadResult& result_;
  std::vector<FileUnit> units_;
};

int Loader::AddUnit(const std::string& path, const std::string& identity, const std::string& prefix,
                    const std::string& text) {
  const int index = static_cast<int>(units_.size());
  units_.emplace_back();
  FileUnit& unit = units_.back();
  unit.path = path;
  unit.identity = identity;
  unit.prefix = prefix;
  result_.sources.Add(path, text);
  Diagnostics& diagnostics = result_.diagnostics;
  if (!load::ParseYaml(path, text, unit.document, diagnostics)) return index;
  const bool null_root = !unit.document.nodes.empty() && unit.document.nodes[0].kind == YamlKind::kNull &&
                         !unit.document.nodes[0].alias;
  if (unit.document.nodes.empty() || null_root) {
    diagnostics.Error({path, 0, 0},
                      "the file is empty; an argument file needs at least format, id, conclusion and claims",
                      "empty-file");
    return index;
  }
  NodeReader reader = Reader(index);
  if (!reader.ExpectMap(0, "an argument file")) return index;
  unit.root = 0;
  unit.top = reader.Entries(0, "the argument file", kTopKeys);
  return index;
}

void Loader::ReadImports(int unit_index, std::vector<std::pair<std::string, int>>& imports) {
  const MapEntry* entry = Top(unit_index, "imports");
  if (!entry) return;
  NodeReader reader = Reader(unit_index);
  if (!reader.ExpectMap(entry->value_node, "imports")) return;
  for (const MapEntry& e : reader.Entries(entry->value_node, "imports", {})) {
    if (!IsKebab(e.key)) {
      reader.Error(e.key_node,
                   "import alias '" + std::string(e.key) + "' must be kebab-case (lowercase letters and digits joined by "
                   "single hyphens)",
                   "bad-id");
    }
    units_[static_cast<size_t>(unit_index)].alias_names.emplace_back(e.key);
    units_[static_cast<size_t>(unit_index)].aliases[std::string(e.key)] = -1;
    std::optional<std::string> path = reader.Text(e.value_node, "an import's path");
    if (path) imports.emplace_back(e.key, e.value_node);
    if (path && unit_index == 0) {
      const std::string resolved =
          (std::filesystem::path(units_[0].path).parent_path() / *path).lexically_normal().string();
      result_.argument.imports.push_back({std::string(e.key), *path, resolved, reader.Where(e.key_node)});
    }
  }
}

void Loader::Run(const std::string& path, const std::string& text) {
  std::error_code ec;
  std::string identity = std::filesystem::weakly_canonical(path, ec).string();
  if (ec) identity = path;
  AddUnit(path, identity, "", text);

  // Depth-first over imports with an explicit stack: (unit, its imports, next import to visit).
  struct Frame {
    int unit;
    std::vector<std::pair<std::string, int>> imports;  // (alias, path node)
    size_t next = 0;
  };
  std::vector<Frame> stack;
  std::vector<int> post_order;
  std::unordered_map<std::string, int> by_identity{{identity, 0}};
  stack.push_back({0, {}, 0});
  ReadImports(0, stack.back().imports);
  while (!stack.empty()) {
    Frame& frame = stack.back();
    if (frame.next == frame.imports.size()) {
      post_order.push_back(frame.unit);
      stack.pop_back();
      continue;
    }
    const auto [alias, node] = frame.imports[frame.next++];
    const int from = frame.unit;
    NodeReader reader = Reader(from);
    const std::string written(reader.Node(node).value);
    const std::string joined =
        (std::filesystem::path(units_[static_cast<size_t>(from)].path).parent_path() / written)
            .lexically_normal()
            .string();
    std::string id = std::filesystem::weakly_canonical(joined, ec).string();
    if (ec) id = joined;
    auto known = by_identity.find(id);
    if (known != by_identity.end()) {
      // Reached before: a cycle when it is still being read (on the stack), else a shared import.
      auto on_stack = std::find_if(stack.begin(), stack.end(), [&](const Frame& f) { return f.unit == known->second; });
      if (on_stack != stack.end()) {
        std::string chain;
        for (auto it = on_stack; it != stack.end(); ++it) chain += units_[static_cast<size_t>(it->unit)].path + " -> ";
        chain += joined;
        reader.Error(node, "import cycle: " + chain, "import-cycle");
      } else {
        units_[static_cast<size_t>(from)].aliases[alias] = known->second;
      }
      continue;
    }
    std::string text_read;
    std::string reason;
    uintmax_t size = 0;
    const ReadStatus status = ReadText(joined, options_.max_file_bytes, true, text_read, reason, size);
    if (status == ReadStatus::kUnreadable) {
      reader.Error(node, "cannot read import '" + written + "' (looked for " + joined + "): " + reason,
                   "missing-import");
      continue;
    }
    if (status == ReadStatus::kTooLarge) {
      reader.Error(node, "cannot import '" + written + "': " + TooLargeMessage(size, options_.max_file_bytes),
                   "file-too-large");
      continue;
    }
    const int unit = AddUnit(joined, id, Qualify(units_[static_cast<size_t>(from)].prefix, alias), text_read);
    by_identity.emplace(id, unit);
    units_[static_cast<size_t>(from)].aliases[alias] = unit;
    stack.push_back({unit, {}, 0});
    ReadImports(unit, stack.back().imports);
  }

  for (int unit : post_order) BuildUnit(unit, unit == 0);
  if (units_[0].root >= 0) ValidateArgument(result_.argument, result_.diagnostics, options_.allow_cycles);

  // Diagnostics in file order: files in the order they were read, then by position.
  std::unordered_map<std::string, size_t> file_rank;
  for (size_t i = 0; i < units_.size(); ++i) file_rank.emplace(units_[i].path, i);
  std::vector<Diagnostic> items = result_.diagnostics.items();
  std::stable_sort(items.begin(), items.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    auto rank = [&](const Diagnostic& d) {
      auto it = file_rank.find(d.location.file);
      return it == file_rank.end() ? units_.size() : it->second;
    };
    return std::make_tuple(rank(a), a.location.line, a.location.column) <
           std::make_tuple(rank(b), b.location.line, b.location.column);
  });
  Diagnostics sorted;
  for (Diagnostic& d : items) sorted.Add(std::move(d));
  result_.diagnostics = std::move(sorted);
}

std::optional<std::string> Loader::Resolve(int unit, const std::string& reference, int node) {
  int current = unit;
  size_t start = 0;
  for (size_t dot = reference.find('.'); dot != std::string::npos; dot = reference.find('.', start)) {
    const std::string alias = reference.substr(start, dot - start);
    const FileUnit& u = units_[static_cast<size_t>(current)];
    auto it = u.aliases.find(alias);
    if (it == u.aliases.end()) {
      std::string message = "unknown import alias '" + alias + "' in '" + reference + "'";
      if (u.alias_names.empty()) {
        message += "; the file imports nothing";
      } else {
        message += DidYouMean(alias, u.alias_names);
      }
      Reader(unit).Error(node, message, "unknown-alias");
      return std::nullopt;
    }
    if (it->second < 0) return std::nullopt;
    current = it->second;
    start = dot + 1;
  }
  return Qualify(units_[static_cast<size_t>(current)].prefix, reference.substr(start));
}

std::optional<std::string> Loader::ResolveParameter(int unit, const std::string& name, int node) {
  const size_t arrow = name.find("->");
  if (arrow != std::string::npos) {
    auto from = Resolve(unit, name.substr(0, arrow), node);
    auto to = from ? Resolve(unit, name.substr(arrow + 2), node) : std::nullopt;
    if (!to) return std::nullopt;
    return *from + "->" + *to;
  }
  const size_t bracket = name.find('[');
  if (bracket != std::string::npos && name.back() == ']') {
    auto claim = Resolve(unit, name.substr(0, bracket), node);
    if (!claim) return std::nullopt;
    std::string out = *claim + "[";
    const std::string inside = name.substr(bracket + 1, name.size() - bracket - 2);
    size_t start = 0;
    while (start <= inside.size()) {
      size_t comma = inside.find(',', start);
      if (comma == std::string::npos) comma = inside.size();
      const std::string part = inside.substr(start, comma - start);
      const size_t equals = part.find('=');
      if (equals == std::string::npos) return name;  // malformed: left as written, reported as unknown
      auto parent = Resolve(unit, part.substr(0, equals), node);
      if (!parent) return std::nullopt;
      out += (start ? "," : "") + *parent + part.substr(equals);
      start = comma + 1;
    }
    return out + "]";
  }
  for (const char* suffix : {".reliability", ".leak", ".base"}) {
    const std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      auto claim = Resolve(unit, name.substr(0, name.size() - s.size()), node);
      if (!claim) return std::nullopt;
      return *claim + s;
    }
  }
  return Resolve(unit, name, node);
}

void Loader::BuildUnit(int unit_index, bool is_root) {
  FileUnit& unit = units_[static_cast<size_t>(unit_index)];
  if (unit.root < 0) return;
  NodeReader reader = Reader(unit_index);
  Argument& argument = result_.argument;
  const SourceLocation top_location = reader.Where(unit.root);
  auto required = [&](const char* key, const char* hint) {
    if (Top(unit_index, key)) return;
    result_.diagnostics.Error(top_location, std::string("the argument file has no '") + key + "'; " + hint,
                              "missing-key");
  };
  required("format", "start it with 'format: argraph/1'");
  required("id", "add 'id:', a kebab-case name for the argument");
  required("claims", "add 'claims:', a map from claim ids to claims");
  // An imported file may be a library of premises; only the root file must conclude something.
  if (is_root) required("conclusion", "add 'conclusion:', the id of the claim the argument concludes");
  if (const MapEntry* e = Top(unit_index, "format")) {
    if (auto format = reader.Text(e->value_node, "format"); format && *format != kFormat) {
      reader.Error(e->value_node, "format '" + *format + "' is not supported; this argraph reads 'argraph/1'",
                   "bad-value");
    }
    if (is_root) argument.format = kFormat;
  }
  if (const MapEntry* e = Top(unit_index, "id")) {
    if (auto id = reader.Text(e->value_node, "id")) {
      if (!IsKebab(*id)) {
        reader.Error(e->value_node,
                     "argument id '" + *id + "' must be kebab-case (lowercase letters and digits joined by "
                     "single hyphens)",
                     "bad-id");
      }
      if (is_root) argument.id = *id;
    }
  }
  if (const MapEntry* e = Top(unit_index, "title")) {
    if (auto title = reader.Text(e->value_node, "title"); title && is_root) argument.title = *title;
  }
  if (const MapEntry* e = Top(unit_index, "sources")) ReadSources(unit_index, e->value_node);
  if (const MapEntry* e = Top(unit_index, "claims")) ReadClaims(unit_index, e->value_node);
  if (const MapEntry* e = Top(unit_index, "conclusion")) {
    if (auto written = reader.Text(e->value_node, "conclusion")) {
      if (auto id = Resolve(unit_index, *written, e->value_node); id && is_root) {
        argument.conclusion = *id;
        argument.conclusion_location = reader.Where(e->value_node);
      }
    }
  }
  if (const MapEntry* e = Top(unit_index, "profiles")) ReadProfiles(unit_index, e->value_node);
  if (const MapEntry* e = Top(unit_index, "objections")) ReadObjections(unit_index, e->value_node);
  if (is_root) argument.path = unit.path;
}

void Loader::ReadSources(int unit_index, int node) {
  NodeReader reader = Reader(unit_index);
  if (!reader.ExpectMap(node, "sources")) return;
  FileUnit& unit = units_[static_cast<size_t>(unit_index)];
  for (const MapEntry& e : reader.Entries(node, "sources", {})) {
    unit.sources.emplace(e.key);
    Source source;
    source.key = Qualify(unit.prefix, e.key);
    source.location = reader.Where(e.key_node);
    const std::string what = "source '" + std::string(e.key) + "'";
    if (!reader.ExpectMap(e.value_node, what)) continue;
    for (const MapEntry& f : reader.Entries(e.value_node, what, kSourceKeys)) {
      const std::string field = what + " " + std::string(f.key);
      if (f.key == "year") {
        if (auto year = reader.Integer(f.value_node, field)) source.year = static_cast<int>(*year);
        continue;
      }
      std::optional<std::string> value = reader.Text(f.value_node, field);
      if (!value) continue;
      if (f.key == "title") source.title = *value;
      if (f.key == "author") source.author = *value;
      if (f.key == "url") source.url = *value;
      if (f.key == "file") source.file = *value;
    }
    result_.argument.sources.push_back(std::move(source));
  }
}

void Loader::ReadClaims(int unit_index, int node) {
  NodeReader reader = Reader(unit_index);
  if (!reader.ExpectMap(node, "claims")) return;
  const std::vector<MapEntry> entries = reader.Entries(node, "claims", {}, "duplicate-id");
  std::vector<Claim>& claims = result_.argument.claims;
  // Room for this file's claims, growing geometrically across imported files: claims move rarely.
  if (claims.capacity() < claims.size() + entries.size()) {
    claims.reserve(std::max(claims.size() + entries.size(), 2 * claims.capacity()));
  }
  for (const MapEntry& e : entries) ReadClaim(unit_index, e);
}

void Loader::ReadClaim(int unit_index, const MapEntry& entry) {
  NodeReader reader = Reader(unit_index);
  FileUnit& unit = units_[static_cast<size_t>(unit_index)];
  Claim claim;
  claim.id = Qualify(unit.prefix, entry.key);
  claim.import_alias = unit.prefix;
  claim.file = unit.path;
  claim.location = reader.Where(entry.key_node);
  if (!IsKebab(entry.key)) {
    reader.Error(entry.key_node,
                 "claim id '" + std::string(entry.key) + "' must be kebab-case (lowercase letters and digits joined by "
                 "single hyphens)",
                 "bad-id");
  }
  const std::string what = "claim '" + std::string(entry.key) + "'";
  if (!reader.ExpectMap(entry.value_node, what)) {
    claim.credence = 0.5;  // a placeholder (the claim is reported), so it is not also reported as a root
    result_.argument.claims.push_back(std::move(claim));  // keep the id, so references to it resolve
    return;
  }
  std::vector<MapEntry> fields = reader.Entries(entry.value_node, what, kClaimKeys);
  auto field = [&](std::string_view key) -> const MapEntry* {
    for (const MapEntry& f : fields) {
      if (f.key == key) return &f;
    }
    return nullptr;
  };
  if (const MapEntry* f = field("text")) {
    if (auto text = reader.Text(f->value_node, "text")) claim.text = *text;
  } else {
    reader.Error(entry.key_node, what + " has no 'text'; say what the claim asserts", "missing-key");
  }
  if (const MapEntry* f = field("source")) {
    if (auto source = reader.Text(f->value_node, "source")) {
      if (!unit.sources.count(*source)) {
        std::vector<std::string> names(unit.sources.begin(), unit.sources.end());
        std::sort(names.begin(), names.end());
        reader.Error(f->value_node,
                     "unknown source '" + *source + "'" +
                         (names.empty() ? "; the file declares no sources" : DidYouMean(*source, names)),
                     "unknown-source");
      }
      claim.source = Qualify(unit.prefix, *source);
    }
  }
  if (const MapEntry* f = field("quote")) {
    if (auto quote = reader.Text(f->value_node, "quote")) claim.quote = *quote;
  }
  if (const MapEntry* f = field("credence")) claim.credence = reader.Probability(f->value_node, "credence");
  if (const MapEntry* f = field("interval")) {
    if (reader.ExpectSequence(f->value_node, "interval")) {
      const std::span<const int> items = reader.Node(f->value_node).children;
      if (items.size() != 2) {
        reader.Error(f->value_node,
                     "interval must be a list of two probabilities [low, high], not " +
                         std::to_string(items.size()) + " values",
                     "interval");
      } else {
        auto low = reader.Probability(items[0], "interval low end");
        auto high = reader.Probability(items[1], "interval high end");
        if (low && high) {
          if (*low > *high) {
            reader.Error(f->value_node,
                         "interval [" + FormatNumber(*low) + ", " + FormatNumber(*high) +
                             "] is reversed; write [low, high]",
                         "interval");
          } else if (!field("credence")) {
            reader.Error(f->value_node, "interval given without a credence; add the credence it surrounds",
                         "interval");
          } else if (claim.credence && (*claim.credence < *low || *claim.credence > *high)) {
            reader.Error(f->value_node,
                         "interval [" + FormatNumber(*low) + ", " + FormatNumber(*high) +
                             "] does not contain the credence " + FormatNumber(*claim.credence),
                         "interval");
          } else {
            claim.interval = std::make_pair(*low, *high);
          }
        }
      }
    }
  }
  if (field("credence") && !claim.credence) {
    claim.credence = 0.5;  // given but invalid (reported): a placeholder, so it is not also reported missing
  }
  bool rule_ok = true;
  if (const MapEntry* f = field("rule")) {
    if (auto rule = reader.Text(f->value_node, "rule")) {
      const std::vector<std::string> rules = {"all", "any", "logistic", "table"};
      if (*rule == "all") {
        claim.rule = Rule::kAll;
      } else if (*rule == "any") {
        claim.rule = Rule::kAny;
      } else if (*rule == "logistic") {
        claim.rule = Rule::kLogistic;
      } else if (*rule == "table") {
        claim.rule = Rule::kTable;
      } else {
        rule_ok = false;
        reader.Error(f->value_node,
                     "rule '" + *rule + "' is not one of all, any, logistic, table" + DidYouMean(*rule, rules),
                     "bad-value");
      }
    } else {
      rule_ok = false;
    }
  }
  const MapEntry* from = field("from");
  const bool derived = from && (reader.Node(from->value_node).kind != YamlKind::kSequence ||
                                !reader.Node(from->value_node).children.empty());
  // A rule's own parameter: only meaningful for that rule, and only on a derived claim.
  auto own = [&](const char* key, Rule rule, std::optional<double>& out) {
    const MapEntry* f = field(key);
    if (!f) return;
    std::optional<double> value = reader.Probability(f->value_node, key);
    if (!value || !rule_ok) return;
    if (!derived) {
      reader.Error(f->key_node, std::string("'") + key + "' has no effect on a claim without 'from'", "inapplicable-key");
    } else if (claim.rule != rule) {
      reader.Error(f->key_node,
                   std::string("'") + key + "' applies to rule '" + RuleName(rule) + "'; " + what + " uses rule '" +
                       RuleName(claim.rule) + "'",
                   "inapplicable-key");
    } else {
      out = value;
    }
  };
  own("reliability", Rule::kAll, claim.reliability);
  own("leak", Rule::kAny, claim.leak);
  own("base", Rule::kLogistic, claim.base);
  if (from) ReadLinks(unit_index, from->value_node, claim, what);
  if (rule_ok) {
    const MapEntry* table = field("table");
    if (table && !derived) {
      reader.Error(table->key_node, "'table' has no effect on a claim without 'from'", "inapplicable-key");
    } else if (table && claim.rule != Rule::kTable) {
      reader.Error(table->key_node,
                   "'table' applies to rule 'table'; " + what + " uses rule '" + RuleName(claim.rule) + "'",
                   "inapplicable-key");
    } else if (table && reader.Node(table->value_node).kind == YamlKind::kSequence &&
               reader.Node(table->value_node).children.empty()) {
      reader.Error(table->value_node,
                   "the table of " + what + " has no rows; give P(true) for every assignment of its parents",
                   "missing-key");
    } else if (table) {
      ReadTable(unit_index, table->value_node, claim, what);
    } else if (derived && claim.rule == Rule::kTable) {
      reader.Error(entry.key_node,
                   what + " uses rule 'table' but has no 'table'; give P(true) for every assignment of its parents",
                   "missing-key");
    }
  }
  result_.argument.claims.push_back(std::move(claim));
}

void Loader::ReadLinks(int unit_index, int node, Claim& claim, const std::string& what) {
  NodeReader reader = Reader(unit_index);
  if (!reader.ExpectSequence(node, "from")) {
    claim.from.emplace_back();  // unresolved (reported): keeps the claim derived
    return;
  }
  const std::span<const int> items = reader.Node(node).children;
  claim.from.reserve(claim.from.size() + items.size());
  for (int item : items) {
    if (!reader.ExpectMap(item, "an entry of 'from'")) {
      claim.from.emplace_back();  // unresolved (reported): keeps the claim derived
      continue;
    }
    std::vector<MapEntry> fields = reader.Entries(item, "a link", kLinkKeys);
    auto field = [&](std::string_view key) -> const MapEntry* {
      for (const MapEntry& f : fields) {
        if (f.key == key) return &f;
      }
      return nullptr;
    };
    Link link;
    const MapEntry* target = field("claim");
    link.location = reader.Where(target ? target->value_node : item);
    if (!target) {
      reader.Error(item, "a link of " + what + " has no 'claim'; name the claim it comes from", "missing-key");
      claim.from.push_back(std::move(link));
      continue;
    }
    auto written = reader.Text(target->value_node, "claim");
    auto resolved = written ? Resolve(unit_index, *written, target->value_node) : std::nullopt;
    if (!resolved) {
      claim.from.push_back(std::move(link));
      continue;
    }
    link.from = *resolved;
    if (const MapEntry* f = field("relation")) {
      if (auto relation = reader.Text(f->value_node, "relation")) {
        if (*relation == "supports") {
          link.relation = Relation::kSupports;
        } else if (*relation == "attacks") {
          link.relation = Relation::kAttacks;
        } else if (*relation == "undercuts") {
          link.relation = Relation::kUndercuts;
        } else {
          reader.Error(f->value_node,
                       "relation '" + *relation + "' is not one of supports, attacks, undercuts" +
                           DidYouMean(*relation, {"supports", "attacks", "undercuts"}),
                       "bad-value");
        }
      }
    }
    const bool undercut = link.relation == Relation::kUndercuts;
    const char* rule = RuleName(claim.rule);
    const MapEntry* strength = field("strength");
    const MapEntry* weight = field("weight");
    const MapEntry* lr = field("lr");
    if (strength) link.strength = reader.Probability(strength->value_node, "strength");
    if (weight) link.weight = reader.Finite(weight->value_node, "weight", "weight-range");
    if (lr) {
      if (auto k = reader.Finite(lr->value_node, "lr", "weight-range")) {
        if (*k <= 0) {
          reader.Error(lr->value_node, "lr " + FormatNumber(*k) + " must be positive (a likelihood ratio)",
                       "weight-range");
        } else {
          link.lr = k;
          link.weight = std::log(*k);
        }
      }
    }
    if (claim.rule == Rule::kTable) {
      for (const MapEntry* f : {strength, weight, lr}) {
        if (!f) continue;
        reader.Error(f->key_node,
                     "'" + std::string(f->key) + "' has no effect on a link of a table claim; its table gives P(true) for each row",
                     "inapplicable-key");
      }
      if (undercut) {
        reader.Error(field("relation")->value_node,
                     "a table claim cannot be undercut; its table already says how the parents bear on it",
                     "inapplicable-key");
      }
      link.strength.reset(), link.weight.reset(), link.lr.reset();
    } else if (undercut || claim.rule != Rule::kLogistic) {
      const std::string who = undercut ? std::string("an undercut") : "a link of an '" + std::string(rule) + "' claim";
      for (const MapEntry* f : {weight, lr}) {
        if (!f) continue;
        reader.Error(f->key_node,
                     "'" + std::string(f->key) + "' is for links of logistic claims; " + who +
                         " takes 'strength' (a probability in [0,1])",
                     "strength-or-weight");
      }
      link.weight.reset(), link.lr.reset();
    } else {
      if (strength) {
        reader.Error(strength->key_node,
                     "a link of a logistic claim takes 'weight' (log-odds) or 'lr' (a likelihood ratio), not "
                     "'strength'",
                     "strength-or-weight");
        link.strength.reset();
      }
      if (weight && lr) {
        reader.Error(lr->key_node, "give 'weight' or 'lr', not both (lr: k means weight: ln k)", "strength-or-weight");
      } else if (!weight && !lr && !strength) {
        reader.Error(target->value_node,
                     "the link from '" + *written + "' to logistic " + what + " needs 'weight' (log-odds) or 'lr'",
                     "missing-key");
      }
    }
    if (const MapEntry* f = field("link")) {
      if (!undercut) {
        reader.Error(f->key_node, "'link' applies to undercuts only (relation: undercuts)", "inapplicable-key");
      } else if (claim.rule == Rule::kAll) {
        reader.Error(f->key_node,
                     "'link' has no effect on an undercut of an 'all' claim, which weakens its reliability",
                     "inapplicable-key");
      } else if (auto name = reader.Text(f->value_node, "link")) {
        if (auto id = Resolve(unit_index, *name, f->value_node)) {
          link.link = *id;
          link.link_location = reader.Where(f->value_node);
        }
      }
    }
    claim.from.push_back(std::move(link));
  }
}

void Loader::ReadTable(int unit_index, int node, Claim& claim, const std::string& what) {
  NodeReader reader = Reader(unit_index);
  if (!reader.ExpectSequence(node, "table")) return;
  std::unordered_map<std::string, size_t> parent_index;
  for (size_t i = 0; i < claim.from.size(); ++i) parent_index.emplace(claim.from[i].from, i);
  const std::span<const int> rows = reader.Node(node).children;
  for (int item : rows) {
    if (!reader.ExpectMap(item, "a table row")) continue;
    TableRow row;
    row.location = reader.Where(item);
    bool complete = true;
    const MapEntry* when = nullptr;
    const MapEntry* p = nullptr;
    std::vector<MapEntry> fields = reader.Entries(item, "a table row", kRowKeys);
    for (const MapEntry& f : fields) (f.key == "when" ? when : p) = &f;
    if (!p) {
      reader.Error(item, "a table row of " + what + " has no 'p'; give P(true) under the row's assignment",
                   "missing-key");
      complete = false;
    } else if (auto value = reader.Probability(p->value_node, "p")) {
      row.probability = *value;
    } else {
      complete = false;
    }
    if (!when) {
      reader.Error(item, "a table row of " + what + " has no 'when'; give each parent's value", "missing-key");
      continue;
    }
    if (!reader.ExpectMap(when->value_node, "when")) continue;
    std::vector<std::optional<bool>> values(claim.from.size());
    for (const MapEntry& e : reader.Entries(when->value_node, "when", {})) {
      auto id = Resolve(unit_index, std::string(e.key), e.key_node);
      if (!id) {
        complete = false;
        continue;
      }
      auto it = parent_index.find(*id);
      if (it == parent_index.end()) {
        reader.Error(e.key_node, "'" + std::string(e.key) + "' is not a parent of " + what + " (it is not in its 'from')",
                     "table-row");
        complete = false;
        continue;
      }
      if (auto value = reader.Bool(e.value_node, "a parent's value in 'when'")) {
        values[it->second] = *value;
      } else {
        complete = false;
      }
    }
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i]) {
        row.when.emplace_back(claim.from[i].from, *values[i]);
      } else if (complete) {
        reader.Error(when->value_node, "this row gives no value for parent '" + claim.from[i].from + "'",
                     "table-row");
        complete = false;
      }
    }
    if (complete) claim.table.push_back(std::move(row));
  }
}

void Loader::ReadProfiles(int unit_index, int node) {
  NodeReader reader = Reader(unit_index);
  if (!reader.ExpectMap(node, "profiles")) return;
  const std::string& prefix = units_[static_cast<size_t>(unit_index)].prefix;
  for (const MapEntry& e : reader.Entries(node, "profiles", {})) {
    Profile profile;
    profile.name = Qualify(prefix, e.key);
    profile.location = reader.Where(e.key_node);
    const std::string what = "profile '" + std::string(e.key) + "'";
    if (!reader.ExpectMap(e.value_node, what)) continue;
    for (const MapEntry& f : reader.Entries(e.value_node, what, kProfileKeys)) {
      if (f.key == "description") {
        if (auto text = reader.Text(f.value_node, "description")) profile.description = *text;
        continue;
      }
      if (!reader.ExpectMap(f.value_node, "set")) continue;
      for (const MapEntry& s : reader.Entries(f.value_node, "set", {})) {
        auto value = reader.Number(s.value_node, "the value of '" + std::string(s.key) + "'");
        auto name = ResolveParameter(unit_index, std::string(s.key), s.key_node);
        if (!value || !name) continue;
        profile.set.emplace_back(*name, *value);
        profile.set_locations.push_back(reader.Where(s.key_node));
      }
    }
    result_.argument.profiles.push_back(std::move(profile));
  }
}

void Loader::ReadObjections(int unit_index, int node) {
  NodeReader reader = Reader(unit_index);
  if (!reader.ExpectSequence(node, "objections")) return;
  const std::span<const int> items = reader.Node(node).children;
  for (int item : items) {
    if (!reader.ExpectMap(item, "an objection")) continue;
    Objection objection;
    objection.location = reader.Where(item);
    bool has_target = false;
    bool has_text = false;
    for (const MapEntry& f : reader.Entries(item, "an objection", kObjectionKeys)) {
      auto value = reader.Text(f.value_node, f.key);
      if (f.key == "target") has_target = true;
      if (f.key == "text") has_text = true;
      if (!value) continue;
      if (f.key == "target") {
        auto name = ResolveParameter(unit_index, *value, f.value_node);
        if (!name) continue;
        objection.target = *name;
        objection.location = reader.Where(f.value_node);
      }
      if (f.key == "by") objection.by = *value;
      if (f.key == "text") objection.text = *value;
    }
    if (!has_target) {
      reader.Error(item, "an objection has no 'target'; name the claim or parameter it disputes", "missing-key");
    }
    if (!has_text) reader.Error(item, "an objection has no 'text'; say what the objection is", "missing-key");
    if (!objection.target.empty()) result_.argument.objections.push_back(std::move(objection));
  }
}

}  // namespace

LoadResult LoadArgumentText(const std::string& path, const std::string& text, const LoadOptions& options) {
  LoadResult result;
  if (text.size() > options.max_file_bytes) {
    result.diagnostics.Error({path, 0, 0}, TooLargeMessage(text.size(), options.max_file_bytes),
                             "file-too-large");
    return result;
  }
  Loader loader(options, result);
  loader.Run(path, text);
  return result;
}

LoadResult LoadArgumentFile(const std::string& path, const LoadOptions& options) {
  std::string text;
  std::string reason;
  uintmax_t size = 0;
  switch (ReadText(path, options.max_file_bytes, false, text, reason, size)) {
    case ReadStatus::kUnreadable: throw Error("cannot read " + path + ": " + reason);
    case ReadStatus::kTooLarge: {
      LoadResult result;
      result.diagnostics.Error({path, 0, 0}, TooLargeMessage(size, options.max_file_bytes), "file-too-large");
      return result;
    }
    case ReadStatus::kOk: break;
  }
  return LoadArgumentText(path, text, options);
}

}  // namespace argraph
