// The BIF reader: a hand-written lexer and recursive-descent parser for the BIF dialect of bnlearn,
// pgmpy and JavaBayes, then a resolution pass that turns the parsed blocks into a Network.
//
// Grammar (',' and '|' separate tokens like whitespace, as in the BIF 0.15 specification; `//` and
// `/* */` are comments; `property ... ;` may appear in any block and is skipped):
//   file        := ( network | variable | probability )*
//   network     := 'network' NAME? '{' property* '}'
//   variable    := 'variable' NAME '{' ( 'type' 'discrete' '[' N ']' '{' STATE* '}' ';' | property )* '}'
//   probability := 'probability' '(' CHILD PARENT* ')' '{' entry* '}'
//   entry       := 'table' NUM+ ';' | 'default' NUM+ ';' | '(' STATE+ ')' NUM+ ';' | property
// Blocks may come in any order; a syntax error skips to the end of its top-level block, so one run
// reports every problem.
#include <charconv>
#include <cmath>
#include <optional>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "argraph/bif.h"
#include "load/network_file.h"

namespace argraph {
namespace {

constexpr const char* kSyntax = "bif-syntax";

enum class TokenKind { kWord, kString, kLBrace, kRBrace, kLParen, kRParen, kLBracket, kRBracket, kSemicolon, kEnd };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view text;  ///< a word or the contents of a string; the character for punctuation
  int line = 0;
  int column = 0;
  int depth = 0;  ///< brace depth before the token
};

bool IsWordChar(char c) {
  switch (c) {
    case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
    case '{': case '}': case '(': case ')': case '[': case ']': case ';': case ',': case '|': case '"':
      return false;
    default:
      return true;
  }
}

std::string Describe(const Token& t) {
  if (t.kind == TokenKind::kEnd) return "the end of the file";
  char quote = t.kind == TokenKind::kString ? '"' : '\'';
  std::string out(1, quote);
  out.append(t.text);
  out.push_back(quote);
  return out;
}

class Lexer {
 public:
  Lexer(std::string_view text, const std::string& path, Diagnostics& diagnostics)
      : text_(text), path_(path), diagnostics_(diagnostics) {}

  const Token& Peek() {
    if (!peeked_) peeked_ = Lex();
    return *peeked_;
  }
  Token Next() {
    Token t = Peek();
    peeked_.reset();
    return t;
  }
  /// Skips raw text up to and including the next ';' outside double quotes (a property's value).
  /// Returns false at the end of the text.
  bool SkipPastSemicolon() {
    peeked_.reset();
    bool quoted = false;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      Advance();
      if (c == '"') quoted = !quoted;
      if (c == ';' && !quoted) return true;
      if (c == '}' && !quoted) {  // a property missing its ';': stop before the block's end
        --pos_;
        --column_;
        return false;
      }
    }
    return false;
  }
  SourceLocation Here() const { return {path_, line_, column_}; }
  /// True once an unterminated comment ran to the end of the text (and was reported).
  bool unterminated() const { return unterminated_; }
  SourceLocation At(const Token& t) const { return {path_, t.line, t.column}; }

