// The gradual-semantics branch of `argraph eval` (gradual_eval.h).
#include "cli/gradual_eval.h"

#include <iostream>

#include "argraph/error.h"
#include "argraph/gradual.h"

namespace argraph::cli {

bool CheckGradualFlags(const GradualFlags& flags, const AnalysisInput& input, int& exit_code) {
  std::string why;
  if (flags.semantics == "bayes") {
    if (flags.allow_cycles) why = "--allow-cycles applies to the gradual semantics (--semantics dfquad|qe|eb|mlp|hcat)";
    if (flags.discrete) why = "--discrete applies to the gradual semantics (--semantics dfquad|qe|eb|mlp|hcat)";
  } else if (!input.is_argument) {
    why = "--semantics " + flags.semantics + " evaluates argument files; '" + input.path + "' is a Bayesian network";
  } else if (!input.evidence.empty()) {
    why = "--given has no meaning under --semantics " + flags.semantics +
          ": gradual semantics are directional (nothing flows back from a claim to its premises)";
  }
  if (why.empty()) return true;
  std::cerr << "argraph: error: " << why << '\n';
  exit_code = static_cast<int>(ExitCode::kUsage);
  return false;
}

bool GradualMarginals(const GradualFlags& flags, const AnalysisInput& input, Posterior& posterior, int& exit_code) {
  GradualOptions options;
  options.allow_cycles = flags.allow_cycles;
  options.discrete = flags.discrete;
  const GradualResult result = EvaluateGradual(input.argument, *GradualPreset(flags.semantics), options);
  PrintDiagnostics(result.diagnostics, SourceFiles(), OutputFormat::kText, std::cerr);
  if (result.diagnostics.HasErrors()) {
    exit_code = static_cast<int>(ExitCode::kInputErrors);
    return false;
  }
  const Network& network = input.network();
  posterior = Posterior();
  posterior.marginals.assign(network.variables.size(), {0.5, 0.5});  // hidden variables are not shown
  for (size_t i = 0; i < result.strength.size(); ++i) {
    const double s = result.strength[i];
    posterior.marginals[static_cast<size_t>(input.compiled.claim_variable[i])] = {s, 1 - s};
  }
  return true;
}

}  // namespace argraph::cli
