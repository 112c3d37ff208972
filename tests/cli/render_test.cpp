// `argraph render` and `argraph report` as a user runs them: formats from extensions and --format,
// standard output, what-if options, and usage errors with exit code 2.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/run_cli.h"

namespace fs = std::filesystem;
using argraph::testing::RunArgraph;

namespace {

/// A fresh folder for one test's outputs.
fs::path TempDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("argraph-render-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_CASE("render picks the format from the extension", "[cli][render]") {
  const fs::path dir = TempDir("formats");
  for (const char* ext : {"svg", "png", "pdf", "dot"}) {
    const fs::path out = dir / (std::string("map.") + ext);
    INFO(ext);
    const auto run = RunArgraph("render arguments/example.yaml -o '" + out.string() + "'", true);
    INFO(run.out);
    CHECK(run.status == 0);
    const std::string bytes = ReadAll(out);
    if (std::string(ext) == "svg") CHECK(bytes.find("<svg") != std::string::npos);
    if (std::string(ext) == "png") CHECK(bytes.substr(0, 4) == "\x89PNG");
    if (std::string(ext) == "pdf") CHECK(bytes.substr(0, 5) == "%PDF-");
    if (std::string(ext) == "dot") CHECK(bytes.find("digraph bridge {") == 0);
  }
  fs::remove_all(dir);
}

TEST_CASE("render writes to standard output with -o -", "[cli][render]") {
  const auto svg = RunArgraph("render arguments/example.yaml -o -", true);
  INFO(svg.out.substr(0, svg.out.find("<?xml")));  // what it printed to stderr, if anything
  CHECK(svg.status == 0);
  CHECK(svg.out.find("<svg") != std::string::npos);
  const auto dot = RunArgraph("render arguments/example.yaml -o - --format dot --no-objections");
  CHECK(dot.status == 0);
  CHECK(dot.out.find("safe") != std::string::npos);
  CHECK(dot.out.find("objection:") == std::string::npos);
  CHECK(RunArgraph("render arguments/example.yaml -o - --format dot").out.find("\"objection:1\"") !=
        std::string::npos);
}

TEST_CASE("render applies what-if settings to the credences drawn", "[cli][render]") {
  const auto plain = RunArgraph("render arguments/example.yaml -o - --format dot");
  const auto what_if = RunArgraph("render arguments/example.yaml -o - --format dot --set corrosion=0.95");
  REQUIRE(plain.status == 0);
  REQUIRE(what_if.status == 0);
  CHECK(plain.out.find("<B>0.95</B>") == std::string::npos);
  CHECK(what_if.out.find("<B>0.95</B>") != std::string::npos);
  CHECK(RunArgraph("render arguments/example.yaml -o - --format dot --given corrosion=true").out.find(
            "<B>1.00</B> &#8592; 0.30") != std::string::npos);
}

TEST_CASE("render --focus and --top draw part of the graph", "[cli][render]") {
  const auto focus = RunArgraph("render arguments/example.yaml -o - --format dot --focus corrosion --depth 0");
  CHECK(focus.status == 0);
  CHECK(focus.out.find("corrosion") != std::string::npos);
  CHECK(focus.out.find("maintained") == std::string::npos);
  const auto top = RunArgraph("render arguments/example.yaml -o - --format dot --top 1 --no-objections");
  CHECK(top.status == 0);
  CHECK(top.out.find("->") == std::string::npos);  // one claim, no links
}

TEST_CASE("render usage errors exit 2 with a message", "[cli][render]") {
  const auto extension = RunArgraph("render arguments/example.yaml -o map.jpg", true);
  CHECK(extension.status == 2);
  CHECK(extension.out ==
        "argraph: error: cannot tell the format of 'map.jpg' from its extension; name it .svg, .png, .pdf or "
        ".dot, or give --format\n");
  const auto focus = RunArgraph("render arguments/example.yaml -o - --focus corosion", true);
  CHECK(focus.status == 2);
  CHECK(focus.out == "argraph: error: no claim 'corosion' to use as the diagram's focus; did you mean 'corrosion'?\n");
  CHECK(RunArgraph("render arguments/example.yaml -o - --layout circo").status == 2);
  CHECK(RunArgraph("render arguments/example.yaml -o - --given safe=maybe").status == 2);
  CHECK(RunArgraph("render no-such-file.yaml -o -").status == 2);
}

TEST_CASE("report writes one self-contained page", "[cli][report]") {
  const fs::path dir = TempDir("report");
  const fs::path out = dir / "report.html";
  REQUIRE(RunArgraph("report tests/data/valid/injection.yaml -o '" + out.string() + "'").status == 0);
  const std::string html = ReadAll(out);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  fs::remove_all(dir);
}