 private:
  void Advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }
  void SkipSpaceAndComments() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == ',' || c == '|') {
        Advance();
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
        while (pos_ < text_.size() && text_[pos_] != '\n') Advance();
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
        SourceLocation start = Here();
        Advance();
        Advance();
        while (pos_ < text_.size() && !(text_[pos_] == '*' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/')) {
          Advance();
        }
        if (pos_ >= text_.size()) {
          diagnostics_.Error(start, "unterminated comment: '/*' has no closing '*/'", kSyntax);
          unterminated_ = true;
          return;
        }
        Advance();
        Advance();
      } else {
        return;
      }
    }
  }
  Token Lex() {
    SkipSpaceAndComments();
    Token t;
    t.line = line_;
    t.column = column_;
    t.depth = depth_;
    if (pos_ >= text_.size()) return t;
    char c = text_[pos_];
    size_t start = pos_;
    switch (c) {
      case '{': t.kind = TokenKind::kLBrace; ++depth_; break;
      case '}': t.kind = TokenKind::kRBrace; if (depth_ > 0) --depth_; break;
      case '(': t.kind = TokenKind::kLParen; break;
      case ')': t.kind = TokenKind::kRParen; break;
      case '[': t.kind = TokenKind::kLBracket; break;
      case ']': t.kind = TokenKind::kRBracket; break;
      case ';': t.kind = TokenKind::kSemicolon; break;
      case '"': {
        Advance();
        size_t body = pos_;
        while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\n') Advance();
        if (pos_ >= text_.size() || text_[pos_] != '"') {
          diagnostics_.Error({path_, t.line, t.column}, "unterminated string: '\"' has no closing '\"' on its line",
                             kSyntax);
          t.kind = TokenKind::kString;
          t.text = text_.substr(body, pos_ - body);
          return t;
        }
        t.kind = TokenKind::kString;
        t.text = text_.substr(body, pos_ - body);
        Advance();
        return t;
      }
      default:
        t.kind = TokenKind::kWord;
        while (pos_ < text_.size() && IsWordChar(text_[pos_]) &&
               !(text_[pos_] == '/' && pos_ + 1 < text_.size() && (text_[pos_ + 1] == '/' || text_[pos_ + 1] == '*'))) {
          Advance();
        }
        t.text = text_.substr(start, pos_ - start);
        return t;
    }
    t.text = text_.substr(start, 1);
    Advance();
    return t;
  }

  std::string_view text_;
  const std::string& path_;
  Diagnostics& diagnostics_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  int depth_ = 0;
  bool unterminated_ = false;
  std::optional<Token> peeked_;
};

/// A name as written, with where it was written.
struct Name {
  std::string_view text;
  SourceLocation location;
};

struct VariableBlock {
  Name name;
  std::vector<std::string> states;
  bool typed = false;
};

/// One `table`, `default` or `(states) numbers;` entry of a probability block.
struct Entry {
  enum Kind { kTable, kDefault, kRow } kind = kRow;
  std::vector<Name> states;  ///< parent states of a row
  size_t first = 0;          ///< its numbers are ProbabilityBlock::numbers[first, first + count)
  size_t count = 0;
  SourceLocation location;   ///< of the entry's first token
};

struct ProbabilityBlock {
  Name child;
  std::vector<Name> parents;
  std::vector<ProbabilityToken> numbers;
  std::vector<Entry> entries;
  SourceLocation location;  ///< of the `probability` keyword
};

class Parser {
 public:
  Parser(const std::string& path, const std::string& text, Diagnostics& diagnostics)
      : path_(path), lexer_(text, path, diagnostics), diagnostics_(diagnostics) {}

  void ParseFile() {
    for (;;) {
      const Token& t = lexer_.Peek();
      if (t.kind == TokenKind::kEnd) return;
      bool ok = false;
      if (t.kind == TokenKind::kWord && t.text == "network") {
        ok = ParseNetwork();
      } else if (t.kind == TokenKind::kWord && t.text == "variable") {
        ok = ParseVariable();
      } else if (t.kind == TokenKind::kWord && t.text == "probability") {
        ok = ParseProbability();
      } else {
        Expected(lexer_.Next(), "'network', 'variable' or 'probability'");
      }
      if (!ok) Recover();
    }
  }

  std::string network_name;
  bool has_network = false;
  std::vector<VariableBlock> variables;
  std::vector<ProbabilityBlock> probabilities;
  /// Names of variables and probability blocks that had syntax errors: later stages stay silent
  /// about them rather than report the same problem again as an unknown or missing variable.
  std::unordered_set<std::string_view> broken_variables, broken_tables;

 private:
  void Expected(const Token& t, const std::string& what) {
    if (t.kind == TokenKind::kEnd && lexer_.unterminated()) return;  // already reported
    diagnostics_.Error(lexer_.At(t), "expected " + what + ", found " + Describe(t), kSyntax);
  }
  /// After a syntax error: skips to just past the '}' that closes the current top-level block, or to
  /// the next top-level keyword, whichever comes first.
  void Recover() {
    for (;;) {
      const Token& t = lexer_.Peek();
      if (t.kind == TokenKind::kEnd) return;
      if (t.depth == 0 && t.kind == TokenKind::kWord &&
          (t.text == "network" || t.text == "variable" || t.text == "probability")) {
        return;
      }
      Token taken = lexer_.Next();
      if (taken.kind == TokenKind::kRBrace && taken.depth <= 1) return;
    }
  }
  bool Expect(TokenKind kind, const char* what) {
    Token t = lexer_.Next();
    if (t.kind == kind) return true;
    Expected(t, what);
    return false;
  }
  /// A word or a quoted string.
  std::optional<Name> ParseName(const std::string& what) {
    Token t = lexer_.Next();
    if (t.kind == TokenKind::kWord || t.kind == TokenKind::kString) return Name{t.text, lexer_.At(t)};
    Expected(t, what);
    return std::nullopt;
  }
  bool IsPropertyNext() {
    const Token& t = lexer_.Peek();
    return t.kind == TokenKind::kWord && t.text == "property";
  }
  bool SkipProperty() {
    Token keyword = lexer_.Next();
    if (lexer_.SkipPastSemicolon()) return true;
    diagnostics_.Error(lexer_.At(keyword), "property has no closing ';'", kSyntax);
    return false;
  }

