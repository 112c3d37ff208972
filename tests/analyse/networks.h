// Networks for the analysis tests: asia (bnlearn's CPTs, as in ../shared/data/bif/asia.bif, typed in by
// hand so these tests do not depend on the BIF reader) and random small networks for brute-force checks.
//
//   asia   smoke
//    |     /   |
//   tub  lung  bronc
//     |  /       |
//    either      |
//    /    |      |
//  xray    dysp -+   (either -> xray, either -> dysp, bronc -> dysp)
#pragma once

#include <random>

#include "argraph/network.h"

namespace argraph::testing {

/// asia with states {yes, no}; variables in the file's order: asia tub smoke lung bronc either xray dysp.
inline Network Asia() {
  Network net;
  net.name = "asia";
  for (const char* name : {"asia", "tub", "smoke", "lung", "bronc", "either", "xray", "dysp"}) {
    net.variables.push_back({name, {"yes", "no"}, false, {}});
  }
  auto family = [&](int child, std::vector<int> parents, std::vector<double> table) {
    net.families.push_back({child, std::move(parents), std::move(table), {}});
  };
  family(0, {}, {0.01, 0.99});
  family(1, {0}, {0.05, 0.95, 0.01, 0.99});
  family(2, {}, {0.5, 0.5});
  family(3, {2}, {0.1, 0.9, 0.01, 0.99});
  family(4, {2}, {0.6, 0.4, 0.3, 0.7});
  // either | lung, tub: a deterministic OR (lung slowest, tub, then either).
  family(5, {3, 1}, {1, 0, 1, 0, 1, 0, 0, 1});
  family(6, {5}, {0.98, 0.02, 0.05, 0.95});
  // dysp | bronc, either
  family(7, {4, 5}, {0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.1, 0.9});
  return net;
}

/// A random network of `n` variables with 2 or 3 states, up to 3 parents each (earlier variables only),
/// and tables with some exact zeros (about one entry in eight) so that zero entries get exercised.
inline Network RandomNetwork(std::mt19937_64& rng, int n) {
  Network net;
  net.name = "random";
  std::uniform_int_distribution<int> states(2, 3);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int v = 0; v < n; ++v) {
    Variable var;
    var.name = "v";
    var.name += std::to_string(v);
    const int k = states(rng);
    for (int s = 0; s < k; ++s) {
      var.states.emplace_back("s");
      var.states.back() += std::to_string(s);
    }
    net.variables.push_back(var);
  }
  for (int v = 0; v < n; ++v) {
    Family f;
    f.child = v;
    for (int p = 0; p < v && f.parents.size() < 3; ++p) {
      if (unit(rng) < 0.45) f.parents.push_back(p);
    }
    net.families.push_back(f);
    const size_t k = net.variables[static_cast<size_t>(v)].states.size();
    const size_t columns = net.ColumnCount(v);
    std::vector<double>& table = net.families.back().table;
    for (size_t c = 0; c < columns; ++c) {
      double sum = 0;
      std::vector<double> column(k);
      for (size_t x = 0; x < k; ++x) {
        column[x] = unit(rng) < 0.125 ? 0.0 : 0.05 + unit(rng);
        sum += column[x];
      }
      if (sum == 0) {
        column[0] = 1;
        sum = 1;
      }
      for (double p : column) table.push_back(p / sum);
    }
  }
  return net;
}

}  // namespace argraph::testing
