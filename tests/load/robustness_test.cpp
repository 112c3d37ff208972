// No input crashes, hangs or overflows the stack: empty files, binary junk, deep nesting, huge files and
// 100,000-claim chains each give a diagnostic or load.
#include <catch2/catch.hpp>
#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "argraph/graph.h"
#include "argraph/load.h"

using namespace argraph;

namespace {

std::string Only(const LoadResult& r) {
  REQUIRE(r.diagnostics.items().size() == 1);
  const Diagnostic& d = r.diagnostics.items()[0];
  return std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + ": " + d.message + " [" +
         d.rule + "]";
}

/// c0 <- c1 <- ... <- c(n-1): each claim supported by the previous one; c0 is the root.
std::string Chain(int n, bool close_cycle) {
  std::string text = "format: argraph/1\nid: chain\nconclusion: c" + std::to_string(n - 1) + "\nclaims:\n";
  text += close_cycle ? "  c0: {text: C, from: [{claim: c" + std::to_string(n - 1) + "}]}\n"
                      : "  c0: {text: C, credence: 0.5}\n";
  for (int i = 1; i < n; ++i) {
    text += "  c" + std::to_string(i) + ": {text: C, from: [{claim: c" + std::to_string(i - 1) + ", strength: 0.9}]}\n";
  }
  return text;
}

}  // namespace

TEST_CASE("empty and comment-only files are reported as empty", "[load][robust]") {
  const std::string message =
      "0:0: the file is empty; an argument file needs at least format, id, conclusion and claims [empty-file]";
  CHECK(Only(LoadArgumentText("e.yaml", "")) == message);
  CHECK(Only(LoadArgumentText("e.yaml", "# nothing here\n\n")) == message);
  CHECK(Only(LoadArgumentText("e.yaml", "---\n")) == message);
  CHECK(Only(LoadArgumentText("e.yaml", "--- ~\n")) == message);
}

TEST_CASE("binary junk is refused at its first bad byte", "[load][robust]") {
  CHECK(Only(LoadArgumentText("j.yaml", std::string("ab\ncd\0ef", 8))) ==
        "2:3: byte 0x0 cannot appear in a YAML file (it must be UTF-8 text); is this a binary file? [not-text]");
  CHECK(Only(LoadArgumentText("j.yaml", "x: \xc3\x28")) ==
        "1:4: byte 0xc3 cannot appear in a YAML file (it must be UTF-8 text); is this a binary file? [not-text]");
  CHECK(Only(LoadArgumentText("j.yaml", "x: \xed\xa0\x80")) ==  // an encoded surrogate
        "1:4: byte 0xed cannot appear in a YAML file (it must be UTF-8 text); is this a binary file? [not-text]");
  // Valid UTF-8 outside ASCII is fine.
  LoadResult r = LoadArgumentText("u.yaml", "format: argraph/1\nid: u\nconclusion: x\nclaims:\n  x: {text: \"Ünïcødé ✓\", credence: 0.5}\n");
  CHECK(r.diagnostics.empty());
  CHECK(r.argument.claims[0].text == "Ünïcødé ✓");
}

