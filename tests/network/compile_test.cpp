// Compilation of arguments, checked against an oracle written directly from DESIGN.md section 3
// (ClaimProbability below, which never looks at compile.cpp) on hundreds of random arguments with
// every rule, attacks, undercuts and shared premises; the chain decomposition against full tables;
// and the parameter binding (each parameter enters one family; FamilyTable = recompiling).
//
//   Hand example:  a (0.8) --supports 1--> c (all, reliability 0.9) <--supports 0.5-- b (0.6)
//   P(c) = 0.9 · [P(a)P(b) + P(a)P(¬b)·0.5] = 0.9 · (0.48 + 0.16) = 0.576
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <random>

#include "argraph/compile.h"
#include "argraph/inference.h"
#include "argraph/junction_tree.h"

using namespace argraph;

namespace {

Link MakeLink(const std::string& from, Relation relation, std::optional<double> strength,
              std::optional<double> weight = std::nullopt, const std::string& named = "") {
  Link link;
  link.from = from;
  link.relation = relation;
  link.strength = strength;
  link.weight = weight;
  link.link = named;
  return link;
}

Claim Root(const std::string& id, double credence) {
  Claim c;
  c.id = id;
  c.credence = credence;
  return c;
}

/// P(claim = true | parents) straight from the formulas of DESIGN.md section 3.
double ClaimProbability(const Claim& c, const std::map<std::string, bool>& x) {
  if (c.IsRoot()) return *c.credence;
  auto strength = [](const Link& l) { return l.strength.value_or(1.0); };
  // Undercut factor of the link from `name` (any/logistic), or of the reliability (all).
  auto undercut_scale = [&](const std::string& named) {
    double scale = 1;
    for (const Link& u : c.from) {
      if (u.relation != Relation::kUndercuts || !x.at(u.from)) continue;
      if (c.rule == Rule::kAll || u.link == named) scale *= 1 - strength(u);
    }
    return scale;
  };
  switch (c.rule) {
    case Rule::kAll: {
      double p = c.reliability.value_or(1.0) * undercut_scale("");
      for (const Link& l : c.from) {
        if (l.relation == Relation::kSupports && !x.at(l.from)) p *= 1 - strength(l);
        if (l.relation == Relation::kAttacks && x.at(l.from)) p *= 1 - strength(l);
      }
      return p;
    }
    case Rule::kAny: {
      double none = 1 - c.leak.value_or(0.0), attack = 1;
      for (const Link& l : c.from) {
        if (!x.at(l.from)) continue;
        if (l.relation == Relation::kSupports) none *= 1 - strength(l) * undercut_scale(l.from);
        if (l.relation == Relation::kAttacks) attack *= 1 - strength(l) * undercut_scale(l.from);
      }
      return (1 - none) * attack;
    }
    case Rule::kLogistic: {
      const double base = c.base.value_or(0.5);
      double z = std::log(base / (1 - base));
      for (const Link& l : c.from) {
        if (!x.at(l.from)) continue;
        if (l.relation == Relation::kSupports) z += *l.weight * undercut_scale(l.from);
        if (l.relation == Relation::kAttacks) z -= *l.weight * undercut_scale(l.from);
      }
      return 1 / (1 + std::exp(-z));
    }
    case Rule::kTable:
      for (const TableRow& row : c.table) {
        bool match = true;
        for (const auto& [id, value] : row.when) match = match && x.at(id) == value;
        if (match) return row.probability;
      }
      return -1;
  }
  return -1;
}

/// Brute force over the claims' joint: P(claim = true | e) for every claim, and P(e).
std::vector<double> OracleMarginals(const Argument& arg, const std::map<std::string, bool>& evidence,
                                    double& pe) {
  const size_t n = arg.claims.size();
  std::vector<double> marginal(n, 0.0);
  pe = 0;
  for (size_t bits = 0; bits < (size_t{1} << n); ++bits) {
    std::map<std::string, bool> x;
    for (size_t i = 0; i < n; ++i) x[arg.claims[i].id] = (bits >> i) & 1;
    bool consistent = true;
    for (const auto& [id, value] : evidence) consistent = consistent && x[id] == value;
    if (!consistent) continue;
    double p = 1;
    for (const Claim& c : arg.claims) {
      const double t = ClaimProbability(c, x);
      p *= x[c.id] ? t : 1 - t;
    }
    pe += p;
    for (size_t i = 0; i < n; ++i) {
      if (x[arg.claims[i].id]) marginal[i] += p;
    }
  }
  for (double& m : marginal) m /= pe;
  return marginal;
}

double RandomProbability(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  switch (rng() % 10) {
    case 0: return 1e-15;
    case 1: return 1 - 1e-15;
    case 2: return 1;
    default: return u(rng);
  }
}

/// A random argument: claims in topological order, each derived claim drawing links from earlier
/// claims (so premises are shared), every rule, attacks, undercuts.
Argument RandomArgument(std::mt19937_64& rng, size_t n, size_t max_links) {
  Argument arg;
  arg.id = "random";
  std::uniform_real_distribution<double> u(0, 1);
  for (size_t i = 0; i < n; ++i) {
    const std::string id = std::string(1, static_cast<char>('a' + i));
    if (i < 2 || rng() % 4 == 0) {
      arg.claims.push_back(Root(id, RandomProbability(rng)));
      continue;
    }
    Claim c;
    c.id = id;
    c.rule = static_cast<Rule>(rng() % 4);
    std::vector<size_t> earlier(i);
    for (size_t k = 0; k < i; ++k) earlier[k] = k;
    std::shuffle(earlier.begin(), earlier.end(), rng);
    const size_t count = 1 + rng() % std::min(max_links, i);
    std::vector<std::string> linkable;
    for (size_t k = 0; k < count; ++k) {
      const std::string from = arg.claims[earlier[k]].id;
      Relation rel = Relation::kSupports;
      const unsigned r = rng() % 10;
      if (r < 2) rel = Relation::kAttacks;
      if (r == 2 && (c.rule == Rule::kAll || !linkable.empty())) rel = Relation::kUndercuts;
      if (c.rule == Rule::kTable) rel = Relation::kSupports;
      std::optional<double> strength, weight;
      if (c.rule == Rule::kLogistic && rel != Relation::kUndercuts) {
        weight = (u(rng) - 0.3) * 6;
      } else if (rng() % 5 != 0) {
        strength = RandomProbability(rng);
      }
      std::string named;
      if (rel == Relation::kUndercuts && c.rule != Rule::kAll) named = linkable[rng() % linkable.size()];
      if (rel != Relation::kUndercuts) linkable.push_back(from);
      c.from.push_back(MakeLink(from, rel, strength, weight, named));
    }
    if (rng() % 2) c.reliability = RandomProbability(rng);
    if (rng() % 2) c.leak = RandomProbability(rng);
    if (rng() % 2) c.base = 0.05 + 0.9 * u(rng);
    if (c.rule == Rule::kTable) {
      const size_t k = c.from.size();
      for (size_t bits = 0; bits < (size_t{1} << k); ++bits) {
        TableRow row;
        for (size_t p = 0; p < k; ++p) row.when.push_back({c.from[p].from, ((bits >> p) & 1) == 0});
        row.probability = RandomProbability(rng);
        c.table.push_back(row);
      }
    }
    arg.claims.push_back(c);
  }
  arg.conclusion = arg.claims.back().id;
  return arg;
}

CompiledArgument Compile(const Argument& arg, size_t decompose_above,
                         size_t links_per_step = CompileOptions{}.links_per_step) {
  Diagnostics ds;
  CompileOptions options;
  options.decompose_above = decompose_above;
  options.links_per_step = links_per_step;
  CompiledArgument compiled = CompileArgument(arg, ds, options);
  REQUIRE(ds.empty());
  Diagnostics validation;
  ValidateNetwork(compiled.network, validation, 1e-12);
  std::string messages;
  for (const auto& d : validation.items()) messages += d.message + "\n";
  INFO(messages);
  REQUIRE(validation.empty());
  return compiled;
}

Evidence ToEvidence(const CompiledArgument& compiled, const std::map<std::string, bool>& given) {
  Evidence e;
  for (const auto& [id, value] : given) e.push_back({compiled.ClaimVariable(id), value ? 0 : 1});
  return e;
}

}  // namespace

