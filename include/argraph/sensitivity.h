// Sensitivity of a posterior probability P(y|e) to a network's parameters, from the family marginals of
// two propagations (Darwiche's differential semantics; DESIGN.md section 5, docs/semantics.md).
//
// The network polynomial holds exactly one entry of every family's table in each of its terms, so P(e)
// is linear in the table of any ONE family v: P(e) = Σ_i θ_i g_i with g_i = ∂P(e)/∂θ_i, and g does not
// depend on family v's own table. Every g_i, θ_i = 0 included, comes from one propagation
// (JunctionTree::PropagateDerivatives, or PropagateWithDerivatives: g_i = P(e)·P(x,u|e)/θ_i where θ_i > 0;
// Posterior::derivatives).
// From g under e and under e ∧ (Y = y), P(y|e) is known exactly for any new table T of one family:
//   P(y|e)(T) = [P(e,y) + Σ_i (T_i − θ_i) g^{ey}_i] / [P(e) + Σ_i (T_i − θ_i) g^e_i].
// Parameters that move a whole table as a function of τ (a noisy-OR strength, a logistic weight) are
// therefore exact; an affine move gives the ratio of two linear functions (OneWayFunction).
//
// Invariants: a Gradient's `scaled` has the layout of Network::families; g_i = scaled[v][i] ·
// exp(log_scale); every stored number is finite. Quantities are probabilities unless named otherwise
// (log_scale: natural log; mutual information: bits).
#pragma once

#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <vector>

#include "argraph/compile.h"
#include "argraph/inference.h"
#include "argraph/network.h"

namespace argraph {

/// ∂P(e)/∂θ for every entry of every table, scaled to avoid underflow.
struct Gradient {
  bool possible = true;    ///< P(e) > 0
  double probability = 0;  ///< P(e) / exp(log_scale): 1 when possible and log_scale = ln P(e)
  double log_scale = 0;    ///< natural log of the common scale of `probability` and `scaled`
  std::vector<std::vector<double>> scaled;  ///< scaled[v][i] = ∂P(e)/∂θ_{v,i} / exp(log_scale)
};

/// The gradient of P(e) from a posterior that has derivatives (Posterior::derivatives; throws
/// std::logic_error when it has none).
Gradient GradientFromPosterior(const Posterior& posterior);

/// The gradient of a probability that is 0 whatever the tables (evidence contradicting itself).
Gradient ZeroGradient(const Network& network);

/// P(y|e)(τ) = (alpha_y τ + beta_y) / (alpha_e τ + beta_e): the exact one-way sensitivity function of an
/// affine move of one table. All four coefficients share one (arbitrary) scale.
struct OneWayFunction {
  double alpha_e = 0, beta_e = 1, alpha_y = 0, beta_y = 0;

  /// P(y|e) at τ; nullopt where P(e)(τ) = 0.
  std::optional<double> At(double tau) const;
  /// dP(y|e)/dτ at τ; nullopt where P(e)(τ) = 0.
  std::optional<double> DerivativeAt(double tau) const;
  /// The τ in [lo, hi] where P(y|e)(τ) = threshold, or nullopt (none, or the function is constant).
  std::optional<double> Flip(double threshold, double lo = 0, double hi = 1) const;
};

/// The exact dependence of P(y|e) on the table of any one family, from the gradients under e and
/// under e ∧ (Y = y).
class PosteriorSensitivity {
 public:
  /// `given_e` must be possible; `given_ey` may be impossible (P(y|e) = 0). Both must have the same
  /// shape.
  PosteriorSensitivity(Gradient given_e, Gradient given_ey);

  /// P(y|e) at the current parameters.
  double probability() const { return probability_; }
  const Gradient& given_e() const { return e_; }
  const Gradient& given_ey() const { return ey_; }

  /// P(y|e) with table v replaced by `table`; nullopt when that makes P(e) = 0.
  std::optional<double> ProbabilityWith(const Network& network, int v, std::span<const double> table) const;
  /// dP(y|e)/dτ at the current point for a move of table v with dT/dτ = `table_derivative`.
  double Derivative(int v, std::span<const double> table_derivative) const;
  /// The one-way function of the affine move T(τ) = T(now) + (τ − now)·direction of table v.
  OneWayFunction Affine(int v, double now, std::span<const double> direction) const;
  /// Entry i of table v moved to τ with the other states of its column scaled proportionally (when the
  /// entry is 1 the others share 1 − τ equally).
  OneWayFunction Entry(const Network& network, int v, size_t i) const;

