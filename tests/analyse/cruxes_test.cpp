// Cruxes on asia (published vectors) and on models with a non-linear (logistic) parameter, checked
// against re-evaluation by enumeration and central differences.
#include "argraph/cruxes.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "analyse/networks.h"
#include "argraph/compile.h"
#include "argraph/generate.h"

using namespace argraph;
using argraph::testing::Asia;
using argraph::testing::RandomNetwork;

namespace {

const ParameterCrux& FindCrux(const CruxReport& report, const std::string& name) {
  for (const ParameterCrux& c : report.parameters) {
    if (c.name == name) return c;
  }
  FAIL("no parameter " << name);
  throw;
}

const ClaimCrux& FindClaim(const CruxReport& report, const std::string& id) {
  for (const ClaimCrux& c : report.claims) {
    if (c.id == id) return c;
  }
  FAIL("no claim " << id);
  throw;
}

Evaluator Enumerating(Network net) {
  auto space = MakeNetworkEntrySpace(std::move(net));
  auto propagator = MakeEnumerationPropagator(space->network());
  return Evaluator(std::move(space), std::move(propagator));
}

// C | A, B logistic: P(C = true | a, b) = σ(logit(base) + w·a + 0.7·b − 1.1·[b attacks]) with
// parameters "base" (probability, non-linear) and "w" (log-odds weight); A and B roots.
//   A   B
//    \ /
//     C
class LogisticSpace final : public ParameterSpace {
 public:
  LogisticSpace() {
    network_.name = "logistic";
    for (const char* name : {"A", "B", "C"})
      network_.variables.push_back({name, {"true", "false"}, false, {}});
    network_.families = {{0, {}, {0.3, 0.7}, {}}, {1, {}, {0.6, 0.4}, {}}, {2, {0, 1}, {}, {}}};
    Parameter base;
    base.name = "base";
    base.kind = ParameterKind::kBase;
    base.value = 0.2;
    Parameter w;
    w.name = "w";
    w.kind = ParameterKind::kWeight;
    w.value = 1.5;
    parameters_ = {base, w};
    Refill();
  }
  std::unique_ptr<ParameterSpace> Clone() const override { return std::make_unique<LogisticSpace>(*this); }
  const Network& network() const override { return network_; }
  const std::vector<Parameter>& parameters() const override { return parameters_; }
  int Family(size_t) const override { return 2; }
  void TableAt(size_t p, double value, std::vector<double>& table) const override {
    double base = parameters_[0].value, w = parameters_[1].value;
    (p == 0 ? base : w) = value;
    table.clear();
    for (int a : {1, 0}) {  // state 0 of A is "true": a = 1
      for (int b : {1, 0}) {
        const double z = std::log(base / (1 - base)) + w * a + 0.7 * b;
        const double t = 1 / (1 + std::exp(-z));
        table.push_back(t);
        table.push_back(1 - t);
      }
    }
  }
  void Set(size_t p, double value) override {
    parameters_[p].value = value;
    Refill();
  }

 private:
  void Refill() { TableAt(0, parameters_[0].value, network_.families[2].table); }
  Network network_;
  std::vector<Parameter> parameters_;
};

}  // namespace