TEST_CASE("the hand example compiles to the hand-computed credence", "[compile]") {
  Argument arg;
  arg.claims = {Root("a", 0.8), Root("b", 0.6)};
  Claim c;
  c.id = "c";
  c.reliability = 0.9;
  c.from = {MakeLink("a", Relation::kSupports, std::nullopt), MakeLink("b", Relation::kSupports, 0.5)};
  arg.claims.push_back(c);
  arg.conclusion = "c";
  CompiledArgument compiled = Compile(arg, 4);
  CHECK(compiled.conclusion == 2);
  Posterior p = EnumerateExact(compiled.network, {});
  CHECK(p.marginals[2][0] == Approx(0.576).epsilon(1e-14));
  // Table layout: parents a (slowest), b; child fastest; state 0 = true.
  CHECK(compiled.network.families[2].table ==
        std::vector<double>{0.9, 1 - 0.9, 0.45, 1 - 0.45, 0.0, 1.0, 0.0, 1.0});
}

TEST_CASE("compiled arguments equal the DESIGN formulas on random arguments", "[compile]") {
  std::mt19937_64 rng(31337);
  for (int trial = 0; trial < 300; ++trial) {
    Argument arg = RandomArgument(rng, 3 + rng() % 7, 5);
    std::map<std::string, bool> given;
    for (const Claim& c : arg.claims) {
      if (rng() % 5 == 0) given[c.id] = rng() % 2;
    }
    double pe = 0;
    std::vector<double> oracle = OracleMarginals(arg, given, pe);
    for (size_t decompose_above : {size_t{0}, size_t{2}, SIZE_MAX}) {
      CompiledArgument compiled = Compile(arg, decompose_above, 1 + trial % 3);
      JunctionTree jt(compiled.network);
      Posterior p = jt.Propagate(ToEvidence(compiled, given));
      REQUIRE(p.possible == (pe > 0));
      if (pe <= 0) continue;
      CHECK(p.log_evidence == Approx(std::log(pe)).margin(1e-10));
      for (size_t i = 0; i < arg.claims.size(); ++i) {
        CHECK(p.marginals[static_cast<size_t>(compiled.claim_variable[i])][0] == Approx(oracle[i]).margin(1e-12));
      }
    }
  }
}

