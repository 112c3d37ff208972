// Critique: quote normalisation by hand-written cases; every rule on its fixture pair in
// tests/data/critique/ (one file that triggers it, one that does not), with exact messages.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "argraph/critique.h"
#include "argraph/load.h"

using namespace argraph;

TEST_CASE("quotes are compared with whitespace, quote marks and dashes normalised", "[critique]") {
  CHECK(NormalizeQuoteText("  a \n\t b  ") == "a b");
  CHECK(NormalizeQuoteText("\xE2\x80\x9Cit\xE2\x80\x99s\xE2\x80\x9D \xE2\x80\x94 x\xE2\x80\xA6") ==
        "\"it's\" - x...");
  const std::string source = "One said \xE2\x80\x9C" "capabilities\ngeneralize   further\xE2\x80\x9D today.";
  CHECK(QuoteOccursIn("\"capabilities generalize further\"", source));
  CHECK(QuoteOccursIn("One said ... today", source));
  CHECK_FALSE(QuoteOccursIn("today ... One said", source));  // pieces must be in order
  CHECK_FALSE(QuoteOccursIn("capabilities generalize much further", source));
  CHECK(QuoteOccursIn("", source));
}

namespace {

std::vector<Finding> CritiqueFixture(const std::string& name) {
  LoadResult loaded = LoadArgumentFile("tests/data/critique/" + name);
  INFO(name);
  for (const Diagnostic& d : loaded.diagnostics.items()) INFO(d.message);
  REQUIRE_FALSE(loaded.diagnostics.HasErrors());
  CritiqueOptions options;
  options.read_file = [](const std::string& path) -> std::optional<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  };
  return CritiqueArgument(loaded.argument, options);
}

std::vector<const Finding*> WithRule(const std::vector<Finding>& findings, const std::string& rule) {
  std::vector<const Finding*> out;
  for (const Finding& f : findings) {
    if (f.diagnostic.rule == rule) out.push_back(&f);
  }
  return out;
}

double Number(const Finding& f, const std::string& name) {
  for (const auto& [n, v] : f.numbers) {
    if (n == name) return v;
  }
  FAIL("no number " << name);
  return 0;
}

struct Case {
  const char* rule;
  const char* triggers;
  const char* clean;
  Severity severity;
  const char* message;
};

}  // namespace

