// Argument-level analyses through the compiled engine: an argument with every rule (all, a decomposed
// any chain, logistic with an undercut, table) and zero entries (strength 1, leak 0), whose cruxes via
// the junction tree must equal re-evaluation: tornado ends and flips re-evaluate exactly, derivatives
// equal central differences, and the junction tree agrees with enumeration.
//
//   a(0.7)  b(0.4)  c(0.2)  u(0.3)
//     all  d <- a (1), b (0.6), attacked by c (0.5), undercut by u (0.4), reliability 0.9
//     any  e <- a, b, c, d, u (5 links: a chain), leak 0
//     logistic f <- d (w 1.2), e (w 0.8), attacked by c (w 0.5), u undercuts d->f (0.5); base 0.3
//     table g <- a, f
//     all  h <- f (0.9), g (0.7), e        (the conclusion)
#include "argraph/evaluator.h"

#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "argraph/compare.h"
#include "argraph/cruxes.h"
#include "argraph/generate.h"
#include "argraph/sensitivity.h"
#include "argraph/uncertainty.h"

using namespace argraph;

namespace {

// A derived claim with links from `parents` (relation per parent), then numbers per link: strengths
// (probabilities) or, for logistic supports and attacks, weights; nullopt keeps the default.
Claim Derived(const char* id, Rule rule, std::vector<std::pair<const char*, Relation>> parents,
              std::vector<std::optional<double>> numbers) {
  Claim c;
  c.id = id;
  c.rule = rule;
  for (size_t i = 0; i < parents.size(); ++i) {
    Link& link = c.from.emplace_back();
    link.from = parents[i].first;
    link.relation = parents[i].second;
    const bool weighted = rule == Rule::kLogistic && link.relation != Relation::kUndercuts;
    (weighted ? link.weight : link.strength) = numbers[i];
  }
  return c;
}

Argument Fixture() {
  constexpr Relation kS = Relation::kSupports, kA = Relation::kAttacks, kU = Relation::kUndercuts;
  Argument arg;
  arg.id = "fixture";
  for (auto [id, credence] : {std::pair{"a", 0.7}, {"b", 0.4}, {"c", 0.2}, {"u", 0.3}}) {
    Claim& c = arg.claims.emplace_back();
    c.id = id;
    c.credence = credence;
  }
  arg.claims[0].interval = std::pair{0.5, 0.9};
  arg.claims.push_back(
      Derived("d", Rule::kAll, {{"a", kS}, {"b", kS}, {"c", kA}, {"u", kU}}, {1.0, 0.6, 0.5, 0.4}));
  arg.claims.back().reliability = 0.9;
  arg.claims.push_back(Derived("e", Rule::kAny, {{"a", kS}, {"b", kS}, {"c", kS}, {"d", kS}, {"u", kA}},
                               {0.7, 0.5, 0.3, 0.8, 0.2}));
  arg.claims.push_back(
      Derived("f", Rule::kLogistic, {{"d", kS}, {"e", kS}, {"c", kA}, {"u", kU}}, {1.2, 0.8, 0.5, 0.5}));
  arg.claims.back().base = 0.3;
  arg.claims.back().from[3].link = "d";
  Claim g = Derived("g", Rule::kTable, {{"a", kS}, {"f", kS}}, {std::nullopt, std::nullopt});
  const double rows[4] = {0.9, 0.6, 0.3, 0.05};
  for (int bits = 0; bits < 4; ++bits) {
    TableRow& row = g.table.emplace_back();
    row.when = {{"a", (bits & 2) == 0}, {"f", (bits & 1) == 0}};
    row.probability = rows[bits];
  }
  arg.claims.push_back(g);
  arg.claims.push_back(Derived("h", Rule::kAll, {{"f", kS}, {"g", kS}, {"e", kS}}, {0.9, 0.7, std::nullopt}));
  arg.conclusion = arg.claims.back().id;  // h
  return arg;
}

CompiledArgument Compiled() {
  Diagnostics diagnostics;
  CompiledArgument compiled = CompileArgument(Fixture(), diagnostics);
  REQUIRE_FALSE(diagnostics.HasErrors());
  return compiled;
}

Evaluator WithTree() {
  CompiledArgument compiled = Compiled();
  auto propagator = MakeJunctionTreePropagator(compiled.network);
  return Evaluator(MakeArgumentSpace(std::move(compiled)), std::move(propagator));
}

Evaluator WithEnumeration() {
  CompiledArgument compiled = Compiled();
  auto propagator = MakeEnumerationPropagator(compiled.network);
  return Evaluator(MakeArgumentSpace(std::move(compiled)), std::move(propagator));
}

}  // namespace