TEST_CASE("cruxes on asia give the published derivatives, flips and claim figures", "[cruxes]") {
  Evaluator evaluator = Enumerating(Asia());
  const CruxReport report = Cruxes(evaluator, {3, 0}, {{6, 0}, {7, 0}}, 0.5);
  REQUIRE(report.possible);
  CHECK(report.credence == Approx(0.6212527967).epsilon(1e-9));
  const ParameterCrux& smoke = FindCrux(report, "smoke=yes");
  CHECK(smoke.derivative == Approx(0.32197839).epsilon(1e-7));
  CHECK(*smoke.flip_at == Approx(0.23669467).epsilon(1e-7));
  const ParameterCrux& lung = FindCrux(report, "lung=yes|smoke=yes");
  CHECK(lung.derivative == Approx(2.3032223).epsilon(1e-7));
  CHECK(*lung.flip_at == Approx(0.05908282).epsilon(1e-7));
  const ParameterCrux& tub = FindCrux(report, "tub=yes|asia=yes");
  CHECK(tub.derivative == Approx(-0.062496471).epsilon(1e-7));
  CHECK_FALSE(tub.flip_at.has_value());
  // Default interval [0.05, 0.95]: the tornado ends re-evaluate exactly.
  CHECK(lung.low == 0.05);
  CHECK(lung.high == 0.95);
  CHECK(lung.default_interval);
  Evaluator check = Enumerating(Asia());
  check.Set(static_cast<size_t>(check.space().Find("lung=yes|smoke=yes")), 0.95);
  CHECK(*lung.at_high == Approx(*check.Probability({3, 0}, {{6, 0}, {7, 0}})).epsilon(1e-12));
  const ClaimCrux& smoke_claim = FindClaim(report, "smoke");
  CHECK(*smoke_claim.jeffrey_flip == Approx(0.531901).epsilon(1e-6));
  CHECK(smoke_claim.mutual_information == Approx(0.116630).epsilon(1e-5));
  CHECK(FindClaim(report, "tub").mutual_information == Approx(0.133914).epsilon(1e-5));
  // Ranked by swing; either's zero entries need no extra propagation (PropagateDerivatives).
  for (size_t i = 1; i < report.parameters.size(); ++i) {
    CHECK(report.parameters[i - 1].swing() >= report.parameters[i].swing());
  }
  CHECK(report.propagations == 2);
}

TEST_CASE("cruxes on random networks: tornado ends and flips re-evaluate", "[cruxes]") {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 15; ++trial) {
    const Network net = RandomNetwork(rng, 5);
    const Evidence evidence = trial % 2 ? Evidence{{0, 0}} : Evidence{};
    Evaluator evaluator = Enumerating(net);
    const CruxReport report = Cruxes(evaluator, {4, 0}, evidence, 0.4);
    if (!report.possible) continue;
    for (const ParameterCrux& crux : report.parameters) {
      Evaluator moved = evaluator.Clone();
      const size_t p = static_cast<size_t>(moved.space().Find(crux.name));
      moved.Set(p, crux.high);
      std::optional<double> high = moved.Probability({4, 0}, evidence);
      REQUIRE(high.has_value() == crux.at_high.has_value());
      if (high) CHECK(*crux.at_high == Approx(*high).margin(1e-10));
      if (crux.flip_at) {
        Evaluator flipped = evaluator.Clone();
        flipped.Set(p, *crux.flip_at);
        CHECK(*flipped.Probability({4, 0}, evidence) == Approx(0.4).margin(1e-9));
      }
    }
  }
}

TEST_CASE("cruxes of logistic parameters: exact ends, derivative and flip", "[cruxes]") {
  Evaluator evaluator(std::make_unique<LogisticSpace>(),
                      MakeEnumerationPropagator(LogisticSpace().network()));
  for (const Evidence& evidence : {Evidence{}, Evidence{{1, 1}}}) {
    // 0.35 lies between P(C) at both ends of each parameter's domain (w in [−10, 10], base in [0, 1]).
    const CruxReport report = Cruxes(evaluator, {2, 0}, evidence, 0.35);
    REQUIRE(report.possible);
    for (const char* name : {"base", "w"}) {
      const ParameterCrux& crux = FindCrux(report, name);
      const size_t p = static_cast<size_t>(evaluator.space().Find(name));
      auto at = [&](double x) {
        Evaluator moved = evaluator.Clone();
        moved.Set(p, x);
        return *moved.Probability({2, 0}, evidence);
      };
      const double h = 1e-5;
      CHECK(crux.derivative == Approx((at(crux.value + h) - at(crux.value - h)) / (2 * h)).margin(1e-7));
      CHECK(*crux.at_low == Approx(at(crux.low)).margin(1e-12));
      CHECK(*crux.at_high == Approx(at(crux.high)).margin(1e-12));
      REQUIRE(crux.flip_at.has_value());
      CHECK(at(*crux.flip_at) == Approx(0.35).margin(1e-9));
    }
    CHECK(FindCrux(report, "w").low == 0.5);  // a weight's default interval is value ± 1
  }
}

