// Network look-ups and validation; the shared binary state list.
#include "argraph/network.h"

#include <cmath>
#include <sstream>

namespace argraph {

StateNames StateNames::Binary() {
  static const std::vector<std::string> kBinary{"true", "false"};
  StateNames names;
  names.shared_ = &kBinary;
  return names;
}

std::vector<std::string>& StateNames::Own() {
  if (shared_ != nullptr) {
    own_ = *shared_;
    shared_ = nullptr;
  }
  return own_;
}

int Network::FindVariable(std::string_view variable_name) const {
  for (size_t i = 0; i < variables.size(); ++i) {
    if (variables[i].name == variable_name) return static_cast<int>(i);
  }
  return -1;
}

size_t Network::ColumnCount(int v) const {
  size_t columns = 1;
  for (int p : families[static_cast<size_t>(v)].parents) columns *= variables[static_cast<size_t>(p)].states.size();
  return columns;
}

void ValidateNetwork(Network& network, Diagnostics& diagnostics, double normalize_tolerance) {
  const size_t n = network.variables.size();
  if (network.families.size() != n) {
    diagnostics.Error({}, "network has " + std::to_string(n) + " variables but " +
                              std::to_string(network.families.size()) + " tables", "network-shape");
    return;
  }
  bool normalized = false;
  double worst = 0;
  for (size_t v = 0; v < n; ++v) {
    Family& f = network.families[v];
    const std::string& name = network.variables[v].name;
    if (f.child != static_cast<int>(v)) {
      diagnostics.Error(f.location, "table of '" + name + "' is stored for another variable", "network-shape");
      continue;
    }
    bool parents_ok = true;
    for (int p : f.parents) {
      if (p < 0 || static_cast<size_t>(p) >= n || p == static_cast<int>(v)) parents_ok = false;
    }
    if (!parents_ok) {
      diagnostics.Error(f.location, "table of '" + name + "' names an invalid parent", "network-shape");
      continue;
    }
    const size_t states = network.variables[v].states.size();
    const size_t columns = network.ColumnCount(static_cast<int>(v));
    if (f.table.size() != states * columns) {
      diagnostics.Error(f.location,
                        "table of '" + name + "' has " + std::to_string(f.table.size()) +
                            " entries; expected " + std::to_string(states * columns),
                        "table-size");
      continue;
    }
    for (size_t c = 0; c < columns; ++c) {
      double sum = 0;
      bool finite = true;
      for (size_t x = 0; x < states; ++x) {
        double p = f.table[c * states + x];
        if (!std::isfinite(p) || p < 0 || p > 1) finite = false;
        sum += p;
      }
      if (!finite) {
        diagnostics.Error(f.location, "table of '" + name + "' has an entry outside [0,1]", "probability-range");
        break;
      }
      double off = std::fabs(sum - 1);
      if (off > normalize_tolerance) {
        std::ostringstream msg;
        msg << "a row of the table of '" << name << "' sums to " << sum << ", not 1";
        diagnostics.Error(f.location, msg.str(), "row-sum");
        break;
      }
      // Columns within 1e-12 are left as they are, so that renormalised tables written out and read
      // back (bif.h) come back bit for bit instead of being divided again by a sum one ulp from 1.
      if (off > 1e-12) {
        for (size_t x = 0; x < states; ++x) f.table[c * states + x] /= sum;
        normalized = true;
        worst = std::max(worst, off);
      }
    }
  }
  // Acyclicity: depth-first search with colours, iteratively.
  std::vector<int> colour(n, 0);
  for (size_t start = 0; start < n; ++start) {
    if (colour[start]) continue;
    std::vector<std::pair<size_t, size_t>> stack{{start, 0}};
    colour[start] = 1;
    while (!stack.empty()) {
      auto& [v, next] = stack.back();
      const auto& parents = network.families[v].parents;
      if (next < parents.size()) {
        int p = parents[next++];
        if (p < 0 || static_cast<size_t>(p) >= n) continue;
        if (colour[static_cast<size_t>(p)] == 1) {
          diagnostics.Error(network.families[v].location,
                            "the network has a cycle through '" + network.variables[v].name + "'", "cycle");
          return;
        }
        if (colour[static_cast<size_t>(p)] == 0) {
          colour[static_cast<size_t>(p)] = 1;
          stack.push_back({static_cast<size_t>(p), 0});
        }
      } else {
        colour[v] = 2;
        stack.pop_back();
      }
    }
  }
  if (normalized) {
    std::ostringstream msg;
    msg << "some table rows sum to 1 only within " << worst << "; they were renormalised";
    diagnostics.Note({}, msg.str(), "row-normalized");
  }
}

}  // namespace argraph