TEST_CASE("a decomposed any/all claim equals its full table", "[compile]") {
  std::mt19937_64 rng(4242);
  for (int trial = 0; trial < 60; ++trial) {
    // One claim with k links (supports, attacks, undercuts) over k roots.
    const size_t k = 2 + rng() % 9;
    Argument arg;
    Claim c;
    c.id = "claim";
    c.rule = trial % 2 ? Rule::kAny : Rule::kAll;
    c.leak = RandomProbability(rng);
    c.reliability = RandomProbability(rng);
    std::vector<std::string> linkable;
    for (size_t i = 0; i < k; ++i) {
      const std::string id = std::to_string(i);
      arg.claims.push_back(Root(id, 0.5));
      Relation rel = i % 4 == 1 ? Relation::kAttacks : Relation::kSupports;
      if (i % 4 == 3) rel = Relation::kUndercuts;
      const std::string named = rel == Relation::kUndercuts ? linkable[rng() % linkable.size()] : "";
      if (rel != Relation::kUndercuts) linkable.push_back(id);
      c.from.push_back(MakeLink(id, rel, RandomProbability(rng), std::nullopt, named));
    }
    arg.claims.push_back(c);
    CompiledArgument full = Compile(arg, SIZE_MAX);
    const size_t per_step = 1 + static_cast<size_t>(trial / 2) % 3;
    CompiledArgument chain = Compile(arg, 0, per_step);
    // Steps of up to per_step links, the OR links (supports of `any`) first, then the AND links (an
    // undercut of an `any` claim joins the step of the link it names); every step but the last is a
    // hidden variable.
    const size_t attacks = (k + 2) / 4, undercuts = k / 4;  // links 1, 5, ... attack; 3, 7, ... undercut
    const size_t or_links = c.rule == Rule::kAny ? k - attacks - undercuts : 0;
    const size_t and_links = c.rule == Rule::kAny ? attacks : k;
    const size_t steps = (or_links + per_step - 1) / per_step + (and_links + per_step - 1) / per_step;
    CHECK(chain.network.variables.size() == k + 1 + (steps - 1));
    JunctionTree jt(chain.network);
    const std::vector<double>& table = full.network.families[k].table;
    std::vector<double> marginal;
    // P(claim | every parent assignment) from the chain, against the full table's column.
    for (size_t column = 0; column < (size_t{1} << k); ++column) {
      Evidence e;
      for (size_t i = 0; i < k; ++i) e.push_back({static_cast<int>(i), static_cast<int>((column >> (k - 1 - i)) & 1)});
      REQUIRE(std::isfinite(jt.Query(static_cast<int>(k), e, marginal)));
      CHECK(marginal[0] == Approx(table[2 * column]).margin(1e-12));
      CHECK(marginal[1] == Approx(table[2 * column + 1]).margin(1e-12));
    }
  }
}