TEST_CASE("tornado intervals: given, else documented defaults", "[cruxes]") {
  Parameter p;
  p.value = 0.02;
  CHECK(TornadoInterval(p) == std::pair{std::pair{0.02, 0.95}, true});
  p.value = 0.5;
  p.interval = std::pair{0.3, 0.8};
  CHECK(TornadoInterval(p) == std::pair{std::pair{0.3, 0.8}, false});
  Parameter w;
  w.kind = ParameterKind::kWeight;
  w.value = -2;
  CHECK(TornadoInterval(w) == std::pair{std::pair{-3.0, -1.0}, true});
  CHECK(ParameterDomain(w) == std::pair{-12.0, 10.0});
}

TEST_CASE("cruxes through the junction tree: deterministic entries are exact from two propagations",
          "[cruxes]") {
  // asia's `either` is a deterministic OR (entries 0 and 1): every parameter of it moves a zero entry.
  // Each tornado end, flip and derivative is checked by re-evaluating the moved network by enumeration.
  auto space = MakeNetworkEntrySpace(Asia());
  auto propagator = MakeJunctionTreePropagator(space->network());
  Evaluator evaluator(std::move(space), std::move(propagator));
  const Evidence evidence = {{6, 0}, {7, 0}};
  const CruxReport report = Cruxes(evaluator, {3, 0}, evidence, 0.5);
  REQUIRE(report.possible);
  CHECK(report.propagations == 2);
  int zero_entries = 0;
  for (const ParameterCrux& crux : report.parameters) {
    Evaluator oracle = Enumerating(Asia());
    const size_t p = static_cast<size_t>(oracle.space().Find(crux.name));
    zero_entries += crux.value == 0;
    auto at = [&](double x) {
      Evaluator moved = oracle.Clone();
      moved.Set(p, x);
      return moved.Probability({3, 0}, evidence);
    };
    REQUIRE(at(crux.low).has_value() == crux.at_low.has_value());
    if (crux.at_low) CHECK(*crux.at_low == Approx(*at(crux.low)).margin(1e-12));
    if (crux.at_high) CHECK(*crux.at_high == Approx(*at(crux.high)).margin(1e-12));
    if (crux.flip_at) CHECK(*at(*crux.flip_at) == Approx(0.5).margin(1e-9));
    const double h = 1e-6;
    if (crux.value - h >= 0 && crux.value + h <= 1) {
      CHECK(crux.derivative == Approx((*at(crux.value + h) - *at(crux.value - h)) / (2 * h)).margin(1e-7));
    } else if (crux.value + h <= 1) {
      CHECK(crux.derivative == Approx((*at(crux.value + h) - *at(crux.value)) / h).margin(1e-5));
    } else {
      CHECK(crux.derivative == Approx((*at(crux.value) - *at(crux.value - h)) / h).margin(1e-5));
    }
  }
  CHECK(zero_entries >= 1);  // either = yes given lung = no, tub = no
}

