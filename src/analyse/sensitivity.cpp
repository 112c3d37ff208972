// Sensitivity of P(y|e) from two propagations' family marginals (see sensitivity.h and
// docs/semantics.md, "Sensitivity"). Everything is a few passes over the tables: no propagation here.
#include "argraph/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace argraph {
namespace {

size_t StateCount(const Network& network, int v) {
  return network.variables[static_cast<size_t>(v)].states.size();
}

// Σ_i (T_i − θ_i)·s_i over table v.
double Shift(const Network& network, const Gradient& gradient, int v, std::span<const double> table) {
  const std::vector<double>& theta = network.families[static_cast<size_t>(v)].table;
  const std::vector<double>& s = gradient.scaled[static_cast<size_t>(v)];
  double sum = 0;
  for (size_t i = 0; i < theta.size(); ++i) {
    const double d = table[i] - theta[i];
    if (d != 0) sum += d * s[i];
  }
  return sum;
}

double Dot(const Gradient& gradient, int v, std::span<const double> direction) {
  const std::vector<double>& s = gradient.scaled[static_cast<size_t>(v)];
  double sum = 0;
  for (size_t i = 0; i < s.size(); ++i) sum += direction[i] * s[i];
  return sum;
}

// P(e)(τ) at or below rounding noise is taken as 0: impossible evidence, not a probability.
bool Vanishes(double den, double scale) {
  return !(den > 1e-13 * scale);
}

// A sum of derivatives that cancels to within kCancellation of the sum of its terms' magnitudes is 0:
// the derivatives are exact only to rounding (quotients of family marginals: ~1e-15 relative), so such a
// remainder is rounding, not a slope (an exactly cancelling sum must stay exactly 0, e.g. a column on
// whose parent state Y does not depend).
constexpr double kCancellation = 1e-12;
double Cancelled(double sum, double magnitude) {
  return std::fabs(sum) <= kCancellation * magnitude ? 0.0 : sum;
}

// P(y|e) can leave [0,1] only by rounding; keep it there.
double ClampProbability(double p) {
  return p < 0 ? 0 : (p > 1 ? 1 : p);
}

// σ(z) and σ(−z) from one exponential, each computed where it does not cancel (z = ±∞ included).
std::pair<double, double> SigmoidPair(double z) {
  if (z >= 0) {
    const double e = std::exp(-z);
    return {1 / (1 + e), e / (1 + e)};
  }
  const double e = std::exp(z);
  return {e / (1 + e), 1 / (1 + e)};
}

// σ(z).
double Sigmoid(double z) {
  return SigmoidPair(z).first;
}

// logit(x), ±∞ at the ends of [0, 1].
double Logit(double x) {
  if (x <= 0) return -std::numeric_limits<double>::infinity();
  if (x >= 1) return std::numeric_limits<double>::infinity();
  return std::log(x) - std::log1p(-x);
}

}  // namespace

Gradient GradientFromPosterior(const Posterior& posterior) {
  if (posterior.derivatives.empty()) {
    throw std::logic_error("sensitivity: the posterior was propagated without derivatives");
  }
  Gradient g;
  g.possible = posterior.possible;
  g.log_scale = posterior.derivative_log_scale;
  g.probability = posterior.possible ? std::exp(posterior.log_evidence - posterior.derivative_log_scale) : 0;
  g.scaled = posterior.derivatives;
  return g;
}

Gradient ZeroGradient(const Network& network) {
  Gradient g;
  g.possible = false;
  g.probability = 0;
  for (const Family& family : network.families) g.scaled.emplace_back(family.table.size(), 0.0);
  return g;
}

std::optional<double> OneWayFunction::At(double tau) const {
  const double den = alpha_e * tau + beta_e;
  if (Vanishes(den, std::fabs(alpha_e) * std::max(1.0, std::fabs(tau)) + std::fabs(beta_e)))
    return std::nullopt;
  return ClampProbability((alpha_y * tau + beta_y) / den);
}

std::optional<double> OneWayFunction::DerivativeAt(double tau) const {
  if (!At(tau)) return std::nullopt;
  const double den = alpha_e * tau + beta_e;
  // d/dτ (a τ + b)/(c τ + d) = (a d − b c)/(c τ + d)².
  return (alpha_y * beta_e - beta_y * alpha_e) / (den * den);
}

std::optional<double> OneWayFunction::Flip(double threshold, double lo, double hi) const {
  const double slope = alpha_y - threshold * alpha_e;
  // P(y|e)(τ) = c  ⇔  (α_y − c α_e) τ = c β_e − β_y (the denominator is positive where it is defined).
  if (slope == 0) return std::nullopt;
  const double tau = (threshold * beta_e - beta_y) / slope;
  if (!std::isfinite(tau) || tau < lo || tau > hi) return std::nullopt;
  if (!At(tau)) return std::nullopt;
  return tau;
}

