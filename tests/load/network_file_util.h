// Test helper for network files: every diagnostic of a load, formatted as the command line prints it.
#pragma once

#include <string>

#include "argraph/bif.h"

namespace argraph {

inline std::string Formatted(const NetworkLoadResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics.items()) out += FormatDiagnostic(d, r.sources, false);
  return out;
}

}  // namespace argraph
