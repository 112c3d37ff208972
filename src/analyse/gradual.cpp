// The modular gradual-semantics engine (gradual.h): the argument's QBAF, its strongly connected
// components in topological order, one update per acyclic argument and, inside a cyclic component,
// RK4 integration of dσ/dt = F(σ) − σ (or the discrete iteration σ ← F(σ)) to a residual below the
// tolerance. Invariant: strengths stay in [0,1] and finite whatever the inputs.
#include "argraph/gradual.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <unordered_map>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <fmt/format.h>

namespace argraph {

std::optional<GradualSemantics> GradualPreset(std::string_view name) {
  if (name == "dfquad") return GradualSemantics{"dfquad", Aggregation::kProduct, InfluenceFunction::kLinear};
  if (name == "qe") return GradualSemantics{"qe", Aggregation::kSum, InfluenceFunction::kPMax, 1, 2};
  if (name == "eb") return GradualSemantics{"eb", Aggregation::kSum, InfluenceFunction::kEuler};
  if (name == "mlp") return GradualSemantics{"mlp", Aggregation::kSum, InfluenceFunction::kLogistic};
  if (name == "hcat") {
    return GradualSemantics{"hcat", Aggregation::kSum, InfluenceFunction::kHCategorizer, 1, 2, true};
  }
  return std::nullopt;
}

std::vector<std::string> GradualPresetNames() { return {"dfquad", "qe", "eb", "mlp", "hcat"}; }

Qbaf QbafFromArgument(const Argument& argument) {
  Qbaf q;
  std::unordered_map<std::string, int> index;
  for (size_t i = 0; i < argument.claims.size(); ++i) {
    const Claim& c = argument.claims[i];
    index.emplace(c.id, static_cast<int>(i));
    q.names.push_back(c.id);
    q.base.push_back(std::clamp(c.base.value_or(c.credence.value_or(0.5)), 0.0, 1.0));
    q.locations.push_back(c.location);
  }
  for (size_t i = 0; i < argument.claims.size(); ++i) {
    const Claim& c = argument.claims[i];
    for (const Link& link : c.from) {
      auto it = index.find(link.from);
      if (it == index.end()) continue;  // an unknown reference is the loader's diagnostic
      Qbaf::Edge e;
      e.from = it->second;
      e.to = static_cast<int>(i);
      e.attack = link.relation != Relation::kSupports;
      if (c.rule == Rule::kLogistic && link.relation != Relation::kUndercuts) {
        double w = link.weight.value_or(1.0);
        e.weight = std::abs(w);
        if (w < 0) e.attack = !e.attack;
      } else {
        e.weight = link.strength.value_or(1.0);
      }
      q.edges.push_back(e);
    }
  }
  return q;
}

double GradualInfluence(const GradualSemantics& s, double w, double a) {
  w = std::clamp(w, 0.0, 1.0);
  switch (s.influence) {
    case InfluenceFunction::kLinear: {
      double v = w - w / s.k * std::max(0.0, -a) + (1 - w) / s.k * std::max(0.0, a);
      return std::clamp(v, 0.0, 1.0);
    }
    case InfluenceFunction::kPMax: {
      auto h = [&](double x) {
        if (x <= 0) return 0.0;
        if (x > 1) return 1 / (1 + std::pow(x, -s.p));  // no inf/inf for huge x
        double xp = std::pow(x, s.p);
        return xp / (1 + xp);
      };
      return std::clamp(w - w * h(-a / s.k) + (1 - w) * h(a / s.k), 0.0, 1.0);
    }
    case InfluenceFunction::kEuler: {
      if (w <= 0) return 0;
      double denominator = 1 + w * std::exp(std::min(a, 700.0));
      return std::clamp(1 - (1 - w * w) / denominator, 0.0, 1.0);
    }
    case InfluenceFunction::kLogistic: {
      // φ(logit(w) + a) written without the infinite logit at w ∈ {0,1}.
      if (a >= 0) {
        double d = w + (1 - w) * std::exp(-a);
        return d > 0 ? std::clamp(w / d, 0.0, 1.0) : 0.0;
      }
      double e = w * std::exp(a);
      double d = e + (1 - w);
      return d > 0 ? std::clamp(e / d, 0.0, 1.0) : 1.0;
    }
    case InfluenceFunction::kHCategorizer:
      return std::clamp(w / (1 + std::max(0.0, -a)), 0.0, 1.0);
  }
  return w;
}

namespace {

// The update F for one argument: aggregate its incoming edges, then apply the influence.
class Updater {
 public:
  Updater(const Qbaf& q, const GradualSemantics& s) : q_(q), s_(s), in_(q.base.size()) {
    for (size_t e = 0; e < q.edges.size(); ++e) {
      const Qbaf::Edge& edge = q.edges[e];
      if (s.attacks_only && !edge.attack) continue;
      in_[static_cast<size_t>(edge.to)].push_back(static_cast<int>(e));
    }
  }