  enum class Step { kClosed, kSkipped, kOther, kFailed };
  /// Inside a block: consumes its closing '}' (kClosed) or a property (kSkipped, or kFailed when the
  /// property is unterminated); kOther leaves the next token for the caller.
  Step BlockStep() {
    if (lexer_.Peek().kind == TokenKind::kRBrace) {
      lexer_.Next();
      return Step::kClosed;
    }
    if (!IsPropertyNext()) return Step::kOther;
    return SkipProperty() ? Step::kSkipped : Step::kFailed;
  }
  /// Names (words or strings) up to the next other token.
  std::vector<Name> ParseNames() {
    std::vector<Name> names;
    while (lexer_.Peek().kind == TokenKind::kWord || lexer_.Peek().kind == TokenKind::kString) {
      Token t = lexer_.Next();
      names.push_back({t.text, lexer_.At(t)});
    }
    return names;
  }

  bool ParseNetwork() {
    Token keyword = lexer_.Next();
    if (lexer_.Peek().kind == TokenKind::kWord || lexer_.Peek().kind == TokenKind::kString) {
      network_name = std::string(lexer_.Next().text);
    }
    if (has_network) {
      diagnostics_.Error(lexer_.At(keyword), "a second 'network' block; a file describes one network",
                         "duplicate-network");
    }
    has_network = true;
    if (!Expect(TokenKind::kLBrace, "'{' after the network's name")) return false;
    while (IsPropertyNext()) {
      if (!SkipProperty()) return false;
    }
    return Expect(TokenKind::kRBrace, "'}' or 'property' in the network block");
  }

  bool ParseVariable() {
    lexer_.Next();
    std::optional<Name> name = ParseName("a variable name after 'variable'");
    if (!name) return false;
    VariableBlock block;
    block.name = *name;
    broken_variables.insert(name->text);  // until the block is complete
    if (!Expect(TokenKind::kLBrace, "'{' after the variable's name")) return false;
    for (;;) {
      Step step = BlockStep();
      if (step == Step::kClosed) break;
      if (step == Step::kFailed) return false;
      if (step == Step::kSkipped) continue;
      const Token& t = lexer_.Peek();
      if (t.kind != TokenKind::kWord || t.text != "type") {
        Expected(lexer_.Next(), "'type', 'property' or '}' in the variable block");
        return false;
      }
      Token type_keyword = lexer_.Next();
      Token kind = lexer_.Next();
      if (kind.kind != TokenKind::kWord || kind.text != "discrete") {
        if (kind.kind == TokenKind::kWord) {
          diagnostics_.Error(lexer_.At(kind),
                             "variable '" + std::string(name->text) + "' has type '" + std::string(kind.text) +
                                 "'; only 'discrete' variables are supported",
                             "variable-type");
        } else {
          Expected(kind, "'discrete' after 'type'");
        }
        return false;
      }
      if (!Expect(TokenKind::kLBracket, "'[' and the number of states after 'discrete'")) return false;
      Token count = lexer_.Next();
      long declared = -1;
      if (count.kind == TokenKind::kWord) {
        auto [end, ec] = std::from_chars(count.text.data(), count.text.data() + count.text.size(), declared);
        if (ec != std::errc() || end != count.text.data() + count.text.size() || declared < 1) declared = -1;
      }
      if (declared < 1) {
        Expected(count, "the number of states (a positive integer)");
        return false;
      }
      if (!Expect(TokenKind::kRBracket, "']' after the number of states")) return false;
      if (!Expect(TokenKind::kLBrace, "'{' and the list of states")) return false;
      std::vector<Name> states = ParseNames();
      if (!Expect(TokenKind::kRBrace, "a state name or '}' in the list of states")) return false;
      if (!Expect(TokenKind::kSemicolon, "';' after the list of states")) return false;
      if (block.typed) {
        diagnostics_.Error(lexer_.At(type_keyword),
                           "variable '" + std::string(name->text) + "' has a second 'type'", "duplicate-type");
        continue;
      }
      block.typed = true;
      if (static_cast<long>(states.size()) != declared) {
        diagnostics_.Error(lexer_.At(count),
                           "variable '" + std::string(name->text) + "' declares " + std::to_string(declared) +
                               " states but lists " + std::to_string(states.size()),
                           "state-count");
      }
      for (size_t i = 0; i < states.size(); ++i) {
        bool duplicate = false;
        for (size_t j = 0; j < i; ++j) duplicate = duplicate || states[j].text == states[i].text;
        if (duplicate) {
          diagnostics_.Error(states[i].location,
                             "variable '" + std::string(name->text) + "' lists state '" +
                                 std::string(states[i].text) + "' twice",
                             "duplicate-state");
        }
        block.states.emplace_back(states[i].text);
      }
    }
    broken_variables.erase(name->text);
    if (!block.typed) {
      broken_variables.insert(name->text);
      diagnostics_.Error(block.name.location,
                         "variable '" + std::string(name->text) +
                             "' has no 'type discrete [ N ] { ... };' line giving its states",
                         "missing-states");
      return true;
    }
    variables.push_back(std::move(block));
    return true;
  }