TEST_CASE("argument cruxes through the junction tree re-evaluate exactly", "[cruxes][argument]") {
  Evaluator tree = WithTree();
  const Target target{tree.space().network().FindVariable("h"), 0};
  const Evidence none, given_b = {{tree.space().network().FindVariable("b"), 0}};
  for (const Evidence& evidence : {none, given_b}) {
    const CruxReport report = Cruxes(tree, target, evidence, 0.3);
    REQUIRE(report.possible);
    CHECK(report.parameters.size() == tree.parameters().size());
    for (const ParameterCrux& crux : report.parameters) {
      INFO(crux.name);
      const size_t p = static_cast<size_t>(tree.space().Find(crux.name));
      auto at = [&](double x) {
        Evaluator moved = WithEnumeration();
        moved.Set(p, x);
        return *moved.Probability(target, evidence);
      };
      CHECK(*crux.at_low == Approx(at(crux.low)).margin(1e-10));
      CHECK(*crux.at_high == Approx(at(crux.high)).margin(1e-10));
      const auto [lo, hi] = ParameterDomain(tree.parameters()[p]);
      const double h = 1e-6, x = crux.value;
      const double fd = x - h < lo   ? (-3 * at(x) + 4 * at(x + h) - at(x + 2 * h)) / (2 * h)
                        : x + h > hi ? (3 * at(x) - 4 * at(x - h) + at(x - 2 * h)) / (2 * h)
                                     : (at(x + h) - at(x - h)) / (2 * h);
      CHECK(crux.derivative == Approx(fd).margin(1e-6));
      if (crux.flip_at) CHECK(at(*crux.flip_at) == Approx(0.3).margin(1e-9));
    }
    // The same report by enumeration.
    Evaluator brute = WithEnumeration();
    const CruxReport oracle = Cruxes(brute, target, evidence, 0.3);
    CHECK(report.credence == Approx(oracle.credence).margin(1e-12));
    for (size_t i = 0; i < report.claims.size(); ++i) {
      CHECK(report.claims[i].id == oracle.claims[i].id);
      CHECK(report.claims[i].mutual_information == Approx(oracle.claims[i].mutual_information).margin(1e-12));
    }
  }
}

TEST_CASE("each parameter's closed-form one-way function equals re-evaluation at 20 points", "[cruxes][argument]") {
  // MoveFunction over the entries a parameter moves (affine, or logistic for f's base, weights and the
  // undercut u->f) against enumeration of the moved network, with and without evidence; its derivative
  // against central differences; its flips re-evaluate to the threshold.
  Evaluator brute = WithEnumeration();
  const Network& net = brute.network();
  const Target target{net.FindVariable("h"), 0};
  const Evidence none, given_b = {{net.FindVariable("b"), 0}}, given_not_e = {{net.FindVariable("e"), 1}};
  TableMove move;
  MoveFunction f;
  int logistic = 0;
  for (const Evidence& evidence : {none, given_b, given_not_e}) {
    Evidence with_target = evidence;
    with_target.push_back({target.variable, target.state});
    const Posterior e = EnumerateExact(net, evidence, true, true);
    const Posterior ey = EnumerateExact(net, with_target, true, true);
    for (size_t p = 0; p < brute.parameters().size(); ++p) {
      const Parameter& parameter = brute.parameters()[p];
      INFO(parameter.name << " with " << evidence.size() << " observed");
      brute.space().Move(p, move);
      REQUIRE(move.kind != TableMove::Kind::kUnknown);
      logistic += move.kind == TableMove::Kind::kLogistic;
      // Without evidence P(e) = 1 whatever the tables: the constant view must give the same function.
      f.Reset(evidence.empty() ? GradientView{} : DerivativesOf(e), DerivativesOf(ey), brute.space().Family(p), move,
              parameter.value);
      auto maybe_at = [&](double x) {
        Evaluator moved = WithEnumeration();
        moved.Set(p, x);
        return moved.Probability(target, evidence);
      };
      auto at = [&](double x) { return *maybe_at(x); };
      const auto [lo, hi] = ParameterDomain(parameter);
      for (int k = 0; k < 20; ++k) {
        const double x = lo + (hi - lo) * k / 19.0;
        const std::optional<double> expected = maybe_at(x);  // b's credence 0 rules out b = true
        REQUIRE(f.At(x).has_value() == expected.has_value());
        if (expected) CHECK(*f.At(x) == Approx(*expected).margin(1e-12));
      }
      const double h = 1e-6, x = parameter.value;
      const double fd = x - h < lo   ? (-3 * at(x) + 4 * at(x + h) - at(x + 2 * h)) / (2 * h)
                        : x + h > hi ? (3 * at(x) - 4 * at(x - h) + at(x - 2 * h)) / (2 * h)
                                     : (at(x + h) - at(x - h)) / (2 * h);
      CHECK(f.Derivative() == Approx(fd).margin(1e-6));
      for (double threshold : {0.1, 0.3, 0.5}) {
        if (const std::optional<double> flip = f.Flip(threshold, lo, hi)) CHECK(at(*flip) == Approx(threshold).margin(1e-9));
      }
    }
  }
  CHECK(logistic == 3 * 5);  // f.base, d->f, e->f, c->f, u->f under each evidence
}

