// Gradual semantics of quantitative bipolar argumentation frameworks (QBAFs): the argumentation-
// theory alternative to the Bayesian evaluation (`eval --semantics dfquad|qe|eb|mlp|hcat`).
//
// A QBAF is a set of arguments with base scores in [0,1] and weighted attack and support edges. A
// modular semantics (Mossakowski & Neuhaus 2018) computes every argument's strength as
//   σ(a) = ι(w_a, α(a)),   α = aggregation of the weighted strengths of a's attackers and supporters,
//                          ι = influence of the aggregate on a's base score w_a.
// Aggregations (edge weight v_e ≥ 0):
//   sum      α = Σ_sup v_e σ − Σ_att v_e σ
//   product  α = Π_att (1 − min(1, v_e σ)) − Π_sup (1 − min(1, v_e σ))
//   top      α = max_sup v_e σ − max_att v_e σ          (an empty max is 0)
// Influences (k > 0 the conservativeness, p > 0 the exponent):
//   linear(k)   ι = w − (w/k)·max(0,−α) + ((1−w)/k)·max(0,α), clamped to [0,1]
//   p-max(k)    ι = w − w·h(−α/k) + (1−w)·h(α/k),  h(x) = max(0,x)^p / (1 + max(0,x)^p)
//   euler       ι = 1 − (1 − w²) / (1 + w·e^α)
//   logistic    ι = φ(ln(w/(1−w)) + α),  φ(z) = 1/(1+e^−z)
//   h-categorizer ι = w / (1 + max(0,−α))            (supports are dropped: attacks only)
// Presets: DF-QuAD = product + linear(1) (Rago et al. 2016); Quadratic Energy = sum + 2-max(1)
// (Potyka 2018); Euler-based = sum + euler (Amgoud & Ben-Naim 2018); MLP-based = sum + logistic
// (Potyka 2021); weighted h-categorizer = sum over attacks + h-categorizer (Besnard & Hunter 2001,
// weighted by Amgoud et al.).
//
// Invariants of a result: every strength is a finite number in [0,1]; on an acyclic graph the result
// is exact (one pass in topological order); on a cyclic graph `converged` says whether the residual
// max |F(σ) − σ| fell below the tolerance, and non-convergence is also a diagnostic.
// All base scores, edge weights of probability links and strengths are numbers in [0,1]; logistic
// link weights are log-odds magnitudes (unbounded).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "argraph/diagnostic.h"
#include "argraph/model.h"

namespace argraph {

enum class Aggregation { kSum, kProduct, kTop };
enum class InfluenceFunction { kLinear, kPMax, kEuler, kLogistic, kHCategorizer };

/// One modular semantics: an aggregation and an influence with its parameters.
struct GradualSemantics {
  std::string name = "dfquad";  ///< shown as eval's "method"
  Aggregation aggregation = Aggregation::kProduct;
  InfluenceFunction influence = InfluenceFunction::kLinear;
  double k = 1;                 ///< conservativeness of linear(k) and p-max(k)
  double p = 2;                 ///< exponent of p-max(k)
  bool attacks_only = false;    ///< supports are ignored (h-categorizer)
};

/// The named presets "dfquad", "qe", "eb", "mlp", "hcat"; nullopt for any other name.
std::optional<GradualSemantics> GradualPreset(std::string_view name);
/// The preset names, in the order the CLI lists them.
std::vector<std::string> GradualPresetNames();

/// A QBAF: arguments 0..n-1 with names, base scores and locations, and weighted edges.
struct Qbaf {
  struct Edge {
    int from = -1;
    int to = -1;
    double weight = 1;    ///< v_e ≥ 0
    bool attack = false;  ///< false: support
  };
  std::vector<std::string> names;
  std::vector<double> base;  ///< w_a in [0,1]
  std::vector<SourceLocation> locations;
  std::vector<Edge> edges;
};

/// The QBAF of an argument: one argument per claim (claim order), base score = the claim's `base`,
/// else its credence, else 0.5; one edge per link, weight = the link's strength (default 1), or |weight|
/// for logistic links whose sign decides the polarity (a negative support weight attacks). Undercuts
/// act as attacks on the claim they are aimed at, with the undercut's strength as weight.
Qbaf QbafFromArgument(const Argument& argument);

struct GradualOptions {
  bool allow_cycles = false;  ///< cycles are an error unless set
  bool discrete = false;      ///< cyclic parts: iterate σ ← F(σ) instead of integrating dσ/dt = F(σ) − σ
  double tolerance = 1e-10;   ///< residual max |F(σ) − σ| at which a cyclic part has converged
  double step = 0.1;          ///< RK4 time step
  double max_time = 1000;     ///< time cap of the continuous integration
  int max_iterations = 100000;  ///< cap of the discrete iteration
};

struct GradualResult {
  std::vector<double> strength;  ///< per argument (per claim, in claim order), in [0,1]
  bool converged = true;         ///< false when a cyclic component did not reach the tolerance
  double residual = 0;           ///< largest residual left in any cyclic component
  Diagnostics diagnostics;       ///< cycles without allow_cycles (error), non-convergence (warning)
};

/// Strengths of every argument of `qbaf` under `semantics`. Never throws for bad input.
GradualResult EvaluateQbaf(const Qbaf& qbaf, const GradualSemantics& semantics,
                           const GradualOptions& options = {});

/// Strengths of every claim of `argument` (QbafFromArgument, then EvaluateQbaf).
GradualResult EvaluateGradual(const Argument& argument, const GradualSemantics& semantics,
                              const GradualOptions& options = {});

/// The influence function alone: the strength of an argument with base score `w` and aggregate `a`.
double GradualInfluence(const GradualSemantics& semantics, double w, double a);

}  // namespace argraph