// The text check reads printable ASCII 8 bytes at a time: every byte value, at every offset from a
// word boundary and after every kind of preceding byte, is judged as the byte-by-byte rule says (an
// independent statement of it here: tab, LF, CR and 0x20-0x7e pass, other ASCII fails; a lone byte
// >= 0x80 is never valid UTF-8).
TEST_CASE("the word-at-a-time text check finds every bad byte at every offset", "[load][robust]") {
  const std::string filler = "key: value and more words here\nnext: line\r\n";
  for (int byte = 0; byte < 256; ++byte) {
    const bool allowed = byte == '\t' || byte == '\n' || byte == '\r' || (byte >= 0x20 && byte < 0x7f);
    for (size_t offset = 0; offset < 20; ++offset) {
      std::string text = "# " + filler.substr(0, offset);
      const size_t at = text.size();
      text += static_cast<char>(byte);
      text += " tail of the line, long enough for whole words\n";
      LoadResult r = LoadArgumentText("b.yaml", text);
      bool not_text = false;
      int line = 0, column = 0;
      for (const Diagnostic& d : r.diagnostics.items()) {
        if (d.rule != "not-text") continue;
        not_text = true;
        line = d.location.line;
        column = d.location.column;
      }
      INFO("byte " << byte << " at offset " << offset);
      REQUIRE(not_text == !allowed);
      if (!allowed) {
        const size_t line_start = text.rfind('\n', at - 1) == std::string::npos ? 0 : text.rfind('\n', at - 1) + 1;
        CHECK(line == 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n')));
        CHECK(column == static_cast<int>(at - line_start) + 1);
      }
    }
  }
}

TEST_CASE("100,000-deep nesting is refused before the parser recurses", "[load][robust]") {
  const std::string too_deep =
      ": the YAML is nested too deeply here (more than 256 levels of indentation and brackets); flatten it "
      "[yaml-nesting]";
  CHECK(Only(LoadArgumentText("d.yaml", std::string(100000, '['))) == "1:257" + too_deep);
  CHECK(Only(LoadArgumentText("d.yaml", "a: " + std::string(100000, '{'))) == "1:260" + too_deep);
  std::string dashes;
  for (int i = 0; i < 100000; ++i) dashes += "- ";
  CHECK(Only(LoadArgumentText("d.yaml", dashes + "x\n")) == "1:257" + too_deep);
  std::string stairs;
  for (int i = 0; i < 1000; ++i) stairs += std::string(static_cast<size_t>(i), ' ') + "k:\n";
  CHECK(Only(LoadArgumentText("d.yaml", stairs)) == "258:257" + too_deep);
  // Brackets inside quotes, comments and block scalars do not count.
  std::string quoted = "format: argraph/1\nid: q\nconclusion: x\nclaims:\n  x:\n    text: \"" +
                       std::string(1000, '[') + "\"\n    quote: |\n      " + std::string(1000, '{') +
                       "\n    credence: 0.5 # " + std::string(1000, '[') + "\n";
  CHECK(LoadArgumentText("q.yaml", quoted).diagnostics.empty());
}

TEST_CASE("files over the size limit get a diagnostic", "[load][robust]") {
  LoadOptions options;
  options.max_file_bytes = 1024 * 1024;
  CHECK(Only(LoadArgumentText("big.yaml", std::string(3 * 1024 * 1024, '#'), options)) ==
        "0:0: the file is 3 MB; argument files are limited to 1 MB (LoadOptions::max_file_bytes) [file-too-large]");
}

TEST_CASE("100 MB files are refused before they are parsed", "[load][robust]") {
  const std::string message =
      "0:0: the file is 100 MB; argument files are limited to 32 MB (LoadOptions::max_file_bytes) [file-too-large]";
  CHECK(Only(LoadArgumentText("big.yaml", std::string(100u << 20, 'x'))) == message);
  // A file on disk is refused by its size, without reading it (a sparse file here).
  // Named by process, so test runs from several checkouts at once do not remove each other's file.
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("argraph-robustness-100mb-" + std::to_string(::getpid()) + ".yaml");
  { std::ofstream create(path); }
  std::filesystem::resize_file(path, 100u << 20);
  LoadResult r = LoadArgumentFile(path.string());
  std::filesystem::remove(path);
  CHECK(Only(r) == message);
}

TEST_CASE("imports of devices are refused; a pipe given as the file is read up to the limit", "[load][robust]") {
  LoadResult r = LoadArgumentText("d.yaml", "format: argraph/1\nid: d\nconclusion: x\nimports: {zero: /dev/zero}\n"
                                            "claims:\n  x: {text: X, credence: 0.5}\n");
  CHECK(Only(r) == "4:17: cannot read import '/dev/zero' (looked for /dev/zero): it is not a regular file "
                   "[missing-import]");
  LoadOptions options;
  options.max_file_bytes = 1 << 20;
  CHECK(Only(LoadArgumentFile("/dev/zero", options)) ==
        "0:0: the file is larger than 1 MB; argument files are limited to 1 MB (LoadOptions::max_file_bytes) "
        "[file-too-large]");
}

TEST_CASE("tab indentation gets a hint", "[load][robust]") {
  CHECK(Only(LoadArgumentText("t.yaml", "claims:\n\ta: {text: A}\n")) ==
        "2:3: YAML syntax error: illegal map value; indent with spaces, not tabs [yaml-syntax]");
  CHECK(Only(LoadArgumentText("t.yaml", "claims:\n  a: 1\n\tb: 2\n")) ==  // yaml-cpp says it already
        "3:1: YAML syntax error: illegal tab when looking for indentation [yaml-syntax]");
}

TEST_CASE("a 100,000-claim chain loads and orders without recursion", "[load][robust]") {
  const int n = 100000;
  LoadResult r = LoadArgumentText("chain.yaml", Chain(n, false));
  REQUIRE(r.diagnostics.empty());
  REQUIRE(r.argument.claims.size() == static_cast<size_t>(n));
  ClaimGraph graph(r.argument);
  auto order = graph.TopologicalOrder();
  REQUIRE(order.has_value());
  CHECK(order->front() == 0);
  CHECK(order->back() == n - 1);
  std::vector<bool> up = graph.Ancestors(n - 1);
  CHECK(std::count(up.begin(), up.end(), true) == n);
}

TEST_CASE("a 100,000-claim cycle is reported once, shortened", "[load][robust]") {
  LoadResult r = LoadArgumentText("ring.yaml", Chain(100000, true));
  CHECK(Only(r) == "5:32: cycle: c0 -> c1 -> c2 -> c3 -> c4 -> c5 -> c6 -> c7 -> c8 -> c9 -> ... (99989 more) -> "
                   "c99999 -> c0; a claim cannot depend on itself [cycle]");
}
