// Monte Carlo uncertainty and Sobol indices (uncertainty.h).
#include "argraph/uncertainty.h"

#include <algorithm>
#include <atomic>
#include <boost/math/special_functions/beta.hpp>
#include <chrono>
#include <cmath>
#include <thread>

#include "argraph/sensitivity.h"

namespace argraph {
namespace {

constexpr double kLowerTail = 0.05, kUpperTail = 0.95;
constexpr size_t kFineBins = size_t{1} << 20;  // quantiles are read from a histogram of this resolution
constexpr double kZ95 = 1.6448536269514722;    // Φ⁻¹(0.95)
// Below this a table entry is not divided by: P(x,u|y)/θ could have lost its relative accuracy.
constexpr double kSmallestDivisor = 1e-200;

// SplitMix64: a small, fast generator whose stream is fixed by (seed, row).
class RowRandom {
 public:
  using result_type = uint64_t;
  RowRandom(uint64_t seed, uint64_t row)
      : state_(seed * 0x9E3779B97F4A7C15ull ^ (row + 0x632BE59BD9B4E019ull)) {
    (*this)();
  }
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

// Draws of one row, from the row's own generator: standard normals by Marsaglia's polar method (the
// second of each pair kept for the next call, within the row only), gamma variates by Marsaglia and
// Tsang (2000) with their constants precomputed per distribution, Beta(α, β) as X/(X + Y) for
// independent gamma X ~ Γ(α), Y ~ Γ(β).
class RowSampler {
 public:
  explicit RowSampler(RowRandom& rng) : rng_(rng) {}
  /// Uniform in (0, 1): never 0, so that its logarithm is finite.
  double Uniform() { return (static_cast<double>(rng_() >> 11) + 0.5) * 0x1.0p-53; }
  double Normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = 2 * Uniform() - 1;
      v = 2 * Uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1);
    const double factor = std::sqrt(-2 * std::log(s) / s);
    spare_ = v * factor;
    has_spare_ = true;
    return u * factor;
  }

