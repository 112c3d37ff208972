// Compiler-style diagnostic formatting.
#include <catch2/catch.hpp>

#include "argraph/diagnostic.h"

using namespace argraph;

TEST_CASE("a diagnostic prints location, message, rule, source line and caret") {
  SourceFiles sources;
  sources.Add("a.yaml", "format: argraph/1\nclaims:\n  x: {credence: 1.5}\n");
  Diagnostic d{{"a.yaml", 3, 17}, Severity::kError, "credence 1.5 is outside [0,1]", "probability-range"};
  CHECK(FormatDiagnostic(d, sources, false) ==
        "a.yaml:3:17: error: credence 1.5 is outside [0,1] [probability-range]\n"
        "    x: {credence: 1.5}\n"
        "                  ^\n");
}

TEST_CASE("a diagnostic without a known line prints the file only") {
  SourceFiles sources;
  Diagnostic d{{"b.yaml", 0, 0}, Severity::kWarning, "empty file", "empty-file"};
  CHECK(FormatDiagnostic(d, sources, false) == "b.yaml: warning: empty file [empty-file]\n");
}

TEST_CASE("diagnostics count by severity") {
  Diagnostics ds;
  ds.Warning({}, "w", "r");
  CHECK_FALSE(ds.HasErrors());
  ds.Error({}, "e", "r");
  ds.Note({}, "n", "r");
  CHECK(ds.HasErrors());
  CHECK(ds.Count(Severity::kError) == 1);
  CHECK(ds.Count(Severity::kNote) == 1);
}