TEST_CASE("fan-in 50 compiles to a chain of small tables", "[compile]") {
  Argument arg;
  Claim c;
  c.id = "hub";
  c.rule = Rule::kAny;
  c.leak = 0.01;
  double none = 1 - 0.01;
  for (int i = 0; i < 50; ++i) {
    arg.claims.push_back(Root("r" + std::to_string(i), 0.1));
    c.from.push_back(MakeLink("r" + std::to_string(i), Relation::kSupports, 0.2));
    none *= 1 - 0.1 * 0.2;  // independent roots: each fires with 0.1 · 0.2
  }
  arg.claims.push_back(c);
  CompiledArgument compiled = Compile(arg, 4);
  const size_t per_step = CompileOptions{}.links_per_step;
  for (const Family& f : compiled.network.families) CHECK(f.parents.size() <= 1 + per_step);
  CHECK(compiled.network.variables.size() == 51 + (50 + per_step - 1) / per_step - 1);
  Posterior p = JunctionTree(compiled.network).Propagate({});
  CHECK(p.marginals[50][0] == Approx(1 - none).epsilon(1e-13));
}

TEST_CASE("every parameter enters exactly one family, and FamilyTable equals recompiling", "[compile]") {
  std::mt19937_64 rng(777);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 120; ++trial) {
    Argument arg = RandomArgument(rng, 3 + rng() % 6, 6);
    const size_t decompose_above = trial % 3 == 0 ? SIZE_MAX : static_cast<size_t>(trial % 3);
    const size_t per_step = 1 + static_cast<size_t>(trial / 3) % 3;
    CompiledArgument compiled = Compile(arg, decompose_above, per_step);
    REQUIRE(compiled.parameters().size() == ListParameters(arg).size());
    for (size_t p = 0; p < compiled.parameters().size(); ++p) {
      const Parameter& param = compiled.parameters()[p];
      REQUIRE(compiled.parameter_family[p] >= 0);
      const double value = param.IsProbability() ? u(rng) : (u(rng) - 0.5) * 8;
      Argument changed = arg;
      Diagnostics ds;
      REQUIRE(SetParameter(changed, param.name, value, ds));
      CompiledArgument recompiled = Compile(changed, decompose_above, per_step);
      const std::vector<double> table = compiled.FamilyTable(p, value);
      for (size_t v = 0; v < compiled.network.families.size(); ++v) {
        const auto& before = compiled.network.families[v].table;
        const auto& after = recompiled.network.families[v].table;
        REQUIRE(before.size() == after.size());
        if (static_cast<int>(v) == compiled.parameter_family[p]) {
          for (size_t i = 0; i < after.size(); ++i) CHECK(table[i] == Approx(after[i]).margin(1e-15));
        } else {
          for (size_t i = 0; i < after.size(); ++i) CHECK(before[i] == after[i]);  // untouched
        }
      }
      CompiledArgument set = compiled;
      set.SetParameterValue(p, value);
      CHECK(set.parameters()[p].value == value);
      CHECK(set.network.families[static_cast<size_t>(compiled.parameter_family[p])].table == table);
    }
  }
}