PosteriorSensitivity::PosteriorSensitivity(Gradient given_e, Gradient given_ey)
    : e_(std::move(given_e)), ey_(std::move(given_ey)) {
  if (!e_.possible) throw std::logic_error("sensitivity: the evidence is impossible");
  ratio_ = std::exp(ey_.log_scale - e_.log_scale);
  probability_ = ClampProbability(ratio_ * ey_.probability / e_.probability);
}

std::optional<double> PosteriorSensitivity::ProbabilityWith(const Network& network, int v,
                                                            std::span<const double> table) const {
  const double den = e_.probability + Shift(network, e_, v, table);
  if (Vanishes(den, e_.probability)) return std::nullopt;
  const double num = ratio_ * (ey_.probability + Shift(network, ey_, v, table));
  return ClampProbability(num / den);
}

double PosteriorSensitivity::Derivative(int v, std::span<const double> table_derivative) const {
  // d/dτ N/E = (N' E − N E')/E² at the current point, N/E = P(y|e).
  const double e_prime = Dot(e_, v, table_derivative);
  const double n_prime = ratio_ * Dot(ey_, v, table_derivative);
  return (n_prime - probability_ * e_prime) / e_.probability;
}

OneWayFunction PosteriorSensitivity::Affine(int v, double now, std::span<const double> direction) const {
  OneWayFunction f;
  f.alpha_e = Dot(e_, v, direction);
  f.beta_e = e_.probability - now * f.alpha_e;
  f.alpha_y = ratio_ * Dot(ey_, v, direction);
  f.beta_y = ratio_ * ey_.probability - now * f.alpha_y;
  return f;
}

GradientView ViewOf(const Gradient& gradient) {
  return {&gradient.scaled, gradient.probability, gradient.log_scale};
}

GradientView DerivativesOf(const Posterior& posterior) {
  if (posterior.derivatives.empty()) {
    throw std::logic_error("sensitivity: the posterior was propagated without derivatives");
  }
  const double probability =
      posterior.possible ? std::exp(posterior.log_evidence - posterior.derivative_log_scale) : 0;
  return {&posterior.derivatives, probability, posterior.derivative_log_scale};
}

TableMoveView ViewOf(const TableMove& move) {
  return {move.kind, move.logit, move.origin, move.index, move.slope, move.offset};
}

void MoveFunction::Reset(const GradientView& e, const GradientView& ey, int v, const TableMove& move, double x0) {
  Reset(e, ey, v, ViewOf(move), x0);
}

void MoveFunction::Reset(const GradientView& e, const GradientView& ey, int v, const TableMoveView& move, double x0) {
  if (!(e.probability > 0)) throw std::logic_error("sensitivity: the evidence is impossible");
  kind_ = move.kind;
  logit_ = move.logit;
  origin_ = move.origin;
  x0_ = x0;
  // exp(ey.log_scale − e.log_scale), once for the many moves bound to the same two propagations.
  const double gap = ey.log_scale - e.log_scale;
  if (!(gap == gap_)) {
    gap_ = gap;
    gap_ratio_ = std::exp(gap);
  }
  const double ratio = ey.probability > 0 || ey.scaled ? gap_ratio_ : 0;
  pe_ = e.probability;
  py_ = ratio * ey.probability;
  const double* ge = e.scaled ? (*e.scaled)[static_cast<size_t>(v)].data() : nullptr;
  const double* gy = ey.scaled ? (*ey.scaled)[static_cast<size_t>(v)].data() : nullptr;
  alpha_e_ = alpha_y_ = 0;
  if (kind_ == TableMove::Kind::kAffine) {
    double size_e = 0, size_y = 0;
    for (size_t k = 0; k < move.index.size(); ++k) {
      if (ge) {
        const double term = move.slope[k] * ge[move.index[k]];
        alpha_e_ += term;
        size_e += std::fabs(term);
      }
      if (gy) {
        const double term = move.slope[k] * gy[move.index[k]];
        alpha_y_ += term;
        size_y += std::fabs(term);
      }
    }
    alpha_e_ = Cancelled(alpha_e_, size_e);
    alpha_y_ = Cancelled(alpha_y_, size_y) * ratio;
    return;
  }
  // Logistic: per column, z at x0, dz/dφ, σ(z), and g_true − g_false on both sides.
  const size_t n = move.index.size();
  z_.resize(n);
  slope_.assign(move.slope.begin(), move.slope.end());
  sigma_.resize(n);
  de_.resize(n);
  dy_.resize(n);
  const double phi = logit_ ? Logit(x0) : x0;
  reach_low_ = reach_high_ = 0;
  fixed_evidence_ = true;
  for (size_t k = 0; k < n; ++k) {
    const size_t t = 2 * static_cast<size_t>(move.index[k]);
    z_[k] = move.offset[k];  // z at x0 for a weight; the weighted sum (z − logit(x)) for a base
    const auto [sigma, complement] = SigmoidPair(logit_ ? z_[k] + phi : z_[k]);
    sigma_[k] = sigma;
    de_[k] = ge ? Cancelled(ge[t] - ge[t + 1], std::fabs(ge[t]) + std::fabs(ge[t + 1])) : 0;
    dy_[k] = gy ? ratio * Cancelled(gy[t] - gy[t + 1], std::fabs(gy[t]) + std::fabs(gy[t + 1])) : 0;
    // dT_true/dx at x0: σ(z)σ(−z)·dz/dx; for a base at 0 or 1, d/db [b eˢ / (1 − b + b eˢ)] = e^{±s}.
    double d;
    if (!logit_) {
      d = sigma * complement * slope_[k];
    } else if (x0 > 0 && x0 < 1) {
      d = sigma * complement / (x0 * (1 - x0));
    } else {
      d = std::exp(x0 <= 0 ? z_[k] : -z_[k]);
    }
    alpha_e_ += d * de_[k];
    alpha_y_ += d * dy_[k];
    // δ = σ(z(x)) − σ(z(x0)) lies in [−σ, 1 − σ] whatever x.
    reach_low_ += std::min(-sigma * dy_[k], (1 - sigma) * dy_[k]);
    reach_high_ += std::max(-sigma * dy_[k], (1 - sigma) * dy_[k]);
    fixed_evidence_ = fixed_evidence_ && de_[k] == 0;
  }
}

