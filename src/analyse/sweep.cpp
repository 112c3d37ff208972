// Sweeps over one or two parameters (sweep.h).
#include "argraph/sweep.h"

#include <algorithm>

namespace argraph {

std::pair<double, double> SweepRange(const Parameter& parameter) {
  if (parameter.IsProbability()) return {0.0, 1.0};
  return {parameter.value - 3, parameter.value + 3};
}

SweepResult Sweep(const Evaluator& evaluator, const Target& target, const Evidence& evidence,
                  const std::vector<SweepAxis>& axes) {
  SweepResult result;
  for (const SweepAxis& axis : axes) {
    result.names.push_back(evaluator.parameters()[axis.parameter].name);
    std::vector<double> values;
    const int steps = std::max(2, axis.steps);
    for (int k = 0; k < steps; ++k) {
      // The last point is `to` exactly, not `from` plus a rounded sum.
      values.push_back(k + 1 == steps ? axis.to : axis.from + (axis.to - axis.from) * k / (steps - 1));
    }
    result.values.push_back(std::move(values));
  }
  Evaluator moved = evaluator.Clone();
  if (axes.size() == 1) {
    for (double x : result.values[0]) {
      moved.Set(axes[0].parameter, x);
      result.probability.push_back(moved.Probability(target, evidence));
    }
  } else {
    for (double x : result.values[0]) {
      moved.Set(axes[0].parameter, x);
      for (double y : result.values[1]) {
        moved.Set(axes[1].parameter, y);
        result.probability.push_back(moved.Probability(target, evidence));
      }
    }
  }
  return result;
}

}  // namespace argraph
