// Sweeps: P(target | e) along one parameter or over a grid of two, each point exact (one query of the
// compiled engine per point; nothing is interpolated).
// Invariant: probability has one entry per grid point, the first axis slowest; nullopt where the
// evidence is impossible at that point.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "argraph/evaluator.h"

namespace argraph {

struct SweepAxis {
  size_t parameter = 0;
  double from = 0, to = 1;
  int steps = 21;  ///< points, ends included (at least 2)
};

struct SweepResult {
  std::vector<std::string> names;           ///< one per axis
  std::vector<std::vector<double>> values;  ///< values[axis][k]
  std::vector<std::optional<double>> probability;
};

/// The default sweep range of a parameter: [0,1] for a probability, value ± 3 for a log-odds weight.
std::pair<double, double> SweepRange(const Parameter& parameter);

/// P(target | evidence) at every point of the grid spanned by `axes` (one or two).
SweepResult Sweep(const Evaluator& evaluator, const Target& target, const Evidence& evidence,
                  const std::vector<SweepAxis>& axes);

}  // namespace argraph
