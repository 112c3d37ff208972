// Internal to src/load: the steps every network reader (BIF, XMLBIF) ends with.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "argraph/bif.h"

namespace argraph {

/// A probability as written in a file, with the place its text starts.
struct ProbabilityToken {
  double value = 0;
  int line = 0;
  int column = 0;
};

/// The value of a decimal number such as "0.25", "+1", "1e-5"; nullopt for anything else, including
/// "inf" and "nan". Literals too small for a double (1e-400) are 0.
std::optional<double> ParseNumber(std::string_view text);

/// Checks one column of a variable's table: every entry in [0,1] (else an error at that entry) and a
/// sum within 1e-6 of 1 (else an error at `where`, the column called `what`, e.g. "this row").
bool CheckColumn(std::string_view child, const std::vector<const ProbabilityToken*>& column,
                 const SourceLocation& where, const std::string& what, Diagnostics& diagnostics);

/// "<what> of '<child>' has N probabilities; expected M (...)", for a table of the wrong size.
std::string TableSizeMessage(const std::string& what, std::string_view child, size_t count, size_t states,
                             size_t columns);

/// After a reader filled result.network: when there are no errors yet, runs ValidateNetwork (cycles,
/// renormalisation of columns off by at most 1e-6, with a note) and gives its file-less diagnostics
/// the location `path`.
void FinishNetwork(const std::string& path, NetworkLoadResult& result);

}  // namespace argraph
