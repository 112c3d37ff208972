// What `render` and `report` share on top of the analysis front end (analysis.h): the argument loaded
// with --profile/--set/--given/--target (or read from the store with --db, the store's open objections
// added to the file's), evaluated once by exact inference, and its crux ranking (cruxes.h) — the
// numbers the present stage draws.
// Invariants of a Presentation: input.is_argument; when `credence` is set, credences[i] is
// P(claim i | evidence), finite, for every claim and `cruxes` is the crux report of the target;
// when the evidence is impossible, `credences` is empty and `credence`/`cruxes` are nullopt.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "argraph/cruxes.h"
#include "argraph/evaluator.h"
#include "argraph/render.h"
#include "cli/analysis.h"

namespace argraph::cli {

struct Presentation {
  AnalysisInput input;
  Evaluator evaluator;                ///< the compiled argument, at the what-if values
  std::vector<double> credences;      ///< P(claim | evidence), indexed like input.argument.claims
  std::optional<double> credence;     ///< P(target | evidence)
  std::optional<CruxReport> cruxes;   ///< ranked by swing; its names view `evaluator`'s
};

/// Adds the analysis flags to `command` without the analysis --format (the caller adds its own).
void AddPresentationOptions(CLI::App* command, AnalysisOptions& options);

/// Loads (an argument file, or a stored version with --db), evaluates and ranks the cruxes against
/// `threshold`. Problems are printed on stderr and give nullopt with `exit_code` set (1 for errors in
/// the file, 2 for bad options or a Bayesian-network file). Throws Error when the file cannot be read.
std::optional<Presentation> Present(const AnalysisOptions& options, double threshold, int& exit_code);

/// The diagram's inputs: credences, the parameters ranked by swing as cruxes, and each claim's swing
/// on the target as its importance (for --top).
DiagramInputs DiagramInputsOf(const Presentation& presentation);

}  // namespace argraph::cli