  /// Reads numbers up to ';' into block.numbers. False on a syntax error.
  bool ParseNumbers(ProbabilityBlock& block, Entry& entry) {
    entry.first = block.numbers.size();
    for (;;) {
      Token t = lexer_.Next();
      if (t.kind == TokenKind::kSemicolon) break;
      if (t.kind != TokenKind::kWord) {
        Expected(t, entry.first == block.numbers.size() ? "a probability" : "a probability or ';'");
        return false;
      }
      std::optional<double> value = ParseNumber(t.text);
      if (!value) {
        Expected(t, "a probability");
        return false;
      }
      block.numbers.push_back({*value, t.line, t.column});
    }
    entry.count = block.numbers.size() - entry.first;
    if (entry.count == 0) {
      diagnostics_.Error(entry.location, "no probabilities before ';'", kSyntax);
      return false;
    }
    return true;
  }

  bool ParseProbability() {
    ProbabilityBlock block;
    block.location = lexer_.At(lexer_.Next());
    if (!Expect(TokenKind::kLParen, "'(' after 'probability'")) return false;
    std::optional<Name> child = ParseName("the variable's name after 'probability ('");
    if (!child) return false;
    block.child = *child;
    broken_tables.insert(child->text);  // until the block is complete
    block.parents = ParseNames();
    if (!Expect(TokenKind::kRParen, "a parent's name or ')'")) return false;
    if (!Expect(TokenKind::kLBrace, "'{' after 'probability ( ... )'")) return false;
    for (;;) {
      Step step = BlockStep();
      if (step == Step::kClosed) break;
      if (step == Step::kFailed) return false;
      if (step == Step::kSkipped) continue;
      const Token& t = lexer_.Peek();
      Entry entry;
      entry.location = lexer_.At(t);
      if (t.kind == TokenKind::kWord && (t.text == "table" || t.text == "default")) {
        entry.kind = t.text == "table" ? Entry::kTable : Entry::kDefault;
        lexer_.Next();
      } else if (t.kind == TokenKind::kLParen) {
        entry.kind = Entry::kRow;
        lexer_.Next();
        entry.states = ParseNames();
        if (!Expect(TokenKind::kRParen, "a state name or ')'")) return false;
      } else {
        Expected(lexer_.Next(), "'table', 'default', '(' or '}' in the probability block");
        return false;
      }
      if (!ParseNumbers(block, entry)) return false;
      block.entries.push_back(std::move(entry));
    }
    broken_tables.erase(block.child.text);
    probabilities.push_back(std::move(block));
    return true;
  }

  const std::string& path_;
  Lexer lexer_;
  Diagnostics& diagnostics_;
};