  double operator()(const std::vector<double>& sigma, int a) const {
    double sum = 0, keep_att = 1, keep_sup = 1, top_att = 0, top_sup = 0;
    for (int e : in_[static_cast<size_t>(a)]) {
      const Qbaf::Edge& edge = q_.edges[static_cast<size_t>(e)];
      double v = std::max(0.0, edge.weight) * sigma[static_cast<size_t>(edge.from)];
      double capped = std::min(1.0, v);
      if (edge.attack) {
        sum -= v;
        keep_att *= 1 - capped;
        top_att = std::max(top_att, v);
      } else {
        sum += v;
        keep_sup *= 1 - capped;
        top_sup = std::max(top_sup, v);
      }
    }
    double aggregate = 0;
    switch (s_.aggregation) {
      case Aggregation::kSum: aggregate = sum; break;
      case Aggregation::kProduct: aggregate = keep_att - keep_sup; break;
      case Aggregation::kTop: aggregate = top_sup - top_att; break;
    }
    return GradualInfluence(s_, q_.base[static_cast<size_t>(a)], aggregate);
  }

 private:
  const Qbaf& q_;
  const GradualSemantics& s_;
  std::vector<std::vector<int>> in_;  // edge indices into q_.edges, per target
};

// A path start -> ... -> start inside start's component, for the cycle diagnostic (breadth first).
std::vector<int> CyclePath(const Qbaf& q, const std::vector<int>& comp, int start) {
  const int c = comp[static_cast<size_t>(start)];
  std::vector<std::vector<int>> out(q.base.size());
  for (const Qbaf::Edge& e : q.edges) {
    if (comp[static_cast<size_t>(e.from)] == c && comp[static_cast<size_t>(e.to)] == c) {
      out[static_cast<size_t>(e.from)].push_back(e.to);
    }
  }
  std::vector<int> parent(q.base.size(), -2);
  std::deque<int> queue{start};
  parent[static_cast<size_t>(start)] = -1;
  while (!queue.empty()) {
    int u = queue.front();
    queue.pop_front();
    for (int v : out[static_cast<size_t>(u)]) {
      if (v == start) {  // u ... start via parents, reversed, then back to start
        std::vector<int> path;
        for (int w = u; w != -1; w = parent[static_cast<size_t>(w)]) path.push_back(w);
        std::reverse(path.begin(), path.end());
        path.push_back(start);
        return path;
      }
      if (parent[static_cast<size_t>(v)] == -2) {
        parent[static_cast<size_t>(v)] = u;
        queue.push_back(v);
      }
    }
  }
  return {start, start};
}

double Residual(const Updater& f, const std::vector<double>& sigma, const std::vector<int>& members) {
  double r = 0;
  for (int a : members) r = std::max(r, std::abs(f(sigma, a) - sigma[static_cast<size_t>(a)]));
  return r;
}

}  // namespace

GradualResult EvaluateQbaf(const Qbaf& q, const GradualSemantics& semantics,
                           const GradualOptions& options) {
  GradualResult result;
  const size_t n = q.base.size();
  result.strength.assign(n, 0.0);
  for (size_t i = 0; i < n; ++i) result.strength[i] = std::clamp(q.base[i], 0.0, 1.0);
  if (n == 0) return result;
  Updater f(q, semantics);

  // Fast path: a topological order of the arguments themselves (Kahn) exists exactly when the graph
  // is acyclic; then one update per argument in that order is the whole evaluation.
  {
    std::vector<int> indegree(n, 0), order;
    std::vector<size_t> start(n + 1, 0);
    std::vector<int> out(q.edges.size());
    for (const Qbaf::Edge& e : q.edges) {
      ++indegree[static_cast<size_t>(e.to)];
      ++start[static_cast<size_t>(e.from) + 1];
    }
    for (size_t i = 0; i < n; ++i) start[i + 1] += start[i];
    std::vector<size_t> fill(start.begin(), start.end() - 1);
    for (const Qbaf::Edge& e : q.edges) out[fill[static_cast<size_t>(e.from)]++] = e.to;
    order.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      if (indegree[i] == 0) order.push_back(static_cast<int>(i));
    }
    for (size_t k = 0; k < order.size(); ++k) {
      const size_t v = static_cast<size_t>(order[k]);
      for (size_t j = start[v]; j < start[v + 1]; ++j) {
        if (--indegree[static_cast<size_t>(out[j])] == 0) order.push_back(out[j]);
      }
    }
    if (order.size() == n) {
      for (int a : order) result.strength[static_cast<size_t>(a)] = f(result.strength, a);
      return result;
    }
  }

  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  Graph g(n);
  std::vector<bool> self_loop(n, false);
  for (const Qbaf::Edge& e : q.edges) {
    boost::add_edge(static_cast<size_t>(e.from), static_cast<size_t>(e.to), g);
    if (e.from == e.to) self_loop[static_cast<size_t>(e.from)] = true;
  }
  std::vector<int> comp(n);
  int count = boost::strong_components(
      g, boost::make_iterator_property_map(comp.begin(), boost::get(boost::vertex_index, g)));