void RequireSameParameters(const std::vector<Parameter>& got, const std::vector<Parameter>& want) {
  REQUIRE(got.size() == want.size());
  for (size_t p = 0; p < want.size(); ++p) {
    INFO(want[p].name);
    CHECK(got[p].name == want[p].name);
    CHECK(got[p].kind == want[p].kind);
    CHECK(got[p].claim == want[p].claim);
    CHECK(got[p].from == want[p].from);
    CHECK(got[p].row == want[p].row);
    CHECK(got[p].value == want[p].value);
    CHECK(got[p].interval == want[p].interval);
  }
}

TEST_CASE("the compiled parameters are ListParameters', listed on first use and carried by copies", "[compile]") {
  std::mt19937_64 rng(4242);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 60; ++trial) {
    Argument arg = RandomArgument(rng, 3 + rng() % 8, 6);
    arg.claims[0].interval = std::pair{0.1, 0.9};  // a root (the first two claims always are)
    const std::vector<Parameter> listed = ListParameters(arg);
    CompiledArgument compiled = Compile(arg, static_cast<size_t>(trial % 4));
    REQUIRE(compiled.parameter_count() == listed.size());
    for (size_t p = 0; p < listed.size(); ++p) CHECK(compiled.parameter_value(p) == listed[p].value);

    // A value set before the list is made, and one set after, both show in it.
    const size_t before = rng() % listed.size(), after = rng() % listed.size();
    const double before_value = u(rng), after_value = u(rng);
    CompiledArgument copy_unlisted = compiled;
    compiled.SetParameterValue(before, before_value);
    std::vector<Parameter> want = listed;
    want[before].value = before_value;
    RequireSameParameters(compiled.parameters(), want);
    CompiledArgument copy_listed = compiled;
    compiled.SetParameterValue(after, after_value);
    want[after].value = after_value;
    RequireSameParameters(compiled.parameters(), want);
    CHECK(compiled.parameter_value(after) == after_value);
    // Copies: one made before the change lists the values it had; one made after carries the list.
    RequireSameParameters(copy_unlisted.parameters(), listed);
    want[after].value = listed[after].value;
    if (after == before) want[after].value = before_value;
    RequireSameParameters(copy_listed.parameters(), want);
    CompiledArgument moved = std::move(copy_listed);
    RequireSameParameters(moved.parameters(), want);
    CHECK(compiled.ParameterIndex(listed.back().name) == static_cast<int>(listed.size() - 1));
  }
}

TEST_CASE("a link to an unknown claim is still listed by its name", "[compile]") {
  Argument arg;
  arg.id = "unknown";
  arg.claims.push_back(Root("a", 0.3));
  Claim c;
  c.id = "c";
  c.rule = Rule::kAny;
  c.from.push_back(Link{});
  c.from.back().from = "a";
  c.from.push_back(Link{});
  c.from.back().from = "nowhere";
  arg.claims.push_back(c);
  Diagnostics diagnostics;
  const CompiledArgument compiled = CompileArgument(arg, diagnostics);
  CHECK(diagnostics.HasErrors());
  RequireSameParameters(compiled.parameters(), ListParameters(arg));
  CHECK(compiled.parameters()[3].name == "nowhere->c");
}

