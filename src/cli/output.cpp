// Shared output helpers: diagnostics in text or JSON, terminal colour detection, JSON writing, and
// writing a command's output file.
#include "cli/output.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>

#include "argraph/error.h"

namespace argraph::cli {

OutputFormat ParseOutputFormat(const std::string& name) {
  if (name == "json") return OutputFormat::kJson;
  if (name == "csv") return OutputFormat::kCsv;
  return OutputFormat::kText;
}

bool UseColor(const std::ostream& stream) {
  int fd = -1;
  if (&stream == &std::cout) fd = STDOUT_FILENO;
  if (&stream == &std::cerr) fd = STDERR_FILENO;
  if (fd < 0 || !isatty(fd)) return false;
  if (std::getenv("NO_COLOR") != nullptr) return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::strcmp(term, "dumb") != 0;
}

nlohmann::json DiagnosticJson(const Diagnostic& d) {
  return {{"file", d.location.file}, {"line", d.location.line},        {"column", d.location.column},
          {"severity", SeverityName(d.severity)}, {"message", d.message}, {"rule", d.rule}};
}

void PrintDiagnostics(const Diagnostics& diagnostics, const SourceFiles& sources, OutputFormat format,
                      std::ostream& stream) {
  if (format == OutputFormat::kJson) {
    nlohmann::json array = nlohmann::json::array();
    for (const Diagnostic& d : diagnostics.items()) array.push_back(DiagnosticJson(d));
    WriteJson(array, stream);
    return;
  }
  const bool color = UseColor(stream);
  for (const Diagnostic& d : diagnostics.items()) stream << FormatDiagnostic(d, sources, color);
}

std::string DiagnosticSummary(size_t errors, size_t warnings, size_t files) {
  auto count = [](size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  return count(errors, "error", "errors") + ", " + count(warnings, "warning", "warnings") + " in " +
         count(files, "file", "files");
}

void WriteJson(const nlohmann::json& value, std::ostream& stream) {
  // Replace invalid UTF-8 rather than throw: messages quote the user's bytes.
  stream << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void WriteOutput(const std::string& path, const std::string& bytes) {
  if (path == "-") {
    std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    std::cout.flush();
    if (!std::cout) throw Error("cannot write to standard output");
    return;
  }
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw Error("cannot write '" + path + "'; check that its folder exists and is writable");
}

}  // namespace argraph::cli