std::string JoinStates(const std::vector<std::string>& states) {
  std::string out;
  for (size_t i = 0; i < states.size(); ++i) out += (i ? ", " : "") + states[i];
  return out;
}

/// Turns the parsed blocks into the network's families, reporting every inconsistency.
class Resolver {
 public:
  Resolver(Parser& parser, Network& network, Diagnostics& diagnostics)
      : parser_(parser), network_(network), diagnostics_(diagnostics) {}


  void Run() {
    network_.name = parser_.network_name;
    std::unordered_map<std::string_view, SourceLocation> first_seen;
    for (VariableBlock& block : parser_.variables) {
      auto [it, inserted] = first_seen.emplace(block.name.text, block.name.location);
      if (!inserted) {
        diagnostics_.Error(block.name.location,
                           "variable '" + std::string(block.name.text) + "' is declared twice (first at line " +
                               std::to_string(it->second.line) + ")",
                           "duplicate-variable");
        continue;
      }
      index_.emplace(block.name.text, static_cast<int>(network_.variables.size()));
      network_.variables.push_back({std::string(block.name.text), std::move(block.states), false, block.name.location});
    }
    network_.families.resize(network_.variables.size());
    std::vector<bool> defined(network_.variables.size(), false);
    for (const ProbabilityBlock& block : parser_.probabilities) {
      int child = Find(block.child);
      if (child < 0) continue;
      if (defined[static_cast<size_t>(child)]) {
        diagnostics_.Error(block.child.location,
                           "variable '" + std::string(block.child.text) + "' has a second probability block",
                           "duplicate-table");
        continue;
      }
      defined[static_cast<size_t>(child)] = true;
      Family family;
      family.child = child;
      family.location = block.child.location;
      bool ok = true;
      for (const Name& p : block.parents) {
        int parent = Find(p);
        if (parent < 0) {
          ok = false;
          continue;
        }
        if (parent == child) {
          diagnostics_.Error(p.location, "variable '" + std::string(p.text) + "' is its own parent", "cycle");
          ok = false;
        }
        for (int q : family.parents) {
          if (q == parent) {
            diagnostics_.Error(p.location, "parent '" + std::string(p.text) + "' is named twice", "duplicate-parent");
            ok = false;
          }
        }
        family.parents.push_back(parent);
      }
      network_.families[static_cast<size_t>(child)] = std::move(family);
      if (ok) FillTable(block, network_.families[static_cast<size_t>(child)]);
    }
    for (size_t v = 0; v < network_.variables.size(); ++v) {
      network_.families[v].child = static_cast<int>(v);
      if (!defined[v] && !parser_.broken_tables.count(network_.variables[v].name)) {
        diagnostics_.Error(network_.variables[v].location,
                           "variable '" + network_.variables[v].name + "' has no probability block",
                           "missing-table");
        if (network_.families[v].location.file.empty()) network_.families[v].location = network_.variables[v].location;
      }
    }
  }

 private:
  int Find(const Name& name) {
    auto it = index_.find(name.text);
    if (it != index_.end()) return it->second;
    if (parser_.broken_variables.count(name.text)) return -1;  // its syntax error was reported
    diagnostics_.Error(name.location, "unknown variable '" + std::string(name.text) + "'", "unknown-variable");
    return -1;
  }