TEST_CASE("compile reports what it cannot build", "[compile]") {
  Argument arg;
  Claim c;
  c.id = "c";
  c.rule = Rule::kAny;
  arg.claims.push_back(Root("a", 0.5));
  arg.claims.push_back(Root("b", 0.5));
  c.from = {MakeLink("a", Relation::kSupports, 0.5), MakeLink("b", Relation::kUndercuts, 0.5)};
  arg.claims.push_back(c);
  Diagnostics ds;
  (void)CompileArgument(arg, ds);
  REQUIRE(ds.items().size() == 1);
  CHECK(ds.items()[0].message == "undercut of 'c' by 'b' must name one of its links (no `link` given)");
  CHECK(ds.items()[0].rule == "undercut-link");

  Argument wide;
  Claim l;
  l.id = "l";
  l.rule = Rule::kLogistic;
  for (int i = 0; i < 30; ++i) {
    wide.claims.push_back(Root("r" + std::to_string(i), 0.5));
    l.from.push_back(MakeLink("r" + std::to_string(i), Relation::kSupports, std::nullopt, 1.0));
  }
  wide.claims.push_back(l);
  Diagnostics ds2;
  (void)CompileArgument(wide, ds2);
  REQUIRE(ds2.items().size() == 1);
  CHECK(ds2.items()[0].message == "claim 'l' has 30 parents; a logistic rule allows at most 22");
}

TEST_CASE("the worked examples of docs/semantics.md", "[compile]") {
  // 2. any, leak 0.1, a (0.8, strength 0.5), b (0.6, strength 0.25): P(c) = 0.541; an attacker d
  //    (credence 1, strength 0.3) scales it by 0.7.
  Argument any;
  any.claims = {Root("a", 0.8), Root("b", 0.6), Root("d", 1.0)};
  Claim c;
  c.id = "c";
  c.rule = Rule::kAny;
  c.leak = 0.1;
  c.from = {MakeLink("a", Relation::kSupports, 0.5), MakeLink("b", Relation::kSupports, 0.25)};
  any.claims.push_back(c);
  CHECK(EnumerateExact(Compile(any, 4).network, {}).marginals[3][0] == Approx(0.541).epsilon(1e-14));
  any.claims[3].from.push_back(MakeLink("d", Relation::kAttacks, 0.3));
  CHECK(EnumerateExact(Compile(any, 4).network, {}).marginals[3][0] == Approx(0.541 * 0.7).epsilon(1e-14));

  // 3. all, reliability 0.9, undercutter u (true, strength 0.4): 0.9 · 0.6 = 0.54.
  Argument under;
  under.claims = {Root("a", 1.0), Root("u", 1.0)};
  Claim v;
  v.id = "v";
  v.reliability = 0.9;
  v.from = {MakeLink("a", Relation::kSupports, std::nullopt), MakeLink("u", Relation::kUndercuts, 0.4)};
  under.claims.push_back(v);
  CHECK(EnumerateExact(Compile(under, 4).network, {}).marginals[2][0] == Approx(0.54).epsilon(1e-14));

  // 4. logistic, base 0.2, lr 4 (weight ln 4): P(l | a) = 0.5, P(l | ¬a) = 0.2.
  Argument logistic;
  logistic.claims = {Root("a", 0.5)};
  Claim l;
  l.id = "l";
  l.rule = Rule::kLogistic;
  l.base = 0.2;
  l.from = {MakeLink("a", Relation::kSupports, std::nullopt, std::log(4.0))};
  logistic.claims.push_back(l);
  const CompiledArgument compiled = Compile(logistic, 4);
  const std::vector<double>& table = compiled.network.families[1].table;
  CHECK(table[0] == Approx(0.5).epsilon(1e-14));
  CHECK(table[2] == Approx(0.2).epsilon(1e-14));
}