TEST_CASE("cruxes of an argument with parameters at 0 and 1: exact where the moved entries are zero",
          "[cruxes]") {
  // A generated debate with a root credence at 0, another at 1 and link strengths at 1 (and a leak at
  // 0 when there is one): their moves include table entries that are exactly 0, whose derivatives the
  // family marginals do not give (P(x,u|e)/θ is 0/0); the junction tree computes those exactly. Every
  // tornado end and flip is re-evaluated by enumeration, every derivative against a difference
  // quotient, with and without evidence.
  GenerateOptions options;
  options.claims = 9;
  options.seed = 3;
  options.max_fan_in = 4;
  Diagnostics diagnostics;
  CompiledArgument compiled = CompileArgument(GenerateDebate(options), diagnostics);
  REQUIRE_FALSE(diagnostics.HasErrors());
  const Network& network = compiled.network;
  auto jt_propagator = MakeJunctionTreePropagator(network);
  auto enumeration = MakeEnumerationPropagator(network);
  Evaluator evaluator(MakeArgumentSpace(compiled), std::move(jt_propagator));
  Evaluator oracle(MakeArgumentSpace(compiled), std::move(enumeration));
  int credences = 0, strengths = 0;
  for (size_t p = 0; p < evaluator.parameters().size(); ++p) {
    const ParameterKind kind = evaluator.parameters()[p].kind;
    double value = -1;
    if (kind == ParameterKind::kCredence && credences < 2) value = credences++ == 0 ? 0.0 : 1.0;
    if (kind == ParameterKind::kStrength && strengths < 3) value = (++strengths, 1.0);
    if (kind == ParameterKind::kLeak) value = 0.0;
    if (value < 0) continue;
    evaluator.Set(p, value);
    oracle.Set(p, value);
  }
  REQUIRE(credences == 2);
  REQUIRE(strengths >= 1);
  const Target target{0, 0};
  const int observed = static_cast<int>(network.variables.size()) - 1;
  for (const Evidence& evidence :
       {Evidence{}, Evidence{{observed, 1}}, Evidence{{2, 0}, {observed, 0}}, Evidence{{0, 0}, {observed, 1}}}) {
    const CruxReport report = Cruxes(evaluator, target, evidence, 0.5);
    const std::optional<double> credence = oracle.Probability(target, evidence);
    REQUIRE(report.possible == credence.has_value());
    if (!credence) continue;
    CHECK(report.credence == Approx(*credence).margin(1e-12));
    CHECK(report.propagations == 2);
    int zero_moves = 0;
    for (const ParameterCrux& crux : report.parameters) {
      const size_t p = static_cast<size_t>(oracle.space().Find(crux.name));
      auto at = [&](double x) {
        Evaluator moved = oracle.Clone();
        moved.Set(p, x);
        return moved.Probability(target, evidence);
      };
      TableMove move;
      oracle.space().Move(p, move);
      const std::vector<double>& theta =
          oracle.network().families[static_cast<size_t>(oracle.space().Family(p))].table;
      for (uint32_t i : move.index) zero_moves += move.kind == TableMove::Kind::kAffine && theta[i] == 0;
      REQUIRE(at(crux.low).has_value() == crux.at_low.has_value());
      REQUIRE(at(crux.high).has_value() == crux.at_high.has_value());
      if (crux.at_low) CHECK(*crux.at_low == Approx(*at(crux.low)).margin(1e-10));
      if (crux.at_high) CHECK(*crux.at_high == Approx(*at(crux.high)).margin(1e-10));
      if (crux.flip_at) CHECK(*at(*crux.flip_at) == Approx(0.5).margin(1e-9));
      const auto [lo, hi] = ParameterDomain(evaluator.parameters()[p]);
      const double h = 1e-6;
      const std::optional<double> left = at(std::max(lo, crux.value - h)), right = at(std::min(hi, crux.value + h));
      if (!left || !right) continue;
      CHECK(crux.derivative ==
            Approx((*right - *left) / (std::min(hi, crux.value + h) - std::max(lo, crux.value - h))).margin(1e-5));
    }
    CHECK(zero_moves >= 2);
  }
}

TEST_CASE("RankBySwing is the stable sort by swing, largest first", "[cruxes]") {
  // Swings equal as floats but not as doubles, exact ties, zeros of both signs, NaN (ranked as 0),
  // subnormals: the oracle is std::stable_sort on the doubles.
  std::mt19937_64 rng(11);
  for (size_t n : {0, 1, 2, 17, 5000}) {
    for (int trial = 0; trial < 20; ++trial) {
      std::vector<double> pool;
      std::uniform_real_distribution<double> unit(0, 1);
      for (int k = 0; k < 12; ++k) {
        const double x = k % 3 == 0 ? unit(rng) * 1e-6 : unit(rng);
        pool.insert(pool.end(), {x, std::nextafter(x, 2.0), std::nextafter(std::nextafter(x, 2.0), 2.0)});
      }
      pool.insert(pool.end(), {0.0, -0.0, std::nan(""), 1.0, 5e-324, 1e-300});
      std::vector<double> swings(n);
      for (double& s : swings) s = trial % 2 ? pool[rng() % pool.size()] : unit(rng);
      const std::vector<uint32_t> order = RankBySwing(swings);
      std::vector<uint32_t> oracle(n);
      std::iota(oracle.begin(), oracle.end(), 0u);
      auto value = [&](uint32_t i) { return swings[i] > 0 ? swings[i] : 0.0; };
      std::stable_sort(oracle.begin(), oracle.end(), [&](uint32_t a, uint32_t b) { return value(a) > value(b); });
      REQUIRE(order == oracle);
    }
  }
}
