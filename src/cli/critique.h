// The critique as the command line runs it: `argraph critique FILE` and `check --critique`. Only this
// layer reads source texts from disk (for the quote rule); the analysis itself does no I/O.
#pragma once

#include <vector>

#include "argraph/critique.h"

namespace argraph::cli {

/// The critique of `argument`, reading the sources' `file:` texts from disk.
std::vector<Finding> CritiqueFromDisk(const Argument& argument);

/// The findings as diagnostics (numbers dropped), for commands that print diagnostics.
Diagnostics FindingsAsDiagnostics(const std::vector<Finding>& findings);

}  // namespace argraph::cli