TEST_CASE("a logistic parameter's flip is found wherever a scan of its one-way function finds one",
          "[cruxes][argument]") {
  // MoveFunction::Flip rules a threshold out without evaluating when no column moves P(e) and the
  // threshold lies beyond how far the columns can move P(y, e) (each σ stays in [0, 1]). Against a
  // 64-point scan of At (FindCrossing) at thresholds across the function's range, next to its ends
  // and beyond them: a crossing exists for Flip exactly when the scan finds one, at the same place.
  Evaluator brute = WithEnumeration();
  const Network& net = brute.network();
  const Target target{net.FindVariable("h"), 0};
  const Evidence none, given_b = {{net.FindVariable("b"), 0}};
  TableMove move;
  MoveFunction f;
  int found = 0, ruled_out = 0;
  for (const Evidence& evidence : {none, given_b}) {
    Evidence with_target = evidence;
    with_target.push_back({target.variable, target.state});
    const Posterior e = EnumerateExact(net, evidence, true, true);
    const Posterior ey = EnumerateExact(net, with_target, true, true);
    for (size_t p = 0; p < brute.parameters().size(); ++p) {
      brute.space().Move(p, move);
      if (move.kind != TableMove::Kind::kLogistic) continue;
      const Parameter& parameter = brute.parameters()[p];
      f.Reset(evidence.empty() ? GradientView{} : DerivativesOf(e), DerivativesOf(ey), brute.space().Family(p), move,
              parameter.value);
      const auto [lo, hi] = ParameterDomain(parameter);
      std::vector<double> thresholds;
      for (int k = 0; k <= 40; ++k) thresholds.push_back(k / 40.0);
      for (double x : {lo, hi, parameter.value}) {
        for (double d : {-1e-3, -1e-7, 1e-7, 1e-3}) thresholds.push_back(*f.At(x) + d);
      }
      for (double threshold : thresholds) {
        INFO(parameter.name << " at threshold " << threshold << " with " << evidence.size() << " observed");
        const std::optional<double> flip = f.Flip(threshold, lo, hi);
        const std::optional<double> scanned =
            FindCrossing([&](double x) { return f.At(x); }, threshold, lo, hi, parameter.value, 64);
        REQUIRE(flip.has_value() == scanned.has_value());
        if (flip) CHECK(*flip == Approx(*scanned).margin(1e-9));
        (flip ? found : ruled_out) += 1;
      }
    }
  }
  CHECK(found > 20);
  CHECK(ruled_out > 100);
}

TEST_CASE("argument profiles compare exactly through the junction tree", "[compare][argument]") {
  Evaluator tree = WithTree();
  std::vector<double> b;
  for (const Parameter& p : tree.parameters()) b.push_back(p.value);
  for (const char* name : {"a", "d.reliability", "d->f", "f.base", "g[a=1,f=0]", "u->e"}) {
    const int p = tree.space().Find(name);
    REQUIRE(p >= 0);
    b[static_cast<size_t>(p)] = tree.parameters()[static_cast<size_t>(p)].IsProbability() ? 0.5 : -0.4;
  }
  const Target target{tree.space().network().FindVariable("h"), 0};
  const Comparison c = Compare(tree, b, target, {});
  REQUIRE(c.possible);
  CHECK(c.attribution.size() == 6);
  double sum = 0;
  for (const Attribution& x : c.attribution) sum += x.shapley;
  CHECK(sum == Approx(c.difference).margin(1e-12));
  Evaluator brute = WithEnumeration();
  for (size_t p = 0; p < b.size(); ++p) brute.Set(p, b[p]);
  CHECK(c.credence_b == Approx(*brute.Probability(target, {})).margin(1e-12));
}

TEST_CASE("uncertainty fixes parameters without an interval and says so", "[uncertainty][argument]") {
  Evaluator tree = WithTree();
  UncertaintyOptions options;
  options.samples = 3000;
  const UncertaintyReport r = Uncertainty(tree, {tree.space().network().FindVariable("h"), 0}, {}, options);
  CHECK(r.varied == std::vector<std::string>{"a"});
  CHECK(r.fixed.size() == tree.parameters().size() - 1);
  CHECK(r.samples == 3000);
  REQUIRE(r.sobol.size() == 1);
  // The only input explains all the variance: with one input A_B is B, so the first-order estimate is 1
  // exactly and the total one 1 within its error.
  CHECK(r.sobol[0].first_order == Approx(1).margin(1e-12));
  CHECK(std::fabs(r.sobol[0].total - 1) <= 4 * r.sobol[0].total_se);
}

