// The XMLBIF reader: a small XML tokenizer (elements, attributes, text, comments, CDATA, processing
// instructions, a DOCTYPE with an internal subset, the five named entities and numeric character
// references) building an element tree with source locations, then the XMLBIF 0.3 structure:
//   <BIF><NETWORK><NAME/> <PROPERTY/>* <VARIABLE TYPE="nature"><NAME/><OUTCOME/>*<PROPERTY/>*</VARIABLE>*
//        <DEFINITION><FOR/><GIVEN/>*<TABLE/></DEFINITION>* </NETWORK></BIF>
// Element names are matched without regard to letter case; unknown elements are ignored (GeNIe and
// SamIam add their own). <PROBABILITY> (XMLBIF 0.2) is read as <DEFINITION>.
// The first XML syntax error stops the reader; XMLBIF-level problems are all reported.
#include <cctype>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "argraph/bif.h"
#include "load/network_file.h"

namespace argraph {
namespace {

constexpr const char* kXmlSyntax = "xml-syntax";

struct XmlElement {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string text;             ///< the element's own character data, entities decoded
  int text_line = 0;            ///< where its first character of text is
  int text_column = 0;
  std::vector<std::unique_ptr<XmlElement>> children;
  SourceLocation location;      ///< of the '<' of the start tag

