// Tests of the presentation stage's escaping and wrapping (present/text.h).
#include <catch2/catch.hpp>

#include "present/text.h"

namespace argraph::present {
namespace {

TEST_CASE("EscapeHtml turns markup into text", "[present][escape]") {
  CHECK(EscapeHtml("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(EscapeHtml("\"><img src=x onerror=alert(1)>") == "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  CHECK(EscapeHtml("Tom & Jerry's") == "Tom &amp; Jerry&#39;s");
  CHECK(EscapeHtml("caf\xC3\xA9 \xE2\x86\x90") == "caf\xC3\xA9 \xE2\x86\x90");  // UTF-8 kept
}

TEST_CASE("invalid UTF-8 and control characters become U+FFFD", "[present][escape]") {
  CHECK(SanitizeUtf8("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
  CHECK(SanitizeUtf8("a\x01" "b\tc\nd") == "a\xEF\xBF\xBD" "b\tc\nd");
  CHECK(SanitizeUtf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");       // overlong '/'
  CHECK(SanitizeUtf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(SanitizeUtf8("\xE2\x86") == "\xEF\xBF\xBD\xEF\xBF\xBD");       // truncated
  CHECK(SanitizeUtf8(std::string("a\0b", 3)) == "a\xEF\xBF\xBD" "b");
  CHECK(EscapeHtml("<\x7F>") == "&lt;\xEF\xBF\xBD&gt;");
}

TEST_CASE("EscapeGraphviz keeps Graphviz escapes literal", "[present][escape]") {
  CHECK(EscapeGraphviz("a \\N b \\l") == "a \\\\N b \\\\l");
  CHECK(EscapeGraphviz("plain \"text\"") == "plain \"text\"");
  CHECK(EscapeGraphvizTooltip("a \\N") == "a \\\\\\\\N");
}

TEST_CASE("WrapText breaks at spaces and marks what it cuts", "[present][escape]") {
  CHECK(WrapText("the quick brown fox jumps", 10, 5) ==
        std::vector<std::string>{"the quick", "brown fox", "jumps"});
  CHECK(WrapText("the quick brown fox jumps", 10, 2) ==
        std::vector<std::string>{"the quick", "brown fox\xE2\x80\xA6"});
  CHECK(WrapText("abcdefghijkl", 5, 5) == std::vector<std::string>{"abcde", "fghij", "kl"});
  CHECK(WrapText("  ", 5, 5).empty());
  // Width counts code points, not bytes.
  CHECK(WrapText("\xC3\xA9\xC3\xA9\xC3\xA9 \xC3\xA9\xC3\xA9", 6, 3) ==
        std::vector<std::string>{"\xC3\xA9\xC3\xA9\xC3\xA9 \xC3\xA9\xC3\xA9"});
}

}  // namespace
}  // namespace argraph::present
