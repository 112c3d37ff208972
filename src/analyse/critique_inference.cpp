// The probabilistic critique rules (critique_rules.h). The argument is compiled once with full tables
// (so a claim's family has its claims as parents) and one junction tree serves every propagation:
// the prior, and one propagation with evidence "claim is true" per claim a rule asks about. From a
// pair of posteriors (prior, given the claim) VariableInfluence gives P(claim | premise),
// P(claim | ¬premise) and the Jeffrey flip of every premise (sensitivity.h).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "analyse/critique_rules.h"
#include "argraph/compile.h"
#include "argraph/junction_tree.h"
#include "argraph/sensitivity.h"

namespace argraph::critique {

namespace {

std::string Fixed(double p) { return fmt::format("{:.3g}", p); }

class Evaluator {
 public:
  Evaluator(const Argument& arg, const CompiledArgument& compiled)
      : arg_(arg), compiled_(compiled), tree_(compiled.network) {
    prior_ = tree_.Propagate({}, false);
    for (size_t i = 0; i < arg.claims.size(); ++i) index_.emplace(arg.claims[i].id, static_cast<int>(i));
  }

  bool possible() const { return prior_.possible; }
  int Variable(int claim) const { return compiled_.claim_variable[static_cast<size_t>(claim)]; }
  double P(int claim) const { return prior_.marginals[static_cast<size_t>(Variable(claim))][0]; }
  int Index(const std::string& id) const {
    auto it = index_.find(id);
    return it == index_.end() ? -1 : it->second;
  }
  const Posterior& prior() const { return prior_; }

  /// The posterior given claim `c` true (cached).
  const Posterior& Given(int c) {
    auto it = given_.find(c);
    if (it == given_.end()) it = given_.emplace(c, tree_.Propagate({{Variable(c), 0}}, false)).first;
    return it->second;
  }

  /// How premise `r` bears on claim `c`: P(c | r), P(c | ¬r), and the Jeffrey flip of r to `target`.
  Influence Bearing(int c, int r, double target) {
    return VariableInfluence(prior_, Given(c), Variable(r), 0, target);
  }

  /// Root claims from which `c` can be reached (c itself when it is a root).
  std::set<int> RootAncestors(int c) const {
    std::set<int> roots;
    std::vector<int> stack{c};
    std::set<int> seen{c};
    while (!stack.empty()) {
      int v = stack.back();
      stack.pop_back();
      const Claim& claim = arg_.claims[static_cast<size_t>(v)];
      if (claim.IsRoot()) roots.insert(v);
      for (const Link& link : claim.from) {
        int p = Index(link.from);
        if (p >= 0 && seen.insert(p).second) stack.push_back(p);
      }
    }
    return roots;
  }

