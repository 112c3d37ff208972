// The shared front end of `render` and `report` (presentation.h), on top of analysis.h.
#include "cli/presentation.h"

#include <algorithm>
#include <iostream>

#include "argraph/claim_lookup.h"
#include "argraph/error.h"
#include "cli/critique.h"
#include "cli/evaluator_input.h"

namespace argraph::cli {

void AddPresentationOptions(CLI::App* command, AnalysisOptions& options) {
  AddAnalysisOptions(command, options);
  // render and report write diagrams and pages, not tables: their --format is their own.
  command->remove_option(command->get_option("--format"));
}

std::optional<Presentation> Present(const AnalysisOptions& options, double threshold, int& exit_code) {
  AnalysisInput input;
  if (!LoadAnalysisInput(options, input, exit_code)) return std::nullopt;
  if (!input.is_argument) {
    exit_code = UsageError("'" + input.path + "' is a Bayesian network; render and report draw argument files");
    return std::nullopt;
  }
  if (input.stored) {  // the store's open objections are drawn and listed like the file's
    Store store = Store::Open(input.db_path);
    for (Objection& o : StoredObjections(store, input.stored->argument_id)) {
      input.argument.objections.push_back(std::move(o));
    }
  }
  Evaluator evaluator = EvaluatorFor(input);
  Presentation out{std::move(input), std::move(evaluator), {}, std::nullopt, std::nullopt};
  const AnalysisInput& in = out.input;
  Posterior posterior;
  if (out.evaluator.Propagate(in.evidence, false, posterior)) {
    out.credences.resize(in.argument.claims.size());
    for (size_t c = 0; c < out.credences.size(); ++c) {
      out.credences[c] = posterior.marginals[static_cast<size_t>(in.compiled.claim_variable[c])][0];
    }
    out.credence = posterior.marginals[static_cast<size_t>(in.target)][0];  // a claim: state 0 is true
    out.cruxes = Cruxes(out.evaluator, TargetOf(in), in.evidence, threshold);
  } else {
    std::cerr << "argraph: warning: " << ImpossibleEvidenceMessage(in) << "; no credences are shown\n";
  }
  exit_code = 0;
  return out;
}

DiagramInputs DiagramInputsOf(const Presentation& p) {
  DiagramInputs inputs;
  inputs.credences = p.credences;
  const std::string target = p.input.network().variables[static_cast<size_t>(p.input.target)].name;
  inputs.target = target;
  if (!p.cruxes) return inputs;
  for (const ParameterCrux& crux : p.cruxes->parameters) inputs.cruxes.emplace_back(crux.name);
  // A claim matters to the target as much as learning it would move the target; the target most.
  const Argument& argument = p.input.argument;
  const ClaimLookup lookup(argument);  // Argument::ClaimIndex is linear: 10,000 claims
  inputs.importance.assign(argument.claims.size(), 0.0);
  for (const ClaimCrux& crux : p.cruxes->claims) {
    const int c = lookup.Index(crux.id);
    if (c >= 0) inputs.importance[static_cast<size_t>(c)] = crux.swing();
  }
  const int t = lookup.Index(target);
  if (t >= 0) inputs.importance[static_cast<size_t>(t)] = 2.0;
  return inputs;
}

}  // namespace argraph::cli
