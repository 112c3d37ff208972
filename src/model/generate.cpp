// Generated debates (generate.h).
#include "argraph/generate.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace argraph {
namespace {

/// SplitMix64: tiny, fast, and the same on every platform.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  /// Uniform in [lo, hi], rounded to `digits` decimals so the file stays readable.
  double Between(double lo, double hi, int digits = 2) {
    const double scale = std::pow(10.0, digits);
    return std::round((lo + (hi - lo) * Uniform()) * scale) / scale;
  }
  /// Uniform integer in [lo, hi].
  size_t Integer(size_t lo, size_t hi) { return lo + static_cast<size_t>(Uniform() * static_cast<double>(hi - lo + 1)); }
  bool Chance(double p) { return Uniform() < p; }

 private:
  uint64_t state_;
};

constexpr size_t kMaxLogisticParents = 8;

std::string Id(size_t i) { return "claim-" + std::to_string(i); }

/// A supporting or attacking link's number for a claim of rule `rule`.
void SetLinkValue(Link& link, Rule rule, Random& random) {
  if (rule == Rule::kLogistic) {
    if (link.relation == Relation::kSupports && random.Chance(0.3)) {
      link.lr = static_cast<double>(random.Integer(2, 5));
      link.weight = std::log(*link.lr);
    } else {
      link.weight = random.Between(0.2, 2.0);
    }
  } else {
    link.strength = rule == Rule::kAll && link.relation == Relation::kSupports ? random.Between(0.3, 1.0)
                                                                               : random.Between(0.1, 0.9);
  }
}

}  // namespace

Argument GenerateDebate(const GenerateOptions& options) {
  Random random(options.seed);
  const size_t n = std::max<size_t>(options.claims, 1);
  const size_t max_fan_in = std::max<size_t>(options.max_fan_in, 2);
  Argument argument;
  argument.format = "argraph/1";
  argument.id = "generated-debate";
  argument.title = "A generated debate of " + std::to_string(n) + " claims (seed " + std::to_string(options.seed) + ")";
  argument.conclusion = Id(0);
  argument.sources.push_back({"generator", "argraph gen", "", std::nullopt, "", "", {}});
  argument.claims.resize(n);
  std::vector<size_t> parent(n, 0);               // tree parent (claim 0: itself)
  std::vector<std::vector<size_t>> children(n);   // tree children, in order
  // Breadth-first growth: claims are numbered in the order they are created, and every link comes
  // from a claim with a larger number, so the claim graph is acyclic.
  size_t created = 1;
  for (size_t next = 0; next < n && created < n; ++next) {
    // The claims still to expand after this one; the last of them must expand if nothing else can.
    const bool must_expand = next + 1 == created;
    if (next > 0 && !must_expand && !random.Chance(0.22)) continue;
    size_t fan_in = random.Chance(0.1) ? random.Integer(std::min<size_t>(10, max_fan_in), max_fan_in)
                                       : random.Integer(2, std::min<size_t>(5, max_fan_in));
    fan_in = std::min(fan_in, n - created);
    for (size_t k = 0; k < fan_in; ++k) {
      parent[created] = next;
      children[next].push_back(created);
      ++created;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    Claim& claim = argument.claims[i];
    claim.id = Id(i);
    claim.text = "Generated claim " + std::to_string(i) + ".";
    claim.source = "generator";
    if (children[i].empty()) {
      const double credence = random.Between(0.05, 0.95);
      const double half = random.Between(0.05, 0.2);
      claim.credence = credence;
      claim.interval = std::make_pair(std::max(0.01, std::round((credence - half) * 100) / 100),
                                      std::min(0.99, std::round((credence + half) * 100) / 100));
      continue;
    }
    const double pick = random.Uniform();
    claim.rule = children[i].size() <= kMaxLogisticParents && pick < 0.2 ? Rule::kLogistic
                 : pick < 0.6                                             ? Rule::kAny
                                                                          : Rule::kAll;
    if (claim.rule == Rule::kAll) claim.reliability = random.Between(0.8, 1.0);
    if (claim.rule == Rule::kAny) claim.leak = random.Between(0.0, 0.1);
    if (claim.rule == Rule::kLogistic) claim.base = random.Between(0.2, 0.8);
    for (size_t k = 0; k < children[i].size(); ++k) {
      Link link;
      link.from = Id(children[i][k]);
      const double r = random.Uniform();
      // The first reason always supports, so an undercut of an any/logistic claim has a link to name.
      if (k > 0 && r < 0.05) link.relation = Relation::kAttacks;
      if (k > 0 && r >= 0.05 && r < 0.07) link.relation = Relation::kUndercuts;
      if (link.relation == Relation::kUndercuts) {
        link.strength = random.Between(0.1, 0.6);
        if (claim.rule != Rule::kAll) link.link = claim.from.front().from;
      } else {
        SetLinkValue(link, claim.rule, random);
      }
      claim.from.push_back(std::move(link));
    }
  }
  // Shared premises: a claim also supports a derived sibling that was created before it (or else one
  // of its parent's derived siblings), keeping every link from a later claim to an earlier one.
  const size_t target = static_cast<size_t>(std::llround(options.shared_fraction * static_cast<double>(n)));
  size_t shared = 0;
  std::vector<size_t> order(n > 1 ? n - 1 : 0);
  for (size_t i = 0; i < order.size(); ++i) order[i] = i + 1;
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[random.Integer(0, i - 1)]);
  for (size_t c : order) {
    if (shared >= target) break;
    auto usable = [&](size_t s) {
      const Claim& sibling = argument.claims[s];
      const size_t limit = sibling.rule == Rule::kLogistic ? kMaxLogisticParents : max_fan_in;
      return s < c && !sibling.IsRoot() && sibling.from.size() < limit;
    };
    size_t chosen = n;
    for (size_t s : children[parent[c]]) {
      if (s != c && usable(s)) chosen = s;
    }
    if (chosen == n && parent[c] != 0) {
      for (size_t s : children[parent[parent[c]]]) {
        if (s != parent[c] && usable(s)) chosen = s;
      }
    }
    if (chosen == n) continue;
    Claim& sibling = argument.claims[chosen];
    Link link;
    link.from = Id(c);
    SetLinkValue(link, sibling.rule, random);
    sibling.from.push_back(std::move(link));
    ++shared;
  }
  return argument;
}

}  // namespace argraph
