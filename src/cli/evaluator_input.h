// What cruxes, sweep, compare and uncertainty share beyond the analysis front end (analysis.h): the
// evaluator of a loaded input (its parameters bound to the compiled engine), parameter look-up with
// "did you mean", and JSON numbers that may be absent.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "argraph/evaluator.h"
#include "cli/analysis.h"

namespace argraph::cli {

/// The evaluator of `input`: an argument's parameters, or every table entry of a network, with a
/// junction tree compiled once. Throws MemoryLimitError when the tree is over --memory-limit.
Evaluator EvaluatorFor(const AnalysisInput& input);

/// The target event of `input`: its target variable in its first state ("true" for claims).
Target TargetOf(const AnalysisInput& input);

/// The index of parameter `name`; on an unknown name prints an error with the nearest names on stderr
/// and returns -1.
int FindParameterOrSay(const Evaluator& evaluator, const std::string& name);

/// A number, or null when absent.
nlohmann::ordered_json OptionalNumber(const std::optional<double>& value);

}  // namespace argraph::cli