std::optional<double> MoveFunction::At(double x) const {
  double shift_e = 0, shift_y = 0;
  if (kind_ == TableMove::Kind::kAffine) {
    shift_e = (x - x0_) * alpha_e_;
    shift_y = (x - x0_) * alpha_y_;
  } else {
    const double phi = logit_ ? Logit(x) : x - origin_;
    for (size_t k = 0; k < z_.size(); ++k) {
      const double delta = Sigmoid(z_[k] + slope_[k] * phi) - sigma_[k];
      shift_e += delta * de_[k];
      shift_y += delta * dy_[k];
    }
  }
  const double den = pe_ + shift_e;
  if (Vanishes(den, pe_)) return std::nullopt;
  return ClampProbability((py_ + shift_y) / den);
}

double MoveFunction::Derivative() const {
  return (alpha_y_ - probability() * alpha_e_) / pe_;
}

std::optional<double> MoveFunction::Flip(double threshold, double lo, double hi) const {
  if (kind_ == TableMove::Kind::kAffine) {
    const OneWayFunction f{alpha_e_, pe_ - x0_ * alpha_e_, alpha_y_, py_ - x0_ * alpha_y_};
    return f.Flip(threshold, lo, hi);
  }
  if (z_.empty()) return std::nullopt;  // constant
  // d/dx [N − cE] = Σ_k σ'_k · slope_k · φ' · (dy_k − c de_k): one sign throughout means monotone.
  bool rising = false, falling = false;
  for (size_t k = 0; k < z_.size(); ++k) {
    const double push = slope_[k] * (dy_[k] - threshold * de_[k]);
    rising = rising || push > 0;
    falling = falling || push < 0;
  }
  if (!rising && !falling) return std::nullopt;
  // When no column moves P(e), P(y|e)(x) stays within [P(y,e) + reach_low, P(y,e) + reach_high] / P(e)
  // for every x: a threshold outside it (by more than rounding) is crossed nowhere.
  const double margin = 1e-9 * (pe_ + std::fabs(py_) + reach_high_ - reach_low_);
  if (fixed_evidence_ && (threshold * pe_ > py_ + reach_high_ + margin || threshold * pe_ < py_ + reach_low_ - margin)) {
    return std::nullopt;
  }
  const auto f = [this](double x) { return At(x); };
  if (!(rising && falling)) {
    // One bracket needs P(e) > 0 at both ends (a base at 0 or 1 can make the evidence impossible);
    // ends on one side of the threshold then leave nothing to narrow.
    const std::optional<double> at_lo = At(lo), at_hi = At(hi);
    if (at_lo && at_hi) {
      const double a = *at_lo - threshold, b = *at_hi - threshold;
      if (a != 0 && b != 0 && (a < 0) == (b < 0)) return std::nullopt;
      return FindCrossing(f, threshold, lo, hi, x0_, 1);
    }
  }
  return FindCrossing(f, threshold, lo, hi, x0_, 64);
}

