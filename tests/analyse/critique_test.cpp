// Critique: quote normalisation by hand-written cases.
#include <catch2/catch.hpp>

#include "argraph/critique.h"

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
