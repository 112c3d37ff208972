// Diagnostics: problems found in the user's input, collected rather than thrown, so a stage reports
// every problem in one run. Printed compiler-style:
//   FILE:LINE:COL: error: message [rule-id]
//     <the source line>
//     ^
// Invariants: line and column are 1-based; 0 means "unknown" (the location is printed as FILE only).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace argraph {

struct SourceLocation {
  std::string file;  ///< path as the user named it (or as resolved from an import)
  int line = 0;      ///< 1-based; 0 = unknown
  int column = 0;    ///< 1-based; 0 = unknown
};

enum class Severity { kError, kWarning, kNote };

/// "error", "warning" or "note".
const char* SeverityName(Severity severity);

struct Diagnostic {
  SourceLocation location;
  Severity severity = Severity::kError;
  std::string message;  ///< one line: what is wrong and, where possible, what to do
  std::string rule;     ///< stable kebab-case rule id, e.g. "unknown-key"
};

/// The texts of the files a run has read, so diagnostics can quote the offending line.
class SourceFiles {
 public:
  /// Remembers `text` as the content of `path` (replacing an earlier one).
  void Add(const std::string& path, std::string text);
  /// The 1-based line `line` of `path` without its newline, or "" when unknown.
  std::string Line(const std::string& path, int line) const;
  /// Every text remembered, by path.
  const std::map<std::string, std::string>& texts() const { return texts_; }

 private:
  std::map<std::string, std::string> texts_;
};

/// An ordered collection of diagnostics.
class Diagnostics {
 public:
  void Add(Diagnostic diagnostic) { items_.push_back(std::move(diagnostic)); }
  void Error(SourceLocation where, std::string message, std::string rule) {
    Add({std::move(where), Severity::kError, std::move(message), std::move(rule)});
  }
  void Warning(SourceLocation where, std::string message, std::string rule) {
    Add({std::move(where), Severity::kWarning, std::move(message), std::move(rule)});
  }
  void Note(SourceLocation where, std::string message, std::string rule) {
    Add({std::move(where), Severity::kNote, std::move(message), std::move(rule)});
  }
  bool HasErrors() const;
  size_t Count(Severity severity) const;
  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }
  void Append(const Diagnostics& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
  }

 private:
  std::vector<Diagnostic> items_;
};

/// The compiler-style text of one diagnostic: location line, source line and caret (when the line is
/// known). With `color`, severity and rule are coloured with ANSI escapes.
std::string FormatDiagnostic(const Diagnostic& diagnostic, const SourceFiles& sources, bool color);

}  // namespace argraph