 private:
  const Argument& arg_;
  const CompiledArgument& compiled_;
  JunctionTree tree_;
  Posterior prior_;
  std::unordered_map<std::string, int> index_;
  std::map<int, Posterior> given_;
};

Finding Make(Severity severity, const SourceLocation& where, std::string message, std::string rule,
             std::string claim, std::vector<std::pair<std::string, double>> numbers) {
  return Finding{Diagnostic{where, severity, std::move(message), std::move(rule)}, std::move(claim),
                 std::move(numbers)};
}

void Coherence(const Argument& arg, Evaluator& ev, const CritiqueOptions& options, std::vector<Finding>& out) {
  for (size_t i = 0; i < arg.claims.size(); ++i) {
    const Claim& c = arg.claims[i];
    if (c.IsRoot() || !c.credence) continue;
    const int ci = static_cast<int>(i);
    const double stated = *c.credence, propagated = ev.P(ci);
    if (std::abs(stated - propagated) <= options.coherence_tolerance) continue;
    std::vector<std::pair<double, std::pair<int, double>>> moves;  // (distance, (root, q*))
    if (propagated > 0) {
      for (int r : ev.RootAncestors(ci)) {
        Influence inf = ev.Bearing(ci, r, stated);
        if (inf.jeffrey_flip) moves.push_back({std::abs(*inf.jeffrey_flip - ev.P(r)), {r, *inf.jeffrey_flip}});
      }
    }
    std::sort(moves.begin(), moves.end());
    std::vector<std::pair<std::string, double>> numbers{{"stated", stated}, {"propagated", propagated}};
    std::string how;
    for (size_t k = 0; k < moves.size() && k < 3; ++k) {
      const auto& [r, q] = moves[k].second;
      const std::string& id = arg.claims[static_cast<size_t>(r)].id;
      how += fmt::format("{}'{}' from {} to {}", k ? ", or " : "", id, Fixed(ev.P(r)), Fixed(q));
      numbers.emplace_back("move:" + id, q);
    }
    if (how.empty()) how = "no single premise can reconcile them; revise the links or the stated credence";
    else how = "to reconcile them, move " + how;
    out.push_back(Make(Severity::kWarning, c.location,
                       fmt::format("claim '{}' states credence {} but its premises give {}; {}", c.id,
                                   Fixed(stated), Fixed(propagated), how),
                       "incoherent-credence", c.id, std::move(numbers)));
  }
}

// The supporting parents of an `all` claim (distinct, known).
std::vector<int> Supports(const Claim& c, const Evaluator& ev) {
  std::vector<int> s;
  for (const Link& link : c.from) {
    int p = ev.Index(link.from);
    if (link.relation == Relation::kSupports && p >= 0 && std::find(s.begin(), s.end(), p) == s.end()) {
      s.push_back(p);
    }
  }
  return s;
}

void Conjunction(const Argument& arg, Evaluator& ev, const CritiqueOptions& options, std::vector<Finding>& out) {
  // Claims that continue a chain: the single support of an `all` claim.
  std::set<int> continued;
  for (const Claim& c : arg.claims) {
    if (c.rule != Rule::kAll || c.IsRoot()) continue;
    std::vector<int> s = Supports(c, ev);
    if (s.size() == 1) continued.insert(s[0]);
  }
  for (size_t i = 0; i < arg.claims.size(); ++i) {
    const Claim& c = arg.claims[i];
    if (c.rule != Rule::kAll || c.IsRoot()) continue;
    const int ci = static_cast<int>(i);
    const double p = ev.P(ci);
    std::vector<int> s = Supports(c, ev);
    if (s.size() >= 2) {
      double weakest = 1, product = c.reliability.value_or(1.0);
      for (int q : s) {
        weakest = std::min(weakest, ev.P(q));
        product *= ev.P(q);
      }
      if (p > options.conjunction_ratio * weakest) continue;
      int costliest = -1;
      double best = -1, if_true = p;
      if (p > 0) {
        for (int q : s) {
          Influence inf = ev.Bearing(ci, q, 0.5);
          if (inf.if_state && *inf.if_state - p > best) {
            best = *inf.if_state - p;
            costliest = q;
            if_true = *inf.if_state;
          }
        }
      }
      std::string cost = costliest < 0 ? "" :
          fmt::format("; the costliest premise is '{}' (P {}; if it held, '{}' would be {})",
                      arg.claims[static_cast<size_t>(costliest)].id, Fixed(ev.P(costliest)), c.id, Fixed(if_true));
      out.push_back(Make(Severity::kWarning, c.location,
                         fmt::format("'{}' needs all of its {} premises and gets {}, far below the weakest ({}); "
                                     "the naive product is {}{}",
                                     c.id, s.size(), Fixed(p), Fixed(weakest), Fixed(product), cost),
                         "conjunction-trap", c.id,
                         {{"propagated", p}, {"weakest_premise", weakest}, {"product", product}}));
    } else if (s.size() == 1 && !continued.count(ci)) {
      // Walk the chain of single-support `all` steps down to its first premise.
      std::vector<int> steps{ci};
      int at = s[0];
      while (true) {
        const Claim& step = arg.claims[static_cast<size_t>(at)];
        std::vector<int> below = step.rule == Rule::kAll && !step.IsRoot() ? Supports(step, ev) : std::vector<int>{};
        if (below.size() != 1 || std::find(steps.begin(), steps.end(), at) != steps.end()) break;
        steps.push_back(at);
        at = below[0];
      }
      if (static_cast<int>(steps.size()) < options.chain_length) continue;
      const double start = ev.P(at);
      if (p > options.conjunction_ratio * start) continue;
      // The costliest step: the largest relative loss from its premise to itself.
      int costliest = steps[0];
      double worst = 2;
      for (size_t k = 0; k < steps.size(); ++k) {
        int below = k + 1 < steps.size() ? steps[k + 1] : at;
        double ratio = ev.P(below) > 0 ? ev.P(steps[k]) / ev.P(below) : 1;
        if (ratio < worst) {
          worst = ratio;
          costliest = steps[k];
        }
      }
      out.push_back(Make(Severity::kWarning, c.location,
                         fmt::format("'{}' ends a chain of {} steps from '{}' ({}) and gets {}; the costliest step "
                                     "is '{}', which keeps {:.0f}% of its premise",
                                     c.id, steps.size(), arg.claims[static_cast<size_t>(at)].id, Fixed(start),
                                     Fixed(p), arg.claims[static_cast<size_t>(costliest)].id, 100 * worst),
                         "conjunction-trap", c.id,
                         {{"propagated", p}, {"first_premise", start}, {"steps", static_cast<double>(steps.size())}}));
    }
  }
}

void DoubleCounting(const Argument& arg, Evaluator& ev, const CompiledArgument& compiled,
                    const CritiqueOptions& options, std::vector<Finding>& out) {
  for (size_t i = 0; i < arg.claims.size(); ++i) {
    const Claim& c = arg.claims[i];
    const int ci = static_cast<int>(i);
    const Family& family = compiled.network.families[static_cast<size_t>(ev.Variable(ci))];
    const size_t k = family.parents.size();
    if (k < 2 || k > 20) continue;
    // The shared root premises: in the ancestry of two or more parents.
    std::map<int, int> seen;
    for (const Link& link : c.from) {
      int p = ev.Index(link.from);
      if (p < 0) continue;
      for (int r : ev.RootAncestors(p)) ++seen[r];
    }
    std::vector<std::string> shared;
    for (auto [r, n] : seen) {
      if (n >= 2) shared.push_back(arg.claims[static_cast<size_t>(r)].id);
    }
    if (shared.empty()) continue;
    // Naive: the claim's table averaged over independent parents with their marginals.
    double naive = 0;
    for (uint64_t col = 0; col < (uint64_t{1} << k); ++col) {
      double weight = family.table[col * 2];
      for (size_t j = 0; j < k && weight > 0; ++j) {
        int state = static_cast<int>((col >> (k - 1 - j)) & 1);
        weight *= ev.prior().marginals[static_cast<size_t>(family.parents[j])][static_cast<size_t>(state)];
      }
      naive += weight;
    }
    const double exact = ev.P(ci);
    if (std::abs(naive - exact) <= options.double_count_tolerance) continue;
    std::string list;
    for (size_t j = 0; j < shared.size() && j < 4; ++j) list += (j ? ", '" : "'") + shared[j] + "'";
    if (shared.size() > 4) list += fmt::format(" and {} more", shared.size() - 4);
    out.push_back(Make(Severity::kWarning, c.location,
                       fmt::format("the premises of '{}' share {}: treating them as independent gives {}, the exact "
                                   "value is {}",
                                   c.id, list, Fixed(naive), Fixed(exact)),
                       "double-counting", c.id, {{"naive", naive}, {"exact", exact}}));
  }
}

void WideIntervalCruxes(const Argument& arg, Evaluator& ev, const CritiqueOptions& options,
                        std::vector<Finding>& out) {
  const int t = ev.Index(arg.conclusion);
  if (t < 0 || ev.P(t) <= 0) return;
  std::vector<std::pair<double, int>> swing;  // (|dP(T)/dθ_r|, root)
  for (size_t i = 0; i < arg.claims.size(); ++i) {
    const Claim& c = arg.claims[i];
    if (!c.IsRoot() || static_cast<int>(i) == t) continue;
    Influence inf = ev.Bearing(t, static_cast<int>(i), 0.5);
    if (inf.if_state && inf.if_other) swing.push_back({std::abs(*inf.if_state - *inf.if_other), static_cast<int>(i)});
  }
  std::sort(swing.rbegin(), swing.rend());
  for (size_t k = 0; k < swing.size() && k < options.top_cruxes; ++k) {
    if (swing[k].first <= 0) break;
    const Claim& c = arg.claims[static_cast<size_t>(swing[k].second)];
    if (!c.interval) continue;
    const double width = c.interval->second - c.interval->first;
    if (width <= options.wide_interval) continue;
    out.push_back(Make(Severity::kNote, c.location,
                       fmt::format("'{}' is crux #{} of '{}' (derivative {}) and its interval [{}, {}] spans {:.0f}% "
                                   "of the range: worth researching",
                                   c.id, k + 1, arg.conclusion, Fixed(swing[k].first), Fixed(c.interval->first),
                                   Fixed(c.interval->second), 100 * width),
                       "wide-interval-crux", c.id,
                       {{"rank", static_cast<double>(k + 1)}, {"derivative", swing[k].first}, {"width", width}}));
  }
}

}  // namespace

void InferenceRules(const Argument& argument, const CritiqueOptions& options, std::vector<Finding>& out) {
  Diagnostics diagnostics;
  CompileOptions compile;
  compile.decompose_above = SIZE_MAX;  // full tables: a claim's family has its claims as parents
  CompiledArgument compiled = CompileArgument(argument, diagnostics, compile);
  auto skipped = [&](const std::string& why) {
    out.push_back(Make(Severity::kNote, {argument.path, 0, 0},
                       "the probabilistic critique rules were skipped: " + why, "critique-skipped", "", {}));
  };
  if (diagnostics.HasErrors()) {
    for (const Diagnostic& d : diagnostics.items()) {
      if (d.severity == Severity::kError) return skipped(d.message);
    }
  }
  try {
    Evaluator ev(argument, compiled);
    if (!ev.possible()) return skipped("the network gives probability 0 to its own prior");
    Coherence(argument, ev, options, out);
    Conjunction(argument, ev, options, out);
    DoubleCounting(argument, ev, compiled, options, out);
    WideIntervalCruxes(argument, ev, options, out);
  } catch (const MemoryLimitError& e) {
    skipped(e.what());
  }
}

}  // namespace argraph::critique
