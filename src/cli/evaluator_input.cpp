// The evaluator of an analysis input, and parameter look-up for the analysis commands (evaluator_input.h).
#include "cli/evaluator_input.h"

#include <iostream>

#include "argraph/parameters.h"

namespace argraph::cli {

Evaluator EvaluatorFor(const AnalysisInput& input) {
  const Network& network = input.network();
  auto propagator = MakeJunctionTreePropagator(network, input.tree_options);
  if (input.is_argument) return Evaluator(MakeArgumentSpace(input.compiled), std::move(propagator));
  return Evaluator(MakeNetworkEntrySpace(input.bif), std::move(propagator));
}

Target TargetOf(const AnalysisInput& input) {
  return {input.target, 0};
}

int FindParameterOrSay(const Evaluator& evaluator, const std::string& name) {
  const int p = evaluator.space().Find(name);
  if (p >= 0) return p;
  const std::string message =
      "argraph: error: unknown parameter '" + name + "'" + DidYouMean(name, evaluator.space().Names());
  std::cerr << message << '\n';
  return -1;
}

nlohmann::ordered_json OptionalNumber(const std::optional<double>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

}  // namespace argraph::cli
