// `argraph check`: every invalid fixture prints exactly its .expected text and exits 1; valid files and
// the bundled arguments exit 0; JSON output, unreadable files and usage errors.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/run_cli.h"

namespace fs = std::filesystem;
using argraph::testing::RunArgraph;
using argraph::testing::RunShell;

namespace {

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// The .yaml files directly in `dir` (relative to the source directory), sorted.
std::vector<std::string> Fixtures(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(fs::path(ARGRAPH_SOURCE_DIR) / dir)) {
    if (entry.path().extension() == ".yaml") files.push_back(dir + "/" + entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("every invalid fixture gives exactly its expected diagnostics and exit 1", "[check]") {
  const std::vector<std::string> files = Fixtures("tests/data/invalid");
  REQUIRE(files.size() >= 30);
  for (const std::string& file : files) {
    const fs::path expected_path = fs::path(ARGRAPH_SOURCE_DIR) / (file.substr(0, file.size() - 5) + ".expected");
    INFO(file);
    REQUIRE(fs::exists(expected_path));
    const auto result = RunArgraph("check " + file);
    CHECK(result.status == 1);
    CHECK(result.out == ReadAll(expected_path));
  }
}

TEST_CASE("valid fixtures and bundled arguments check clean", "[check]") {
  std::vector<std::string> files = Fixtures("tests/data/valid");
  for (const std::string& f : Fixtures("arguments")) files.push_back(f);
  REQUIRE(files.size() >= 4);
  for (const std::string& file : files) {
    INFO(file);
    const auto result = RunArgraph("check " + file);
    CHECK(result.status == 0);
    CHECK(result.out == "0 errors, 0 warnings in 1 file\n");
  }
}

TEST_CASE("check takes several files and sums them up", "[check]") {
  const auto result = RunArgraph("check arguments/example.yaml tests/data/invalid/duplicate-link.yaml");
  CHECK(result.status == 1);
  CHECK(result.out ==
        "tests/data/invalid/duplicate-link.yaml:13:16: error: claim 'b' is linked twice to 'a' (first on line 11); "
        "merge the two links [duplicate-link]\n"
        "        - claim: a\n"
        "                 ^\n"
        "1 error, 0 warnings in 2 files\n");
}

TEST_CASE("check --format json prints the diagnostics as an array", "[check]") {
  const auto result = RunArgraph("check --format json tests/data/invalid/unknown-claim.yaml");
  CHECK(result.status == 1);
  const nlohmann::json json = nlohmann::json::parse(result.out);
  REQUIRE(json.is_array());
  REQUIRE(json.size() == 2);
  CHECK(json[0] == nlohmann::json{{"file", "tests/data/invalid/unknown-claim.yaml"},
                                  {"line", 11},
                                  {"column", 16},
                                  {"severity", "error"},
                                  {"message", "unknown claim 'premis'; did you mean 'premise'?"},
                                  {"rule", "unknown-claim"}});
  CHECK(json[1]["message"] == "unknown claim 'elsewhere'");
  const auto clean = RunArgraph("check --format json arguments/example.yaml");
  CHECK(clean.status == 0);
  CHECK(clean.out == "[]\n");
}

TEST_CASE("an unreadable file exits 2 and the others are still checked", "[check]") {
  const auto result = RunArgraph("check no-such-file.yaml tests/data/invalid/duplicate-id.yaml", true);
  CHECK(result.status == 2);
  CHECK(result.out.find("argraph: error: cannot read no-such-file.yaml: no such file\n") != std::string::npos);
  CHECK(result.out.find("[duplicate-id]") != std::string::npos);
  CHECK(RunArgraph("check tests/data").status == 2);  // a directory
}

TEST_CASE("usage errors exit 2", "[check]") {
  CHECK(RunArgraph("check").status == 2);
  CHECK(RunArgraph("check --format xml arguments/example.yaml").status == 2);
  CHECK(RunArgraph("check --no-such-flag arguments/example.yaml").status == 2);
}

TEST_CASE("colour only on a terminal, and not under NO_COLOR", "[check]") {
  const auto piped = RunArgraph("check tests/data/invalid/bad-format.yaml");
  CHECK(piped.out.find('\033') == std::string::npos);
  // util-linux `script` runs the command on a pseudo-terminal (scripts/setup installs it with Debian).
  if (RunShell("command -v script").status != 0) {
    WARN("`script` is not installed: the terminal case is not tested");
    return;
  }
  const std::string binary = std::string("'") + ARGRAPH_BINARY + "'";
  auto on_terminal = [&](const std::string& environment) {
    return RunShell(environment + " script -qec \"" + binary + " check tests/data/invalid/bad-format.yaml\" /dev/null")
        .out;
  };
  const std::string tty = on_terminal("TERM=xterm");
  CHECK(tty.find("\033[1;31merror:\033[0m format 'argraph/2' is not supported") != std::string::npos);
  CHECK(on_terminal("TERM=xterm NO_COLOR=1").find('\033') == std::string::npos);
  CHECK(on_terminal("TERM=dumb").find('\033') == std::string::npos);
}

TEST_CASE("check reads Bayesian-network files with their own reader", "[check]") {
  const auto clean = RunArgraph("check tests/data/bif/asia.bif");
  CHECK(clean.status == 0);
  CHECK(clean.out == "0 errors, 0 warnings in 1 file\n");
  const auto bad = RunArgraph("check --format json tests/data/bif_invalid/cycle.bif");
  CHECK(bad.status == 1);
  const nlohmann::json json = nlohmann::json::parse(bad.out);
  REQUIRE_FALSE(json.empty());
  CHECK(json[0]["file"] == "tests/data/bif_invalid/cycle.bif");
  CHECK(json[0]["severity"] == "error");
}
