// An argument as argraph/1 YAML text (argument_writer.h). Keys that are plain words (claim ids,
// source keys) are written plain; every other key and every string value is double-quoted.
#include "argraph/argument_writer.h"

#include <charconv>
#include <cstdio>

namespace argraph {
namespace {

std::string Number(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, ec == std::errc() ? end : buffer);
}

/// A key YAML reads back as the same string when written plain: lowercase words joined by '-' or '.',
/// not starting with a digit or sign (so never a number), and none of YAML's reserved words.
bool IsPlainKey(const std::string& key) {
  if (key.empty() || !(key[0] >= 'a' && key[0] <= 'z')) return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')) return false;
  }
  for (const char* reserved : {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}) {
    if (key == reserved) return false;
  }
  return true;
}

std::string Key(const std::string& key) { return IsPlainKey(key) ? key : YamlQuoted(key); }

class Writer {
 public:
  explicit Writer(const Argument& argument) : a_(argument) {}

  std::string Run() {
    const std::string format = a_.format.empty() ? "argraph/1" : a_.format;
    out_ = "format: " + (format == "argraph/1" ? format : YamlQuoted(format)) + "\n";
    if (!a_.id.empty()) out_ += "id: " + YamlQuoted(a_.id) + "\n";
    if (!a_.title.empty()) out_ += "title: " + YamlQuoted(a_.title) + "\n";
    WriteSources();
    if (!a_.imports.empty()) {
      out_ += "imports:\n";
      for (const Import& i : a_.imports) out_ += "  " + Key(i.alias) + ": " + YamlQuoted(i.path) + "\n";
    }
    if (!a_.conclusion.empty()) out_ += "conclusion: " + YamlQuoted(a_.conclusion) + "\n";
    WriteClaims();
    WriteProfiles();
    WriteObjections();
    return out_;
  }

 private:
  bool InRootFile(const SourceLocation& where) const {
    return where.file.empty() || a_.path.empty() || where.file == a_.path;
  }
  void Field(const char* indent, const char* key, const std::string& value) {
    if (!value.empty()) out_ += std::string(indent) + key + ": " + YamlQuoted(value) + "\n";
  }
  void Field(const char* indent, const char* key, const std::optional<double>& value) {
    if (value) out_ += std::string(indent) + key + ": " + Number(*value) + "\n";
  }

  void WriteSources() {
    bool any = false;
    for (const Source& s : a_.sources) {
      if (!InRootFile(s.location)) continue;
      if (!any) out_ += "sources:\n";
      any = true;
      out_ += "  " + Key(s.key) + ":";
      if (s.title.empty() && s.author.empty() && !s.year && s.url.empty() && s.file.empty()) {
        out_ += " {}\n";
        continue;
      }
      out_ += "\n";
      Field("    ", "title", s.title);
      Field("    ", "author", s.author);
      if (s.year) out_ += "    year: " + std::to_string(*s.year) + "\n";
      Field("    ", "url", s.url);
      Field("    ", "file", s.file);
    }
  }

  void WriteClaims() {
    bool any = false;
    for (const Claim& c : a_.claims) {
      if (!c.import_alias.empty()) continue;
      if (!any) out_ += "claims:\n";
      any = true;
      out_ += "  " + Key(c.id) + ":\n";
      const size_t before = out_.size();
      Field("    ", "text", c.text);
      Field("    ", "source", c.source);
      Field("    ", "quote", c.quote);
      Field("    ", "credence", c.credence);
      if (c.interval) {
        out_ += "    interval: [" + Number(c.interval->first) + ", " + Number(c.interval->second) + "]\n";
      }
      if (!c.IsRoot()) out_ += std::string("    rule: ") + RuleName(c.rule) + "\n";
      Field("    ", "reliability", c.reliability);
      Field("    ", "leak", c.leak);
      Field("    ", "base", c.base);
      if (!c.from.empty()) out_ += "    from:\n";
      for (const Link& l : c.from) {
        out_ += "      - claim: " + YamlQuoted(l.from) + "\n";
        if (l.relation != Relation::kSupports) out_ += std::string("        relation: ") + RelationName(l.relation) + "\n";
        Field("        ", "strength", l.strength);
        if (l.lr) {
          Field("        ", "lr", l.lr);  // the weight is ln(lr), recomputed when read
        } else {
          Field("        ", "weight", l.weight);
        }
        Field("        ", "link", l.link);
      }
      if (!c.table.empty()) out_ += "    table:\n";
      for (const TableRow& row : c.table) {
        out_ += "      - when: {";
        for (size_t i = 0; i < row.when.size(); ++i) {
          out_ += (i ? ", " : "") + Key(row.when[i].first) + ": " + (row.when[i].second ? "true" : "false");
        }
        out_ += "}\n        p: " + Number(row.probability) + "\n";
      }
      if (out_.size() == before) {  // a claim with nothing: `id: {}`
        out_.pop_back();
        out_ += " {}\n";
      }
    }
  }

  void WriteProfiles() {
    bool any = false;
    for (const Profile& p : a_.profiles) {
      if (!InRootFile(p.location)) continue;
      if (!any) out_ += "profiles:\n";
      any = true;
      out_ += "  " + Key(p.name) + ":\n";
      Field("    ", "description", p.description);
      out_ += "    set:";
      if (p.set.empty()) out_ += " {}";
      out_ += "\n";
      for (const auto& [name, value] : p.set) out_ += "      " + Key(name) + ": " + Number(value) + "\n";
    }
  }

  void WriteObjections() {
    bool any = false;
    for (const Objection& o : a_.objections) {
      if (!InRootFile(o.location)) continue;
      if (!any) out_ += "objections:\n";
      any = true;
      out_ += "  - target: " + YamlQuoted(o.target) + "\n";
      Field("    ", "by", o.by);
      Field("    ", "text", o.text);
    }
  }

  const Argument& a_;
  std::string out_;
};

}  // namespace

std::string YamlQuoted(const std::string& text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\t': out += "\\t"; continue;
      case '\r': out += "\\r"; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7F) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02X", c);
      out += buffer;
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x85) {
      out += "\\N";  // U+0085 NEL, a line break to YAML
      ++i;
    } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0xA8 || static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\L" : "\\P";  // U+2028, U+2029
      i += 2;
    } else if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBB &&
               static_cast<unsigned char>(text[i + 2]) == 0xBF) {
      out += "\\uFEFF";  // a byte-order mark, which a reader may drop
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string WriteArgumentYaml(const Argument& argument) { return Writer(argument).Run(); }

}  // namespace argraph
