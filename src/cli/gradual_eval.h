// `eval --semantics dfquad|qe|eb|mlp|hcat`: the gradual semantics (gradual.h) in eval's output shape.
// A claim's "true" is its final strength σ and "false" 1 − σ; the method is the semantics' name.
#pragma once

#include <string>

#include "argraph/inference.h"
#include "cli/analysis.h"

namespace argraph::cli {

struct GradualFlags {
  std::string semantics = "bayes";  ///< "bayes" or a preset of GradualPresetNames()
  bool allow_cycles = false;        ///< cyclic arguments are evaluated (gradual semantics only)
  bool discrete = false;            ///< cyclic parts: discrete iteration instead of RK4
};

/// Refuses flag combinations that make no sense (--allow-cycles or --discrete under bayes, --given or a
/// network file under a gradual semantics): prints why and returns false with exit code 2.
bool CheckGradualFlags(const GradualFlags& flags, const AnalysisInput& input, int& exit_code);

/// Fills `posterior` with every claim's strength as its "true" marginal. Prints non-convergence
/// warnings on stderr. False (exit code 1) when the evaluation reported an error.
bool GradualMarginals(const GradualFlags& flags, const AnalysisInput& input, Posterior& posterior, int& exit_code);

}  // namespace argraph::cli