namespace {

/// Every header and entry of two sets of moves, exactly.
void RequireSameMoves(const TableMoves& kept, const TableMoves& fresh) {
  REQUIRE(kept.headers.size() == fresh.headers.size());
  for (size_t p = 0; p < fresh.headers.size(); ++p) {
    INFO("parameter " << p);
    const TableMoveView a = kept.View(p), b = fresh.View(p);
    REQUIRE(a.kind == b.kind);
    CHECK(a.logit == b.logit);
    CHECK(a.origin == b.origin);
    CHECK(kept.headers[p].least == fresh.headers[p].least);
    REQUIRE(a.index.size() == b.index.size());
    for (size_t k = 0; k < b.index.size(); ++k) {
      CHECK(a.index[k] == b.index[k]);
      CHECK(a.slope[k] == b.slope[k]);
      CHECK(a.offset[k] == b.offset[k]);
    }
  }
}

}  // namespace

TEST_CASE("the evaluator keeps every parameter's move in step with the parameters", "[cruxes][argument]") {
  // After any sequence of Set calls, the kept moves equal the moves computed afresh from the space: the
  // families Set are recomputed in place, or everything when a move's number of entries changes (a
  // leak or strength set to 0 or 1 makes slopes vanish). Cruxes through the kept moves equal cruxes of
  // an evaluator built afresh at the same values.
  std::mt19937_64 rng(4242);
  std::uniform_real_distribution<double> u(0, 1);
  GenerateOptions options;
  options.claims = 200;
  for (const Argument& argument : {Fixture(), GenerateDebate(options)}) {
    Diagnostics diagnostics;
    CompiledArgument compiled = CompileArgument(argument, diagnostics);
    REQUIRE_FALSE(diagnostics.HasErrors());
    auto propagator = MakeJunctionTreePropagator(compiled.network);
    Evaluator evaluator(MakeArgumentSpace(compiled), std::move(propagator));
    const size_t n = evaluator.parameters().size();
    TableMoves fresh;
    size_t resized = 0, kept = 0;
    for (int round = 0; round < 40; ++round) {
      const size_t before = evaluator.Moves().index.size();
      // A few parameters (their families' moves recomputed in place), or now and then many (all again).
      const size_t sets = round % 10 == 9 ? n / 4 + 1 : 1 + rng() % 4;
      for (size_t k = 0; k < sets; ++k) {
        const size_t p = rng() % n;
        const Parameter& parameter = evaluator.parameters()[p];
        double value = parameter.IsProbability() ? u(rng) : (u(rng) - 0.5) * 6;
        if (parameter.IsProbability() && rng() % 4 == 0) value = static_cast<double>(rng() % 2);
        evaluator.Set(p, value);
      }
      const TableMoves& moves = evaluator.Moves();
      evaluator.space().Moves(fresh);
      RequireSameMoves(moves, fresh);
      (moves.index.size() != before ? resized : kept) += 1;
    }
    CHECK(resized > 0);
    CHECK(kept > 0);

    // The same values in an evaluator built afresh: the same cruxes (to rounding: a junction tree whose
    // tables were replaced one by one multiplies them in another order than one built at those values).
    CompiledArgument again = CompileArgument(argument, diagnostics);
    Evaluator rebuilt(MakeArgumentSpace(std::move(again)), MakeJunctionTreePropagator(compiled.network));
    for (size_t p = 0; p < n; ++p) rebuilt.Set(p, evaluator.parameters()[p].value);
    const Target target{evaluator.network().FindVariable(argument.conclusion), 0};
    const CruxReport a = Cruxes(evaluator, target, {}, 0.5), b = Cruxes(rebuilt, target, {}, 0.5);
    REQUIRE(a.parameters.size() == b.parameters.size());
    CHECK(a.credence == Approx(b.credence).margin(1e-12));
    auto same = [](const std::optional<double>& x, const std::optional<double>& y, double margin) {
      return x.has_value() == y.has_value() && (!x || std::fabs(*x - *y) <= margin);
    };
    for (const ParameterCrux& crux : a.parameters) {
      const auto other = std::find_if(b.parameters.begin(), b.parameters.end(),
                                      [&](const ParameterCrux& c) { return c.name == crux.name; });
      REQUIRE(other != b.parameters.end());
      INFO(crux.name);
      CHECK(crux.derivative == Approx(other->derivative).margin(1e-12));
      CHECK(same(crux.at_low, other->at_low, 1e-12));
      CHECK(same(crux.at_high, other->at_high, 1e-12));
      CHECK(same(crux.flip_at, other->flip_at, 1e-9));  // found to 1e-12 by bracketing each side
    }
    CHECK(a.parameters.size() == n);
  }
}