  // Topological order of the condensation (Kahn), members of each component in argument order.
  std::vector<std::vector<int>> members(static_cast<size_t>(count));
  for (size_t i = 0; i < n; ++i) members[static_cast<size_t>(comp[i])].push_back(static_cast<int>(i));
  std::vector<std::vector<int>> next(static_cast<size_t>(count));
  std::vector<int> indegree(static_cast<size_t>(count), 0);
  for (const Qbaf::Edge& e : q.edges) {
    int a = comp[static_cast<size_t>(e.from)], b = comp[static_cast<size_t>(e.to)];
    if (a == b) continue;
    next[static_cast<size_t>(a)].push_back(b);
    ++indegree[static_cast<size_t>(b)];
  }
  std::deque<int> ready;
  for (int c = 0; c < count; ++c) {
    if (indegree[static_cast<size_t>(c)] == 0) ready.push_back(c);
  }
  std::vector<int> order;
  while (!ready.empty()) {
    int c = ready.front();
    ready.pop_front();
    order.push_back(c);
    for (int d : next[static_cast<size_t>(c)]) {
      if (--indegree[static_cast<size_t>(d)] == 0) ready.push_back(d);
    }
  }

  for (int c : order) {
    const std::vector<int>& m = members[static_cast<size_t>(c)];
    bool cyclic = m.size() > 1 || self_loop[static_cast<size_t>(m[0])];
    if (!cyclic) {
      result.strength[static_cast<size_t>(m[0])] = f(result.strength, m[0]);
      continue;
    }
    if (!options.allow_cycles) {
      std::vector<int> path = CyclePath(q, comp, m[0]);
      std::string text;
      for (int v : path) text += (text.empty() ? "" : " -> ") + q.names[static_cast<size_t>(v)];
      result.diagnostics.Error(q.locations[static_cast<size_t>(m[0])],
                               "the claims form a cycle: " + text +
                                   "; gradual semantics accept cycles with --allow-cycles",
                               "cycle");
      continue;
    }
    std::vector<double>& s = result.strength;
    double residual = Residual(f, s, m);
    if (options.discrete) {
      std::vector<double> fresh(m.size());
      for (int it = 0; it < options.max_iterations && residual >= options.tolerance; ++it) {
        for (size_t i = 0; i < m.size(); ++i) fresh[i] = f(s, m[i]);
        for (size_t i = 0; i < m.size(); ++i) s[static_cast<size_t>(m[i])] = fresh[i];
        residual = Residual(f, s, m);
      }
    } else {
      // RK4 on dσ/dt = F(σ) − σ, the other arguments held at their final strengths.
      const double h = options.step;
      std::vector<double> x0(m.size()), k1(m.size()), k2(m.size()), k3(m.size()), k4(m.size());
      auto derivative = [&](std::vector<double>& out) {
        for (size_t i = 0; i < m.size(); ++i) out[i] = f(s, m[i]) - s[static_cast<size_t>(m[i])];
      };
      auto set = [&](const std::vector<double>& k, double scale) {
        for (size_t i = 0; i < m.size(); ++i) {
          s[static_cast<size_t>(m[i])] = std::clamp(x0[i] + scale * k[i], 0.0, 1.0);
        }
      };
      for (double t = 0; t < options.max_time && residual >= options.tolerance; t += h) {
        for (size_t i = 0; i < m.size(); ++i) x0[i] = s[static_cast<size_t>(m[i])];
        derivative(k1);
        set(k1, h / 2);
        derivative(k2);
        set(k2, h / 2);
        derivative(k3);
        set(k3, h);
        derivative(k4);
        for (size_t i = 0; i < m.size(); ++i) {
          double step = h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
          s[static_cast<size_t>(m[i])] = std::clamp(x0[i] + step, 0.0, 1.0);
        }
        residual = Residual(f, s, m);
      }
    }
    result.residual = std::max(result.residual, residual);
    if (residual >= options.tolerance) {
      result.converged = false;
      std::string names;
      for (size_t i = 0; i < m.size() && i < 5; ++i) {
        names += (i ? ", " : "") + q.names[static_cast<size_t>(m[i])];
      }
      if (m.size() > 5) names += fmt::format(" and {} more", m.size() - 5);
      result.diagnostics.Warning(
          q.locations[static_cast<size_t>(m[0])],
          fmt::format("{} semantics did not converge on the cycle through {} (residual {:.3g} after "
                      "{}); the strengths shown are the last iterate",
                      semantics.name, names, residual,
                      options.discrete ? fmt::format("{} iterations", options.max_iterations)
                                       : fmt::format("time {}", options.max_time)),
          "gradual-no-convergence");
    }
  }
  return result;
}

GradualResult EvaluateGradual(const Argument& argument, const GradualSemantics& semantics,
                              const GradualOptions& options) {
  return EvaluateQbaf(QbafFromArgument(argument), semantics, options);
}

}  // namespace argraph