TEST_CASE("each rule fires on its fixture and not on its clean twin", "[critique]") {
  const Case cases[] = {
      {"unreachable-claim", "unreachable-claim.yaml", "clean.yaml", Severity::kWarning,
       "claim 'stray' does not feed the conclusion 'c'; link it or remove it"},
      {"missing-source", "missing-source.yaml", "clean.yaml", Severity::kWarning,
       "claim 'a' names no source; add `source:` and `quote:`"},
      {"missing-quote", "missing-quote.yaml", "clean.yaml", Severity::kNote,
       "claim 'a' has no quote from its source 'essay'"},
      {"quote-not-found", "quote-not-found.yaml", "quote-not-found-ok.yaml", Severity::kWarning,
       "the quote of claim 'a' does not appear in 'tests/data/critique/essay.txt' (source 'essay')"},
      {"source-file-unreadable", "source-file-unreadable.yaml", "quote-not-found-ok.yaml", Severity::kWarning,
       "cannot read 'tests/data/critique/no-such-essay.txt', the text of source 'essay'; quotes from it are "
       "not checked"},
      {"unanswered-attack", "unanswered-attack.yaml", "unanswered-attack-ok.yaml", Severity::kWarning,
       "'x' attacks 'c' and nothing in the argument answers it"},
      {"support-and-attack", "support-and-attack.yaml", "unanswered-attack-ok.yaml", Severity::kWarning,
       "'x' attacks 'c' directly but supports it through 'y'; say which way it bears"},
      {"certain-credence", "certain-credence.yaml", "clean.yaml", Severity::kWarning,
       "claim 'a' has credence 1: certainty that no evidence could move; say 0.999 with an interval if you "
       "mean 'almost surely'"},
      {"extreme-credence", "extreme-credence.yaml", "extreme-credence-ok.yaml", Severity::kWarning,
       "claim 'a' has the extreme credence 0.995 without an interval; give `interval:` to say how sure you "
       "are of it"},
      // c = a AND b with a 0.5 in [0.1, 0.9], b 0.9: dP(c)/dP(a) = P(c|a) - P(c|not a) = 0.9, rank 1.
      {"wide-interval-crux", "wide-interval-crux.yaml", "wide-interval-crux-ok.yaml", Severity::kNote,
       "'a' is crux #1 of 'c' (derivative 0.9) and its interval [0.1, 0.9] spans 80% of the range: worth "
       "researching"},
      // P(c) = 0.6 * 0.9 = 0.54 against a stated 0.8; Jeffrey on a: q * 0.9 = 0.8, q = 0.889; b would
      // need 0.8 / 0.6 > 1, so it is not offered.
      {"incoherent-credence", "incoherent-credence.yaml", "incoherent-credence-ok.yaml", Severity::kWarning,
       "claim 'c' states credence 0.8 but its premises give 0.54; to reconcile them, move 'a' from 0.6 to 0.889"},
      // 0.8 * 0.7 * 0.85 = 0.476 <= 0.75 * 0.7; if b held: 0.8 * 0.85 = 0.68 (a: 0.595, d: 0.56).
      {"conjunction-trap", "conjunction-trap.yaml", "clean.yaml", Severity::kWarning,
       "'c' needs all of its 3 premises and gets 0.476, far below the weakest (0.7); the naive product is "
       "0.476; the costliest premise is 'b' (P 0.7; if it held, 'c' would be 0.68)"},
      // shared 0.5 feeds left and right (each = shared); c = left AND right = shared: exact 0.5, naive 0.25.
      {"double-counting", "double-counting.yaml", "clean.yaml", Severity::kWarning,
       "the premises of 'c' share 'shared': treating them as independent gives 0.25, the exact value is 0.5"},
      {"objection", "objection.yaml", "clean.yaml", Severity::kNote,
       "open objection to 'a' by A. Reader: A is only true in the limit."},
      // attack graph x -> c only: a and x are IN, c is OUT.
      {"grounded-labelling", "unanswered-attack.yaml", "clean.yaml", Severity::kNote,
       "grounded labelling of the attack graph: 2 IN, 1 OUT, 0 UNDEC; the conclusion 'c' is OUT; OUT: c"},
  };
  for (const Case& c : cases) {
    INFO(c.rule);
    std::vector<Finding> hit = CritiqueFixture(c.triggers);
    std::vector<const Finding*> found = WithRule(hit, c.rule);
    REQUIRE(found.size() == 1);
    CHECK(found[0]->diagnostic.severity == c.severity);
    CHECK(found[0]->diagnostic.message == c.message);
    CHECK(found[0]->diagnostic.location.line > 0);
    CHECK(WithRule(CritiqueFixture(c.clean), c.rule).empty());
  }
}

TEST_CASE("a long chain of single-premise steps is a conjunction trap", "[critique]") {
  // a 0.9, three `all` steps of reliability 0.85: 0.9 * 0.85^3 = 0.5527 <= 0.75 * 0.9.
  std::vector<Finding> findings = CritiqueFixture("conjunction-chain.yaml");
  std::vector<const Finding*> found = WithRule(findings, "conjunction-trap");
  REQUIRE(found.size() == 1);
  CHECK(found[0]->diagnostic.message ==
        "'c' ends a chain of 3 steps from 'a' (0.9) and gets 0.553; the costliest step is 'c', which keeps 85% "
        "of its premise");
  CHECK(Number(*found[0], "propagated") == Approx(0.9 * 0.85 * 0.85 * 0.85).epsilon(1e-12));
}

TEST_CASE("critique numbers are exact", "[critique]") {
  std::vector<Finding> incoherent = CritiqueFixture("incoherent-credence.yaml");
  const Finding* f = WithRule(incoherent, "incoherent-credence")[0];
  CHECK(Number(*f, "propagated") == Approx(0.54).epsilon(1e-12));
  CHECK(Number(*f, "move:a") == Approx(0.8 / 0.9).epsilon(1e-12));
  std::vector<Finding> counted = CritiqueFixture("double-counting.yaml");
  const Finding* d = WithRule(counted, "double-counting")[0];
  CHECK(Number(*d, "naive") == Approx(0.25).epsilon(1e-12));
  CHECK(Number(*d, "exact") == Approx(0.5).epsilon(1e-12));
}

TEST_CASE("the clean argument has no findings", "[critique]") {
  CHECK(CritiqueFixture("clean.yaml").empty());
}