 private:
  RowRandom& rng_;
  double spare_ = 0;
  bool has_spare_ = false;
};

// Γ(shape, 1) by Marsaglia–Tsang: shape < 1 draws Γ(shape + 1)·U^(1/shape).
struct GammaSampler {
  double shape = 1, d = 0, c = 0, inverse_shape = 0;
  bool boosted = false;
  explicit GammaSampler(double a = 1) : shape(a), boosted(a < 1) {
    const double s = boosted ? a + 1 : a;
    d = s - 1.0 / 3.0;
    c = 1 / std::sqrt(9 * d);
    inverse_shape = 1 / a;
  }
  double operator()(RowSampler& r) const {
    double g;
    for (;;) {
      double x, v;
      do {
        x = r.Normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const double u = r.Uniform();
      const double x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || std::log(u) < 0.5 * x2 + d * (1 - v + std::log(v))) {
        g = d * v;
        break;
      }
    }
    return boosted ? g * std::pow(r.Uniform(), inverse_shape) : g;
  }
};

// A parameter's distribution, ready to draw from.
struct Sampler {
  ParameterDistribution distribution;
  GammaSampler x, y;
  explicit Sampler(const ParameterDistribution& d) : distribution(d) {
    if (d.kind == DistributionKind::kBeta) x = GammaSampler(d.a), y = GammaSampler(d.b);
  }
  double operator()(RowSampler& r) const {
    switch (distribution.kind) {
      case DistributionKind::kFixed: return distribution.a;
      case DistributionKind::kNormal: return distribution.a + distribution.b * r.Normal();
      case DistributionKind::kBeta: {
        const double gx = x(r), gy = y(r);
        return gx + gy > 0 ? gx / (gx + gy) : 0.5;
      }
    }
    return distribution.a;
  }
};

// Running mean and sum of squared deviations (Welford), mergeable (Chan et al.).
struct Moments {
  double n = 0, mean = 0, m2 = 0;
  void Add(double x) {
    n += 1;
    const double delta = x - mean;
    mean += delta / n;
    m2 += delta * (x - mean);
  }
  void Merge(const Moments& o) {
    if (o.n == 0) return;
    const double total = n + o.n;
    const double delta = o.mean - mean;
    mean += delta * o.n / total;
    m2 += o.m2 + delta * delta * n * o.n / total;
    n = total;
  }
  double Variance() const { return n > 1 ? m2 / (n - 1) : 0.0; }
};

struct SobolSums {
  Moments total_terms, first_terms;  // (f(A) − f(A_B^i))²/2 and (f(B) − f(A_B^i))²/2
};

struct Partial {
  Moments all, ab;  // every valid evaluation; f(A) and f(B) of complete rows
  double min = 1, max = 0;
  uint64_t impossible = 0;
  std::vector<uint32_t> fine = std::vector<uint32_t>(kFineBins, 0);
  std::vector<SobolSums> sobol;
  void Add(double f) {
    all.Add(f);
    min = std::min(min, f);
    max = std::max(max, f);
    const double clamped = std::clamp(f, 0.0, 1.0);
    ++fine[std::min(kFineBins - 1, static_cast<size_t>(clamped * static_cast<double>(kFineBins)))];
  }
};

// The Beta(α = m k, β = (1 − m) k) with F(l) = 0.05 and F(h) = 0.95: for each concentration k the mean m
// is bisected to put 5% below l; then k is bisected (log scale) until 5% lies above h. P(X > h) falls as
// k grows with the lower quantile held at l, so both bisections are on monotone functions.
// Both bisections stop once their bracket is below 1e-13 (m) or 1e-12 (ln k): further halving cannot
// move the quantiles by more than rounding. The incomplete beta is evaluated in double precision (no
// promotion to long double), which is what makes setting up thousands of parameters cheap.
ParameterDistribution MatchBeta(double l, double h) {
  const auto policy = boost::math::policies::make_policy(boost::math::policies::promote_double<false>());
  auto cdf = [&](double a, double b, double x) { return boost::math::ibeta(a, b, x, policy); };
  auto mean_for = [&](double k) {
    double lo = 1e-9, hi = 1 - 1e-9;
    for (int it = 0; it < 100 && hi - lo > 1e-13; ++it) {
      const double m = 0.5 * (lo + hi);
      (cdf(m * k, (1 - m) * k, l) > kLowerTail ? lo : hi) = m;
    }
    return 0.5 * (lo + hi);
  };
  double lo = std::log(1e-2), hi = std::log(1e8);
  for (int it = 0; it < 100 && hi - lo > 1e-12; ++it) {
    const double log_k = 0.5 * (lo + hi);
    const double k = std::exp(log_k);
    const double m = mean_for(k);
    (1 - cdf(m * k, (1 - m) * k, h) > 1 - kUpperTail ? lo : hi) = log_k;
  }
  const double k = std::exp(0.5 * (lo + hi));
  const double m = mean_for(k);
  return {DistributionKind::kBeta, m * k, (1 - m) * k};
}

}  // namespace

ParameterDistribution MatchInterval(const Parameter& parameter, std::pair<double, double> interval) {
  auto [l, h] = interval;
  if (!(h > l)) return {DistributionKind::kFixed, parameter.value, 0};
  if (!parameter.IsProbability()) {
    return {DistributionKind::kNormal, 0.5 * (l + h), (h - l) / (2 * kZ95)};
  }
  if (l <= 0 && h >= 1) return {DistributionKind::kBeta, 1, 1};
  // An end at 0 (or 1) cannot be a 5% quantile of a Beta: pin α (or β) at 1 and match the other end.
  if (l <= 0)
    return {DistributionKind::kBeta, 1, std::log(1 - kUpperTail) / std::log(1 - h)};    // (1−h)^β = 0.05
  if (h >= 1) return {DistributionKind::kBeta, std::log(kLowerTail) / std::log(l), 1};  // l^α = 0.05
  return MatchBeta(l, h);
}