  /// The attribute `key` (any letter case), or nullptr.
  const std::string* Attribute(std::string_view key) const;
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

const std::string* XmlElement::Attribute(std::string_view key) const {
  for (const auto& [k, v] : attributes) {
    if (EqualsIgnoreCase(k, key)) return &v;
  }
  return nullptr;
}

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ':' ||
         (static_cast<unsigned char>(c) >= 0x80);
}

void AppendUtf8(std::string& out, unsigned long code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

class XmlParser {
 public:
  XmlParser(const std::string& path, std::string_view text, Diagnostics& diagnostics)
      : path_(path), text_(text), diagnostics_(diagnostics) {}

  /// The root element, or nullptr after a syntax error (which has been reported).
  std::unique_ptr<XmlElement> Parse() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") Skip(3);
    std::unique_ptr<XmlElement> root;
    for (;;) {
      SkipSpace();
      if (AtEnd()) break;
      if (!StartsWith("<")) return Fail("text outside the root element");
      if (StartsWith("<?")) {
        if (!SkipPast("?>", "processing instruction")) return nullptr;
      } else if (StartsWith("<!--")) {
        if (!SkipPast("-->", "comment")) return nullptr;
      } else if (StartsWith("<!")) {
        if (!SkipDoctype()) return nullptr;
      } else {
        if (root) return Fail("a second root element; an XMLBIF file has one <BIF> element");
        root = ParseElement(0);
        if (!root) return nullptr;
      }
    }
    if (!root) return Fail("no root element: expected <BIF>");
    return root;
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  bool StartsWith(std::string_view s) const { return text_.substr(pos_, s.size()) == s; }
  SourceLocation Here() const { return {path_, line_, column_}; }
  void Skip(size_t n) {
    for (size_t i = 0; i < n && pos_ < text_.size(); ++i) {
      if (text_[pos_] == '\n') {
        ++line_;
        column_ = 1;
      } else if ((static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) {
        ++column_;  // count characters, not UTF-8 continuation bytes
      }
      ++pos_;
    }
  }
  void SkipSpace() {
    while (!AtEnd() && std::isspace(static_cast<unsigned char>(text_[pos_]))) Skip(1);
  }
  std::nullptr_t Fail(const std::string& message) { return Fail(Here(), message); }
  std::nullptr_t Fail(const SourceLocation& where, const std::string& message) {
    diagnostics_.Error(where, message, kXmlSyntax);
    return nullptr;
  }
  bool SkipPast(std::string_view end, const char* what) {
    SourceLocation start = Here();
    size_t found = text_.find(end, pos_);
    if (found == std::string_view::npos) {
      Fail(start, std::string("unterminated ") + what + ": no closing '" + std::string(end) + "'");
      return false;
    }
    Skip(found + end.size() - pos_);
    return true;
  }
  bool SkipDoctype() {
    SourceLocation start = Here();
    int brackets = 0;
    char quote = 0;
    Skip(2);
    while (!AtEnd()) {
      char c = text_[pos_];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        ++brackets;
      } else if (c == ']') {
        --brackets;
      } else if (c == '>' && brackets <= 0) {
        Skip(1);
        return true;
      }
      Skip(1);
    }
    Fail(start, "unterminated declaration: '<!' has no closing '>'");
    return false;
  }
  std::string ParseName() {
    size_t start = pos_;
    while (!AtEnd() && IsNameChar(text_[pos_])) Skip(1);
    return std::string(text_.substr(start, pos_ - start));
  }
  /// Decodes an entity at pos_ ('&') into `out`. False (reported) when it is not one.
  bool DecodeEntity(std::string& out) {
    SourceLocation start = Here();
    size_t semicolon = text_.find(';', pos_);
    if (semicolon == std::string_view::npos || semicolon - pos_ > 12) {
      Fail(start, "'&' that starts no entity; write '&amp;' for a literal '&'");
      return false;
    }
    std::string_view name = text_.substr(pos_ + 1, semicolon - pos_ - 1);
    if (name == "lt") out += '<';
    else if (name == "gt") out += '>';
    else if (name == "amp") out += '&';
    else if (name == "quot") out += '"';
    else if (name == "apos") out += '\'';
    else if (name.size() > 1 && name[0] == '#') {
      bool hex = name[1] == 'x' || name[1] == 'X';
      std::string digits(name.substr(hex ? 2 : 1));
      unsigned long code = 0;
      bool ok = !digits.empty() && digits.size() <= 8;
      for (char c : digits) {
        ok = ok && (hex ? std::isxdigit(static_cast<unsigned char>(c)) : std::isdigit(static_cast<unsigned char>(c)));
      }
      if (ok) code = std::stoul(digits, nullptr, hex ? 16 : 10);
      if (!ok || code == 0 || code > 0x10FFFF) {
        Fail(start, "invalid character reference '&" + std::string(name) + ";'");
        return false;
      }
      AppendUtf8(out, code);
    } else {
      Fail(start, "unknown entity '&" + std::string(name) + ";'");
      return false;
    }
    Skip(semicolon + 1 - pos_);
    return true;
  }
  std::unique_ptr<XmlElement> ParseElement(int depth) {
    if (depth > 256) return Fail("elements nested more than 256 deep");
    auto element = std::make_unique<XmlElement>();
    element->location = Here();
    Skip(1);  // '<'
    element->name = ParseName();
    if (element->name.empty()) return Fail("expected an element name after '<'");
    for (;;) {
      SkipSpace();
      if (AtEnd()) return Fail(element->location, "unterminated start tag <" + element->name + ">");
      if (StartsWith("/>")) {
        Skip(2);
        return element;
      }
      if (StartsWith(">")) {
        Skip(1);
        break;
      }
      SourceLocation at = Here();
      std::string key = ParseName();
      if (key.empty()) return Fail("unexpected '" + std::string(1, text_[pos_]) + "' in the tag <" + element->name + ">");
      SkipSpace();
      if (!StartsWith("=")) return Fail("expected '=' after the attribute '" + key + "'");
      Skip(1);
      SkipSpace();
      if (AtEnd() || (text_[pos_] != '"' && text_[pos_] != '\'')) {
        return Fail("expected a quoted value for the attribute '" + key + "'");
      }
      char quote = text_[pos_];
      Skip(1);
      std::string value;
      while (!AtEnd() && text_[pos_] != quote) {
        if (text_[pos_] == '&') {
          if (!DecodeEntity(value)) return nullptr;
        } else if (text_[pos_] == '<') {
          return Fail("'<' in the value of the attribute '" + key + "'; write '&lt;'");
        } else {
          value += text_[pos_];
          Skip(1);
        }
      }
      if (AtEnd()) return Fail(at, "unterminated value of the attribute '" + key + "'");
      Skip(1);
      element->attributes.emplace_back(std::move(key), std::move(value));
    }
    // Content.
    for (;;) {
      if (AtEnd()) return Fail(element->location, "element <" + element->name + "> is never closed");
      char c = text_[pos_];
      if (c == '<') {
        if (StartsWith("</")) {
          SourceLocation at = Here();
          Skip(2);
          std::string name = ParseName();
          SkipSpace();
          if (name != element->name || !StartsWith(">")) {
            return Fail(at, "expected </" + element->name + "> (opened at line " +
                                std::to_string(element->location.line) + "), found </" + name + ">");
          }
          Skip(1);
          return element;
        }
        if (StartsWith("<!--")) {
          if (!SkipPast("-->", "comment")) return nullptr;
        } else if (StartsWith("<![CDATA[")) {
          Skip(9);
          NoteText(*element);
          size_t end = text_.find("]]>", pos_);
          if (end == std::string_view::npos) return Fail("unterminated CDATA section");
          element->text.append(text_.substr(pos_, end - pos_));
          Skip(end + 3 - pos_);
        } else if (StartsWith("<?")) {
          if (!SkipPast("?>", "processing instruction")) return nullptr;
        } else {
          auto child = ParseElement(depth + 1);
          if (!child) return nullptr;
          element->children.push_back(std::move(child));
        }
      } else if (c == '&') {
        NoteText(*element);
        if (!DecodeEntity(element->text)) return nullptr;
      } else {
        if (!std::isspace(static_cast<unsigned char>(c))) NoteText(*element);
        element->text += c;
        Skip(1);
      }
    }
  }
  void NoteText(XmlElement& element) const {
    if (element.text_line == 0) {
      element.text_line = line_;
      element.text_column = column_;
    }
  }

  const std::string& path_;
  std::string_view text_;
  Diagnostics& diagnostics_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<const XmlElement*> Children(const XmlElement& parent, std::string_view name) {
  std::vector<const XmlElement*> out;
  for (const auto& child : parent.children) {
    if (EqualsIgnoreCase(child->name, name)) out.push_back(child.get());
  }
  return out;
}

/// The trimmed text of the one child called `name`, with its location; reports when it is missing.
std::optional<std::pair<std::string, SourceLocation>> ChildText(const XmlElement& parent, std::string_view name,
                                                                Diagnostics& diagnostics) {
  auto found = Children(parent, name);
  if (found.empty()) {
    diagnostics.Error(parent.location, "<" + parent.name + "> has no <" + std::string(name) + ">", "xmlbif-structure");
    return std::nullopt;
  }
  const XmlElement& e = *found.front();
  SourceLocation at = e.text_line ? SourceLocation{parent.location.file, e.text_line, e.text_column} : e.location;
  return std::make_pair(Trim(e.text), at);
}

/// The numbers of a <TABLE>, each with its location; reports text that is not a number.
bool ReadTable(const XmlElement& table, std::vector<ProbabilityToken>& numbers, Diagnostics& diagnostics) {
  const std::string& s = table.text;
  int line = table.text_line, column = table.text_column;
  size_t i = 0;
  // text_line/column mark the first non-space character; walk the leading space without counting it.
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  while (i < s.size()) {
    size_t start = i;
    int start_line = line, start_column = column;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) {
      ++i;
      ++column;
    }
    std::optional<double> value = ParseNumber(std::string_view(s).substr(start, i - start));
    if (!value) {
      diagnostics.Error({table.location.file, start_line, start_column},
                        "expected a probability in <" + table.name + ">, found '" + s.substr(start, i - start) + "'",
                        "xmlbif-syntax");
      return false;
    }
    numbers.push_back({*value, start_line, start_column});
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) {
      if (s[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
      ++i;
    }
  }
  return true;
}

void BuildNetwork(const XmlElement& root, Network& network, Diagnostics& diagnostics) {
  if (!EqualsIgnoreCase(root.name, "BIF")) {
    diagnostics.Error(root.location, "the root element is <" + root.name + ">; an XMLBIF file starts with <BIF>",
                      "xmlbif-structure");
    return;
  }
  auto networks = Children(root, "NETWORK");
  if (networks.size() != 1) {
    diagnostics.Error(root.location,
                      networks.empty() ? "<BIF> has no <NETWORK>" : "<BIF> has more than one <NETWORK>",
                      "xmlbif-structure");
    return;
  }
  const XmlElement& net = *networks.front();
  if (auto name = Children(net, "NAME"); !name.empty()) network.name = Trim(name.front()->text);

  std::unordered_map<std::string, int> index;
  for (const XmlElement* v : Children(net, "VARIABLE")) {
    if (const std::string* type = v->Attribute("TYPE"); type && !EqualsIgnoreCase(Trim(*type), "nature")) {
      diagnostics.Error(v->location,
                        "variable of type '" + *type + "': only chance variables (TYPE=\"nature\") are supported",
                        "variable-type");
      continue;
    }
    auto name = ChildText(*v, "NAME", diagnostics);
    if (!name) continue;
    Variable variable;
    variable.name = name->first;
    variable.location = name->second;
    if (variable.name.empty()) {
      diagnostics.Error(name->second, "a variable with an empty <NAME>", "xmlbif-structure");
      continue;
    }
    auto outcomes = Children(*v, "OUTCOME");
    if (outcomes.empty()) outcomes = Children(*v, "VALUE");  // XMLBIF 0.2
    for (const XmlElement* o : outcomes) {
      std::string state = Trim(o->text);
      bool duplicate = false;
      for (const std::string& s : variable.states) duplicate = duplicate || s == state;
      if (duplicate) {
        diagnostics.Error(o->location, "variable '" + variable.name + "' lists state '" + state + "' twice",
                          "duplicate-state");
      }
      variable.states.push_back(std::move(state));
    }
    if (variable.states.empty()) {
      diagnostics.Error(v->location, "variable '" + variable.name + "' has no <OUTCOME>", "missing-states");
      continue;
    }
    auto [it, inserted] = index.emplace(variable.name, static_cast<int>(network.variables.size()));
    if (!inserted) {
      diagnostics.Error(variable.location,
                        "variable '" + variable.name + "' is declared twice (first at line " +
                            std::to_string(network.variables[static_cast<size_t>(it->second)].location.line) + ")",
                        "duplicate-variable");
      continue;
    }
    network.variables.push_back(std::move(variable));
  }
  network.families.resize(network.variables.size());
  std::vector<bool> defined(network.variables.size(), false);
  auto definitions = Children(net, "DEFINITION");
  for (const XmlElement* d : Children(net, "PROBABILITY")) definitions.push_back(d);
  auto find = [&](const std::string& name, const SourceLocation& at) {
    auto it = index.find(name);
    if (it != index.end()) return it->second;
    diagnostics.Error(at, "unknown variable '" + name + "'", "unknown-variable");
    return -1;
  };
  for (const XmlElement* d : definitions) {
    auto child_name = ChildText(*d, "FOR", diagnostics);
    if (!child_name) continue;
    int child = find(child_name->first, child_name->second);
    if (child < 0) continue;
    if (defined[static_cast<size_t>(child)]) {
      diagnostics.Error(child_name->second, "variable '" + child_name->first + "' has a second <DEFINITION>",
                        "duplicate-table");
      continue;
    }
    defined[static_cast<size_t>(child)] = true;
    Family family;
    family.child = child;
    family.location = child_name->second;
    bool ok = true;
    for (const XmlElement* g : Children(*d, "GIVEN")) {
      SourceLocation at = g->text_line ? SourceLocation{g->location.file, g->text_line, g->text_column} : g->location;
      std::string name = Trim(g->text);
      int parent = find(name, at);
      if (parent < 0) {
        ok = false;
        continue;
      }
      for (int q : family.parents) {
        if (q == parent) {
          diagnostics.Error(at, "parent '" + name + "' is named twice", "duplicate-parent");
          ok = false;
        }
      }
      if (parent == child) {
        diagnostics.Error(at, "variable '" + name + "' is its own parent", "cycle");
        ok = false;
      }
      family.parents.push_back(parent);
    }
    auto tables = Children(*d, "TABLE");
    if (tables.size() != 1) {
      diagnostics.Error(d->location,
                        "the <DEFINITION> of '" + child_name->first + "' has " +
                            (tables.empty() ? "no <TABLE>" : "more than one <TABLE>"),
                        "xmlbif-structure");
      ok = false;
    }
    network.families[static_cast<size_t>(child)] = std::move(family);
    Family& f = network.families[static_cast<size_t>(child)];
    if (!ok) continue;
    std::vector<ProbabilityToken> numbers;
    if (!ReadTable(*tables.front(), numbers, diagnostics)) continue;
    const size_t states = network.variables[static_cast<size_t>(child)].states.size();
    const size_t columns = network.ColumnCount(child);
    if (numbers.size() != states * columns) {
      diagnostics.Error(tables.front()->location,
                        TableSizeMessage("the <TABLE>", child_name->first, numbers.size(), states, columns),
                        "table-size");
      continue;
    }
    std::vector<const ProbabilityToken*> column(states);
    f.table.resize(states * columns);
    for (size_t c = 0; c < columns; ++c) {
      for (size_t x = 0; x < states; ++x) column[x] = &numbers[c * states + x];
      SourceLocation at{f.location.file, column[0]->line, column[0]->column};
      std::string what = columns == 1 ? "this table" : "column " + std::to_string(c + 1) + " of this table";
      if (!CheckColumn(child_name->first, column, at, what, diagnostics)) break;
      for (size_t x = 0; x < states; ++x) f.table[c * states + x] = column[x]->value;
    }
  }
  for (size_t v = 0; v < network.variables.size(); ++v) {
    network.families[v].child = static_cast<int>(v);
    if (!defined[v]) {
      diagnostics.Error(network.variables[v].location,
                        "variable '" + network.variables[v].name + "' has no <DEFINITION>", "missing-table");
      network.families[v].location = network.variables[v].location;
    }
  }
}

}  // namespace

NetworkLoadResult ReadXmlBif(const std::string& path, const std::string& text) {
  NetworkLoadResult result;
  std::unique_ptr<XmlElement> root = XmlParser(path, text, result.diagnostics).Parse();
  if (root) BuildNetwork(*root, result.network, result.diagnostics);
  FinishNetwork(path, result);
  result.sources.Add(path, text);
  return result;
}

}  // namespace argraph