std::vector<double> CovariedDirection(const Network& network, int v, size_t i) {
  const std::vector<double>& theta = network.families[static_cast<size_t>(v)].table;
  const size_t states = StateCount(network, v);
  std::vector<double> direction(theta.size(), 0.0);
  const size_t first = i - i % states;
  const double rest = 1 - theta[i];
  for (size_t k = first; k < first + states; ++k) {
    if (k == i) {
      direction[k] = 1;
    } else if (rest > 0) {
      direction[k] = -theta[k] / rest;  // the others keep their proportions
    } else {
      direction[k] = -1.0 / static_cast<double>(states - 1);  // θ = 1: the others share 1 − τ equally
    }
  }
  return direction;
}

OneWayFunction PosteriorSensitivity::Entry(const Network& network, int v, size_t i) const {
  if (StateCount(network, v) < 2) return {e_.probability, 0, 0, probability_ * e_.probability};
  const std::vector<double> direction = CovariedDirection(network, v, i);
  return Affine(v, network.families[static_cast<size_t>(v)].table[i], direction);
}

std::optional<double> FindCrossing(const std::function<std::optional<double>(double)>& f, double threshold,
                                   double lo, double hi, double near, int scan) {
  std::optional<double> best;
  double prev_x = lo;
  std::optional<double> prev = f(lo);
  for (int k = 1; k <= scan; ++k) {
    const double x = lo + (hi - lo) * k / scan;
    std::optional<double> y = f(x);
    if (prev && y) {
      double a = prev_x, b = x;
      double fa = *prev - threshold, fb = *y - threshold;
      std::optional<double> root;
      if (fa == 0) {
        root = a;
      } else if (fb == 0) {
        root = b;
      } else if ((fa < 0) != (fb < 0)) {
        // Illinois (regula falsi halving the stale end's value): the bracket always holds the root,
        // and a smooth function converges in a few steps where bisection needs 40.
        int stale = 0;  // −1: a moved last, +1: b moved last
        for (int it = 0; it < 200 && b - a > 1e-12; ++it) {
          double m = (a * fb - b * fa) / (fb - fa);
          if (!(m > a && m < b)) m = 0.5 * (a + b);
          std::optional<double> y_m = f(m);
          if (!y_m) break;
          const double fm = *y_m - threshold;
          if (std::fabs(fm) <= 1e-15) {
            a = b = m;
            break;
          }
          if ((fm < 0) == (fa < 0)) {
            a = m;
            fa = fm;
            if (stale == -1) fb *= 0.5;
            stale = -1;
          } else {
            b = m;
            fb = fm;
            if (stale == 1) fa *= 0.5;
            stale = 1;
          }
        }
        root = 0.5 * (a + b);
      }
      if (root && (!best || std::fabs(*root - near) < std::fabs(*best - near))) best = root;
    }
    prev_x = x;
    prev = y;
  }
  return best;
}

Influence VariableInfluence(const Posterior& given_e, const Posterior& given_ey, int v, int state,
                            double threshold) {
  Influence out;
  const std::vector<double>& me = given_e.marginals[static_cast<size_t>(v)];
  const double p =
      given_ey.possible ? ClampProbability(std::exp(given_ey.log_evidence - given_e.log_evidence)) : 0;
  const size_t states = me.size();
  double mi = 0, shift = 0;
  double other_mass = 0, other_with_y = 0;
  for (size_t x = 0; x < states; ++x) {
    // P(X = x, y | e) and P(X = x, not y | e).
    double with_y = given_ey.possible ? p * given_ey.marginals[static_cast<size_t>(v)][x] : 0;
    if (with_y > me[x]) with_y = me[x];
    const double without_y = me[x] - with_y;
    if (me[x] <= 0) continue;
    if (with_y > 0 && p > 0) mi += with_y * std::log2(with_y / (me[x] * p));
    if (without_y > 0 && p < 1) mi += without_y * std::log2(without_y / (me[x] * (1 - p)));
    const double conditional = ClampProbability(with_y / me[x]);
    shift += me[x] * std::fabs(conditional - p);
    if (static_cast<int>(x) == state) {
      out.if_state = conditional;
    } else {
      other_mass += me[x];
      other_with_y += with_y;
    }
  }
  if (other_mass > 0) out.if_other = ClampProbability(other_with_y / other_mass);
  out.mutual_information = mi > 0 ? mi : 0;  // rounding can make an independent pair a hair negative
  out.expected_shift = shift;
  if (out.if_state && out.if_other && *out.if_state != *out.if_other) {
    const double q = (threshold - *out.if_other) / (*out.if_state - *out.if_other);
    if (q >= 0 && q <= 1) out.jeffrey_flip = q;
  }
  return out;
}

}  // namespace argraph