TEST_CASE("Move gives every parameter's table in closed form, listing only the entries it moves", "[compile]") {
  // The closed form (TableMove) at five values must equal FamilyTable at them, entry by entry: entries it
  // does not list must not move; logistic parameters (base, weights, undercuts of logistic claims) are
  // kLogistic, every other parameter kAffine.
  std::mt19937_64 rng(4242);
  std::uniform_real_distribution<double> u(0, 1);
  TableMove move;
  int logistic = 0, affine = 0;
  for (int trial = 0; trial < 120; ++trial) {
    Argument arg = RandomArgument(rng, 3 + rng() % 6, 6);
    CompiledArgument compiled = Compile(arg, trial % 3 == 0 ? SIZE_MAX : static_cast<size_t>(trial % 3));
    for (size_t p = 0; p < compiled.parameters().size(); ++p) {
      const Parameter& param = compiled.parameters()[p];
      const size_t v = static_cast<size_t>(compiled.parameter_family[p]);
      const CompiledArgument::Recipe& recipe = compiled.recipes[v];
      const bool is_logistic = recipe.kind == CompiledArgument::RecipeKind::kFull &&
                               recipe.rule == Rule::kLogistic && compiled.slots[p].kind !=
                                                                      CompiledArgument::SlotKind::kRow;
      compiled.Move(p, move);
      INFO(param.name << " in trial " << trial);
      if (is_logistic && (param.kind == ParameterKind::kBase || (recipe.base > 0 && recipe.base < 1))) {
        REQUIRE(move.kind == TableMove::Kind::kLogistic);
        ++logistic;
      } else {
        REQUIRE(move.kind == TableMove::Kind::kAffine);
        ++affine;
      }
      const std::vector<double>& now = compiled.network.families[v].table;
      for (int k = 0; k < 5; ++k) {
        const double x = param.IsProbability() ? (k == 0 ? 0.0 : k == 1 ? 1.0 : u(rng))
                                               : param.value + (u(rng) - 0.5) * 8;
        const std::vector<double> expected = compiled.FamilyTable(p, x);
        std::vector<double> closed = now;
        for (size_t j = 0; j < move.index.size(); ++j) {
          if (move.kind == TableMove::Kind::kAffine) {
            closed[move.index[j]] = now[move.index[j]] + (x - param.value) * move.slope[j];
          } else {
            const double phi = move.logit ? std::log(x) - std::log1p(-x) : x;
            const double z = move.offset[j] + move.slope[j] * (phi - move.origin);
            closed[2 * move.index[j]] = 1 / (1 + std::exp(-z));
            closed[2 * move.index[j] + 1] = 1 / (1 + std::exp(z));
          }
        }
        for (size_t i = 0; i < expected.size(); ++i) CHECK(closed[i] == Approx(expected[i]).margin(1e-12));
      }
    }
  }
  CHECK(logistic > 50);
  CHECK(affine > 200);
}

TEST_CASE("Moves gives every parameter's Move, bit for bit, sharing each family's columns", "[compile]") {
  // Moves prepares a family's column truths and logistic sums once for a run of its parameters; Move
  // prepares them afresh for each. Every header and entry must be identical, on arguments where the
  // parameters of a family are not all adjacent (undercuts sit in the family they undercut).
  std::mt19937_64 rng(977);
  TableMove move;
  TableMoves moves, read;
  size_t entries = 0, logistic = 0, zeros = 0;
  for (int trial = 0; trial < 200; ++trial) {
    Argument arg = RandomArgument(rng, 3 + rng() % 8, 6);
    const CompiledArgument compiled = Compile(arg, trial % 3 == 0 ? SIZE_MAX : static_cast<size_t>(trial % 3));
    compiled.Moves(moves);
    REQUIRE(moves.headers.size() == compiled.parameters().size());
    for (size_t p = 0; p < compiled.parameters().size(); ++p) {
      compiled.Move(p, move);
      const TableMoveView view = moves.View(p);
      INFO(compiled.parameters()[p].name << " in trial " << trial);
      REQUIRE(view.kind == move.kind);
      CHECK(view.logit == move.logit);
      CHECK(view.origin == move.origin);
      REQUIRE(view.index.size() == move.index.size());
      for (size_t k = 0; k < move.index.size(); ++k) {
        CHECK(view.index[k] == move.index[k]);
        CHECK(view.slope[k] == move.slope[k]);
        CHECK(view.offset[k] == (move.kind == TableMove::Kind::kLogistic ? move.offset[k] : 0.0));
      }
      // The least entry moved, from the recipe's own values, equals the one read off the table.
      read.Clear();
      read.Add(move, compiled.network.families[static_cast<size_t>(compiled.parameter_family[p])].table);
      CHECK(moves.headers[p].least == read.headers[0].least);
      entries += move.index.size();
      logistic += move.kind == TableMove::Kind::kLogistic;
      zeros += moves.headers[p].least == 0;
    }
  }
  CHECK(entries > 2000);
  CHECK(logistic > 50);
  CHECK(zeros > 50);
}
