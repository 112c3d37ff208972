// Output helpers shared by every command: diagnostics as compiler-style text or as JSON, colour only on
// a terminal, and JSON writing. Commands print their results on stdout and, when the results are not
// diagnostics, the diagnostics on stderr.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "argraph/diagnostic.h"

namespace argraph::cli {

enum class OutputFormat { kText, kJson, kCsv };

/// The format named `name` ("text", "json", "csv"); text for anything else.
OutputFormat ParseOutputFormat(const std::string& name);

/// True when `stream` is std::cout or std::cerr attached to a terminal, NO_COLOR is unset and TERM is
/// not "dumb".
bool UseColor(const std::ostream& stream);

/// A diagnostic as {"file", "line", "column", "severity", "message", "rule"} (line and column 1-based,
/// 0 when unknown).
nlohmann::json DiagnosticJson(const Diagnostic& diagnostic);

/// Prints every diagnostic: text (with source line and caret; coloured when `stream` is a terminal) or
/// a JSON array of DiagnosticJson objects (kCsv prints text).
void PrintDiagnostics(const Diagnostics& diagnostics, const SourceFiles& sources, OutputFormat format,
                      std::ostream& stream);

/// "2 errors, 1 warning in 1 file".
std::string DiagnosticSummary(size_t errors, size_t warnings, size_t files);

/// Writes `value` indented by two spaces, with a final newline. Numbers are never NaN (JSON has none):
/// the caller must have refused them earlier; a NaN would be written as null.
void WriteJson(const nlohmann::json& value, std::ostream& stream);

/// Writes `bytes` to `path`, or to standard output when `path` is "-". Throws Error on failure.
void WriteOutput(const std::string& path, const std::string& bytes);

}  // namespace argraph::cli