  void FillTable(const ProbabilityBlock& block, Family& family) {
    const Variable& child = network_.variables[static_cast<size_t>(family.child)];
    const size_t states = child.states.size();
    const size_t columns = network_.ColumnCount(family.child);
    family.table.assign(states * columns, 0.0);
    std::vector<char> filled(columns, 0);
    const Entry* default_entry = nullptr;
    bool ok = true;
    std::vector<const ProbabilityToken*> column(states);
    for (const Entry& entry : block.entries) {
      const ProbabilityToken* numbers = block.numbers.data() + entry.first;
      if (entry.kind == Entry::kTable) {
        if (entry.count != states * columns) {
          diagnostics_.Error(entry.location, TableSizeMessage("the table", child.name, entry.count, states, columns),
                             "table-size");
          ok = false;
          continue;
        }
        // BIF lists the child's states slowest: numbers[x * columns + c].
        for (size_t c = 0; c < columns; ++c) {
          if (filled[c]) {
            diagnostics_.Error(entry.location, "the table of '" + child.name + "' is given twice", "duplicate-row");
            ok = false;
            break;
          }
          for (size_t x = 0; x < states; ++x) column[x] = &numbers[x * columns + c];
          std::string where = columns == 1 ? "this table" : "column " + std::to_string(c + 1) + " of this table";
          if (!CheckColumn(block.child.text, column, entry.location, where, diagnostics_)) {
            ok = false;
            break;
          }
          for (size_t x = 0; x < states; ++x) family.table[c * states + x] = column[x]->value;
          filled[c] = 1;
        }
        continue;
      }
      if (entry.count != states) {
        diagnostics_.Error(entry.location,
                           "this row of '" + child.name + "' has " + std::to_string(entry.count) +
                               " probabilities; expected " + std::to_string(states) + " (one per state: " +
                               JoinStates(child.states) + ")",
                           "row-size");
        ok = false;
        continue;
      }
      for (size_t x = 0; x < states; ++x) column[x] = &numbers[x];
      if (!CheckColumn(block.child.text, column, entry.location, "this row", diagnostics_)) {
        ok = false;
        continue;
      }
      if (entry.kind == Entry::kDefault) {
        if (default_entry) {
          diagnostics_.Error(entry.location, "a second 'default' row for '" + child.name + "'", "duplicate-row");
          ok = false;
        }
        default_entry = &entry;
        continue;
      }
      if (entry.states.size() != family.parents.size()) {
        diagnostics_.Error(entry.location,
                           "this row names " + std::to_string(entry.states.size()) + " parent states; '" +
                               child.name + "' has " + std::to_string(family.parents.size()) + " parents",
                           "row-size");
        ok = false;
        continue;
      }
      size_t c = 0;
      bool row_ok = true;
      for (size_t i = 0; i < family.parents.size(); ++i) {
        const Variable& parent = network_.variables[static_cast<size_t>(family.parents[i])];
        size_t s = 0;
        while (s < parent.states.size() && parent.states[s] != entry.states[i].text) ++s;
        if (s == parent.states.size()) {
          diagnostics_.Error(entry.states[i].location,
                             "'" + std::string(entry.states[i].text) + "' is not a state of '" + parent.name +
                                 "' (its states: " + JoinStates(parent.states) + ")",
                             "unknown-state");
          row_ok = false;
          break;
        }
        c = c * parent.states.size() + s;
      }
      if (!row_ok) {
        ok = false;
        continue;
      }
      if (filled[c]) {
        diagnostics_.Error(entry.location, "this row of '" + child.name + "' is given twice", "duplicate-row");
        ok = false;
        continue;
      }
      filled[c] = 1;
      for (size_t x = 0; x < states; ++x) family.table[c * states + x] = numbers[x].value;
    }
    if (!ok) return;
    for (size_t c = 0; c < columns; ++c) {
      if (filled[c]) continue;
      if (default_entry) {
        for (size_t x = 0; x < states; ++x) {
          family.table[c * states + x] = block.numbers[default_entry->first + x].value;
        }
        continue;
      }
      // Name the first missing parent assignment.
      std::vector<std::string> assignment(family.parents.size());
      size_t rest = c;
      for (size_t i = family.parents.size(); i-- > 0;) {
        const Variable& parent = network_.variables[static_cast<size_t>(family.parents[i])];
        assignment[i] = parent.states[rest % parent.states.size()];
        rest /= parent.states.size();
      }
      diagnostics_.Error(block.location,
                         "the probability block of '" + child.name + "' has no row for (" +
                             JoinStates(assignment) + ") and no 'default'",
                         "missing-row");
      return;
    }
  }

  Parser& parser_;
  Network& network_;
  Diagnostics& diagnostics_;
  std::unordered_map<std::string_view, int> index_;
};

}  // namespace

NetworkLoadResult ReadBif(const std::string& path, const std::string& text) {
  NetworkLoadResult result;
  Parser parser(path, text, result.diagnostics);
  parser.ParseFile();
  if (!parser.has_network && parser.variables.empty() && parser.probabilities.empty() &&
      !result.diagnostics.HasErrors()) {
    result.diagnostics.Error({path, 0, 0}, "the file holds no network: no 'network', 'variable' or 'probability' block",
                             "empty-network");
  }
  Resolver(parser, result.network, result.diagnostics).Run();
  FinishNetwork(path, result);
  result.sources.Add(path, text);
  return result;
}

}  // namespace argraph
