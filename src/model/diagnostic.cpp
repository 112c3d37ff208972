// Diagnostic collection and compiler-style formatting.
#include "argraph/diagnostic.h"

#include <algorithm>
#include <sstream>

namespace argraph {

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

void SourceFiles::Add(const std::string& path, std::string text) { texts_[path] = std::move(text); }

std::string SourceFiles::Line(const std::string& path, int line) const {
  auto it = texts_.find(path);
  if (it == texts_.end() || line < 1) return "";
  const std::string& text = it->second;
  size_t start = 0;
  for (int i = 1; i < line; ++i) {
    start = text.find('\n', start);
    if (start == std::string::npos) return "";
    ++start;
  }
  size_t end = text.find('\n', start);
  std::string result = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (!result.empty() && result.back() == '\r') result.pop_back();
  return result;
}

bool Diagnostics::HasErrors() const { return Count(Severity::kError) > 0; }

size_t Diagnostics::Count(Severity severity) const {
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(), [&](const Diagnostic& d) {
    return d.severity == severity;
  }));
}

std::string FormatDiagnostic(const Diagnostic& d, const SourceFiles& sources, bool color) {
  const char* bold = color ? "\033[1m" : "";
  const char* reset = color ? "\033[0m" : "";
  const char* tint = "";
  if (color) {
    tint = d.severity == Severity::kError     ? "\033[1;31m"
           : d.severity == Severity::kWarning ? "\033[1;35m"
                                              : "\033[1;36m";
  }
  std::ostringstream out;
  out << bold << d.location.file;
  if (d.location.line > 0) {
    out << ':' << d.location.line;
    if (d.location.column > 0) out << ':' << d.location.column;
  }
  out << ':' << reset << ' ' << tint << SeverityName(d.severity) << ':' << reset << ' ' << d.message;
  if (!d.rule.empty()) out << " [" << d.rule << ']';
  out << '\n';
  std::string line = sources.Line(d.location.file, d.location.line);
  if (!line.empty()) {
    // Tabs are kept so the caret lines up under the same column in a terminal.
    out << "  " << line << '\n' << "  ";
    for (int i = 1; i < d.location.column && i <= static_cast<int>(line.size()); ++i) {
      out << (line[i - 1] == '\t' ? '\t' : ' ');
    }
    out << tint << '^' << reset << '\n';
  }
  return out.str();
}

}  // namespace argraph