 private:
  Gradient e_, ey_;
  double ratio_ = 0;  ///< exp(ey_.log_scale − e_.log_scale), or 0 when e ∧ y is impossible
  double probability_ = 0;
};

/// A non-owning view of the derivatives of a probability P: ∂P/∂θ_{v,i} = (*scaled)[v][i]·exp(log_scale),
/// P = probability·exp(log_scale). scaled == nullptr: no table moves P (P(e) = 1 without evidence, since
/// every parameter keeps each column of its table summing to 1; or P = 0 whatever the tables).
struct GradientView {
  const std::vector<std::vector<double>>* scaled = nullptr;
  double probability = 1;
  double log_scale = 0;
};

/// The view of a Gradient (which must outlive it).
GradientView ViewOf(const Gradient& gradient);
/// The view of a posterior's derivatives, without copying them (as GradientFromPosterior; throws
/// std::logic_error when it has none).
GradientView DerivativesOf(const Posterior& posterior);

/// The view of a TableMove (which must outlive it).
TableMoveView ViewOf(const TableMove& move);

/// P(y|e) as ONE parameter moves its family's table v by a closed-form TableMove (kAffine or kLogistic):
///   P(y|e)(x) = [P(y,e) + Σ_k δ_k(x) g^y_k] / [P(e) + Σ_k δ_k(x) g_k],   δ_k(x) = T_k(x) − T_k(x0),
/// exact, over the entries the parameter moves only (no table is rebuilt, nothing is propagated).
/// Affine moves give the ratio of two linear functions (OneWayFunction); a logistic column moves its two
/// entries by ±(σ(z(x)) − σ(z(x0))), so it enters through g_{true} − g_{false}.
class MoveFunction {
 public:
  /// Binds the move of table v by a parameter now at x0, from the derivatives of P(e) and P(y,e). The
  /// evidence must be possible. Reuses its buffers (no allocation once warm).
  void Reset(const GradientView& e, const GradientView& ey, int v, const TableMove& move, double x0);
  /// As above, from a view of the move.
  void Reset(const GradientView& e, const GradientView& ey, int v, const TableMoveView& move, double x0);
  /// P(y|e) at x0.
  double probability() const { return py_ / pe_; }
  /// P(y|e) at x; nullopt where the move makes P(e) = 0.
  std::optional<double> At(double x) const;
  /// dP(y|e)/dx at x0, from the analytic derivative of each moved entry (σ' = σ(1 − σ) for logistic).
  double Derivative() const;
  /// The x in [lo, hi] where P(y|e)(x) = threshold, nearest x0, or nullopt. Affine: the closed form of
  /// OneWayFunction::Flip. Logistic: N − cE is a sum of sigmoids of x; when every column pushes it the
  /// same way it is monotone and one bracket [lo, hi] is narrowed, else FindCrossing scans.
  std::optional<double> Flip(double threshold, double lo, double hi) const;

 private:
  TableMove::Kind kind_ = TableMove::Kind::kAffine;
  bool logit_ = false;
  double origin_ = 0, x0_ = 0;
  double pe_ = 1, py_ = 0;          ///< P(e), P(y,e) on one scale
  double alpha_e_ = 0, alpha_y_ = 0;  ///< d/dx of P(e), P(y,e) at x0 (affine: everywhere)
  double gap_ = std::numeric_limits<double>::quiet_NaN(), gap_ratio_ = 0;  ///< the last exp(gap_) = gap_ratio_
  std::vector<double> z_, slope_, sigma_, de_, dy_;  ///< logistic: per column
  /// Logistic: fixed_evidence_ when no column moves P(e); then P(y,e) moves within [reach_low_,
  /// reach_high_] of py_ whatever x (each column's δ lies in [−σ, 1 − σ]).
  bool fixed_evidence_ = false;
  double reach_low_ = 0, reach_high_ = 0;
};

/// The column move of Entry(network, v, i) as a direction vector over table v (zero off the column).
std::vector<double> CovariedDirection(const Network& network, int v, size_t i);

/// The τ in [lo, hi] where f(τ) = threshold, closest to `near`: f is scanned at `scan` points and each
/// sign change narrowed (Illinois method, a bracketing regula falsi) to 1e-12 or |f − threshold| ≤ 1e-15. For non-linear one-way functions (logistic weights, bases).
std::optional<double> FindCrossing(const std::function<std::optional<double>(double)>& f, double threshold,
                                   double lo, double hi, double near, int scan = 64);

/// How learning about one variable X would move P(y|e): all from the posteriors under e and e ∧ y.
struct Influence {
  std::optional<double> if_state;      ///< P(y | X = x, e); nullopt when P(x|e) = 0
  std::optional<double> if_other;      ///< P(y | X ≠ x, e); nullopt when P(X ≠ x|e) = 0
  double mutual_information = 0;       ///< I(X; [Y = y] | e) in bits, over all states of X
  double expected_shift = 0;           ///< Σ_x' P(x'|e)·|P(y|x',e) − P(y|e)|
  std::optional<double> jeffrey_flip;  ///< q in [0,1] with q·if_state + (1−q)·if_other = threshold
};

/// The influence of variable `v` (its state `state` as "true") on P(y|e). `given_ey` may be
/// impossible (then P(y|e) = 0 and nothing moves it).
Influence VariableInfluence(const Posterior& given_e, const Posterior& given_ey, int v, int state,
                            double threshold);

}  // namespace argraph