UncertaintyReport Uncertainty(const Evaluator& evaluator, const Target& target, const Evidence& evidence,
                              const UncertaintyOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  UncertaintyReport report;
  report.seed = options.seed;
  const std::vector<Parameter>& parameters = evaluator.parameters();
  std::vector<size_t> vary;
  std::vector<Sampler> samplers;
  // Many parameters share an interval: each distinct one is matched once.
  std::vector<std::pair<std::pair<double, double>, ParameterDistribution>> matched;
  for (size_t p = 0; p < parameters.size(); ++p) {
    std::optional<std::pair<double, double>> interval = parameters[p].interval;
    auto given = options.intervals.find(parameters[p].name);
    if (given != options.intervals.end()) interval = given->second;
    ParameterDistribution d;
    if (interval && parameters[p].IsProbability()) {
      auto known = std::find_if(matched.begin(), matched.end(), [&](const auto& m) { return m.first == *interval; });
      if (known == matched.end()) {
        matched.push_back({*interval, MatchInterval(parameters[p], *interval)});
        known = matched.end() - 1;
      }
      d = known->second;
      if (d.kind == DistributionKind::kFixed) d.a = parameters[p].value;
    } else if (interval) {
      d = MatchInterval(parameters[p], *interval);
    }
    if (d.kind == DistributionKind::kFixed) {
      report.fixed.push_back(parameters[p].name);
    } else {
      report.varied.push_back(parameters[p].name);
      vary.push_back(p);
      samplers.emplace_back(d);
    }
  }
  const size_t d = vary.size();
  // With nothing to vary, one evaluation is the answer.
  const uint64_t rows = d == 0 ? 1 : std::max<uint64_t>(1, options.samples / (d + 2));
  const int threads =
      static_cast<int>(std::clamp<uint64_t>(static_cast<uint64_t>(std::max(1, options.threads)), 1, rows));

  // e ∧ y for the two-propagation path; none when the target is itself observed (then P is fixed).
  std::optional<Evidence> with_target = evidence;
  for (auto [var, state] : evidence) {
    if (var == target.variable) with_target.reset();
  }
  if (with_target) with_target->push_back({target.variable, target.state});
  // The families the varied parameters move: the only derivatives the rows need.
  std::vector<int> varied_families;
  for (size_t p : vary) varied_families.push_back(evaluator.space().Family(p));
  std::sort(varied_families.begin(), varied_families.end());
  varied_families.erase(std::unique(varied_families.begin(), varied_families.end()), varied_families.end());
  std::vector<Partial> partials(static_cast<size_t>(threads));
  std::atomic<uint64_t> done{0};
  auto work = [&](int t) {
    Partial& part = partials[static_cast<size_t>(t)];
    part.sobol.resize(d);
    Evaluator ev = evaluator.Clone();
    const uint64_t first = rows * static_cast<uint64_t>(t) / static_cast<uint64_t>(threads);
    const uint64_t last = rows * static_cast<uint64_t>(t + 1) / static_cast<uint64_t>(threads);
    std::vector<double> a(d), b(d);
    std::vector<std::optional<double>> fab(d);
    std::vector<double> table;
    Posterior given_e, given_ey;
    for (uint64_t r = first; r < last; ++r) {
      RowRandom rng(options.seed, r);
      RowSampler sampler(rng);
      for (size_t i = 0; i < d; ++i) a[i] = samplers[i](sampler);
      for (size_t i = 0; i < d; ++i) b[i] = samplers[i](sampler);
      for (size_t i = 0; i < d; ++i) ev.Set(vary[i], a[i]);
      std::optional<double> fa;
      if (d > 1 && with_target && evidence.empty() && ev.PropagateFamilies(*with_target, varied_families, given_ey)) {
        // Without evidence P(e) = 1 whatever the tables, and P(y) is linear in each family's table:
        // P(y) = Σ_k θ_k·∂P(y)/∂θ_k with ∂P(y)/∂θ_k = P(y)·P(x,u|y)_k/θ_k (θ_k > 0). So one
        // propagation under y gives f(A) = P(y) and every f(A_B^i) = P(y)·Σ_k T_k·P(x,u|y)_k/θ_k
        // exactly, a sum of non-negative terms (no cancellation): one family changes. A move that
        // changes a column's sum (not a probability table), or an entry that leaves 0, is queried.
        fa = std::exp(given_ey.log_evidence);
        for (size_t i = 0; i < d; ++i) {
          const size_t v = static_cast<size_t>(ev.space().Family(vary[i]));
          ev.space().TableAt(vary[i], b[i], table);
          const std::vector<double>& theta = ev.network().families[v].table;
          const std::vector<double>& marginal = given_ey.family_marginals[v];
          const size_t states = ev.network().variables[v].states.size();
          double ratio = 0, column_drift = 0;
          bool divisible = true;
          for (size_t c = 0; c < table.size(); c += states) {
            double column = 0;
            for (size_t k = c; k < c + states; ++k) {
              column += table[k] - theta[k];
              if (table[k] == theta[k]) {
                ratio += marginal[k];
              } else if (theta[k] >= kSmallestDivisor) {
                ratio += table[k] * (marginal[k] / theta[k]);
              } else {
                divisible = false;
              }
            }
            column_drift = std::max(column_drift, std::fabs(column));
          }
          if (divisible && column_drift <= 1e-12) {
            fab[i] = std::clamp(*fa * ratio, 0.0, 1.0);
          } else {
            ev.Set(vary[i], b[i]);
            fab[i] = ev.Probability(target, evidence);
            ev.Set(vary[i], a[i]);
          }
        }
      } else if (d > 1 && with_target) {
        // f(A_B^i) changes one family of A: from A's two propagations with derivatives, each is
        // exact without another propagation (sensitivity.h).
        ev.PropagateDerivatives(evidence, given_e, &varied_families);
        if (given_e.possible) {
          ev.PropagateDerivatives(*with_target, given_ey, &varied_families);
          const PosteriorSensitivity s(GradientFromPosterior(given_e), GradientFromPosterior(given_ey));
          fa = s.probability();
          for (size_t i = 0; i < d; ++i) {
            const int v = ev.space().Family(vary[i]);
            ev.space().TableAt(vary[i], b[i], table);
            fab[i] = s.ProbabilityWith(ev.network(), v, table);
          }
        } else {
          std::fill(fab.begin(), fab.end(), std::nullopt);  // rare: fall back below for each
          for (size_t i = 0; i < d; ++i) {
            ev.Set(vary[i], b[i]);
            fab[i] = ev.Probability(target, evidence);
            ev.Set(vary[i], a[i]);
          }
        }
      } else {
        fa = ev.Probability(target, evidence);
        for (size_t i = 0; i < d; ++i) {
          ev.Set(vary[i], b[i]);
          fab[i] = ev.Probability(target, evidence);
          ev.Set(vary[i], a[i]);
        }
      }
      for (size_t i = 0; i < d; ++i) ev.Set(vary[i], b[i]);
      const std::optional<double> fb = d ? ev.Probability(target, evidence) : fa;
      bool complete = fa && fb;
      for (auto& f : {fa, fb}) f ? part.Add(*f) : void(++part.impossible);
      for (size_t i = 0; i < d; ++i) {
        fab[i] ? part.Add(*fab[i]) : void(++part.impossible);
        complete = complete && fab[i];
      }
      if (complete) {
        part.ab.Add(*fa);
        part.ab.Add(*fb);
        for (size_t i = 0; i < d; ++i) {
          part.sobol[i].total_terms.Add(0.5 * (*fa - *fab[i]) * (*fa - *fab[i]));
          part.sobol[i].first_terms.Add(0.5 * (*fb - *fab[i]) * (*fb - *fab[i]));
        }
      }
      const uint64_t now = done.fetch_add(1, std::memory_order_relaxed) + 1;
      if (t == 0 && options.progress && (r - first) % 256 == 255) {
        options.progress(static_cast<double>(now) / static_cast<double>(rows));
      }
    }
  };
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(work, t);
    for (std::thread& th : pool) th.join();
  }
  // Combine in thread order.
  Partial& total = partials[0];
  for (size_t t = 1; t < partials.size(); ++t) {
    const Partial& p = partials[t];
    total.all.Merge(p.all);
    total.ab.Merge(p.ab);
    total.min = std::min(total.min, p.min);
    total.max = std::max(total.max, p.max);
    total.impossible += p.impossible;
    for (size_t k = 0; k < kFineBins; ++k) total.fine[k] += p.fine[k];
    for (size_t i = 0; i < d; ++i) {
      total.sobol[i].total_terms.Merge(p.sobol[i].total_terms);
      total.sobol[i].first_terms.Merge(p.sobol[i].first_terms);
    }
  }
  report.samples = d == 0 ? 1 : rows * (d + 2);
  report.impossible = total.impossible;
  const double n = total.all.n;
  if (n > 0) {
    report.mean = total.all.mean;
    report.sd = std::sqrt(total.all.Variance());
    // Quantiles: the fine bin where the cumulative count crosses q·n, interpolated within it.
    auto quantile = [&](double q) {
      const double rank = q * n;
      double cumulative = 0;
      for (size_t k = 0; k < kFineBins; ++k) {
        const double c = total.fine[k];
        if (c > 0 && cumulative + c >= rank) {
          const double x =
              (static_cast<double>(k) + (rank - cumulative) / c) / static_cast<double>(kFineBins);
          return std::clamp(x, total.min, total.max);
        }
        cumulative += c;
      }
      return total.max;
    };
    report.q05 = quantile(0.05);
    report.q50 = quantile(0.5);
    report.q95 = quantile(0.95);
    const int bins = std::max(1, options.bins);
    const double width = (total.max - total.min) / bins;
    for (int k = 0; k < bins; ++k) {
      report.histogram.push_back(
          {total.min + k * width, k + 1 == bins ? total.max : total.min + (k + 1) * width, 0});
    }
    for (size_t k = 0; k < kFineBins; ++k) {
      if (!total.fine[k]) continue;
      const double center = (static_cast<double>(k) + 0.5) / static_cast<double>(kFineBins);
      int bin = width > 0 ? static_cast<int>((center - total.min) / width) : 0;
      bin = std::clamp(bin, 0, bins - 1);
      report.histogram[static_cast<size_t>(bin)].count += total.fine[k];
    }
  }
  // Sobol (Jansen): S_Ti = E[(f(A) − f(A_B^i))²/2] / V, S_i = 1 − E[(f(B) − f(A_B^i))²/2] / V, with V the
  // variance of f over A and B; standard errors from the spread of the per-row terms (V held fixed).
  const double variance = total.ab.Variance();
  for (size_t i = 0; i < d; ++i) {
    SobolIndex index;
    index.name = parameters[vary[i]].name;
    const Moments& tt = total.sobol[i].total_terms;
    const Moments& ft = total.sobol[i].first_terms;
    if (variance > 0 && tt.n > 0) {
      index.total = tt.mean / variance;
      index.total_se = std::sqrt(tt.Variance() / tt.n) / variance;
      index.first_order = 1 - ft.mean / variance;
      index.first_order_se = std::sqrt(ft.Variance() / ft.n) / variance;
    }
    report.sobol.push_back(index);
  }
  std::stable_sort(report.sobol.begin(), report.sobol.end(),
                   [](const SobolIndex& x, const SobolIndex& y) { return x.total > y.total; });
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace argraph
