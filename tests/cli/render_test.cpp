// `argraph render` and `argraph report` as a user runs them: formats from extensions and --format,
// standard output, what-if options, usage errors with exit code 2, and the results of `cruxes`,
// `sweep` and `uncertainty` drawn where they belong (checked against those commands' own output).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
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

namespace {

std::string Fixed3(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", x);
  return buffer;
}

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

/// A node name as Graphviz writes it in DOT: quoted unless it is a plain identifier.
std::string DotId(const std::string& name) {
  const bool plain = name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
                     std::string::npos;
  return plain ? name : "\"" + name + "\"";
}

/// The DOT statement (up to its closing "];") that starts a line of `dot` with `head` followed by a tab
/// (Graphviz's layout of "NODE\t[..." and "TAIL -> HEAD\t[..."), or "".
std::string DotStatement(const std::string& dot, const std::string& head) {
  const std::string start = "\n\t" + head + "\t";
  const size_t at = dot.find(start);
  return at == std::string::npos ? "" : dot.substr(at, dot.find("];", at) - at);
}

}  // namespace

TEST_CASE("render outlines and numbers the parameters that `cruxes` ranks first", "[cli][render]") {
  const auto cruxes = RunArgraph("cruxes arguments/example.yaml --format json --top 3 --set maintained=0.55");
  REQUIRE(cruxes.status == 0);
  const nlohmann::json ranked = nlohmann::json::parse(cruxes.out)["parameters"];
  REQUIRE(ranked.size() == 3);
  const auto dot = RunArgraph("render arguments/example.yaml -o - --format dot --no-objections --set maintained=0.55");
  REQUIRE(dot.status == 0);
  for (size_t k = 0; k < 3; ++k) {
    const std::string name = ranked[k]["name"];
    const std::string mark = "crux " + std::to_string(k + 1);
    INFO(name << " should be " << mark);
    const size_t arrow = name.find("->");
    std::string statement;
    if (arrow != std::string::npos) {
      statement = DotStatement(dot.out, DotId(name.substr(0, arrow)) + " -> " + DotId(name.substr(arrow + 2)));
    } else {
      statement = DotStatement(dot.out, DotId(name.substr(0, name.find('.'))));
    }
    REQUIRE_FALSE(statement.empty());
    CHECK(statement.find(mark) != std::string::npos);
  }
  CHECK(dot.out.find("crux 4") == std::string::npos);
}

TEST_CASE("report shows the crux, sweep and uncertainty results of the analyses", "[cli][report]") {
  const fs::path dir = TempDir("report-analyses");
  const fs::path out = dir / "report.html";
  REQUIRE(RunArgraph("report arguments/example.yaml --samples 3000 --seed 5 -o '" + out.string() + "'").status == 0);
  const std::string html = ReadAll(out);
  CHECK(html.find("No crux analysis is available") == std::string::npos);
  CHECK(html.find("No Monte Carlo analysis is available") == std::string::npos);

  // The tornado rows and the curves of the top three cruxes, as `cruxes` computes them.
  const auto cruxes = RunArgraph("cruxes arguments/example.yaml --format json");
  REQUIRE(cruxes.status == 0);
  const nlohmann::json ranked = nlohmann::json::parse(cruxes.out)["parameters"];
  REQUIRE(ranked.size() >= 3);
  for (size_t k = 0; k < ranked.size() && k < 10; ++k) {
    const nlohmann::json& c = ranked[k];
    if (c["at_low"].is_null() || c["at_high"].is_null()) continue;
    std::string title = c["name"].get<std::string>() + " = " + Fixed3(c["value"]) + ", interval [" +
                        Fixed3(c["low"]) + ", " + Fixed3(c["high"]) + "]";
    if (!c["flip_at"].is_null()) title += ", flips at " + Fixed3(c["flip_at"]);
    INFO(title);
    CHECK(html.find("<title>" + Escape(title) + "</title>") != std::string::npos);
  }
  for (size_t k = 0; k < 3; ++k) {
    const std::string label = "P(safe) as " + ranked[k]["name"].get<std::string>() + " varies";
    INFO(label);
    CHECK(html.find("aria-label=\"" + Escape(label) + "\"") != std::string::npos);
  }

  // The interval and histogram of the same Monte Carlo run as `uncertainty`.
  const auto mc = RunArgraph("uncertainty arguments/example.yaml --samples 3000 --seed 5 --format json");
  REQUIRE(mc.status == 0);
  const nlohmann::json u = nlohmann::json::parse(mc.out);
  const std::string interval = "90% interval <b>[" + Fixed3(u["quantiles"]["0.05"]) + ", " +
                               Fixed3(u["quantiles"]["0.95"]) + "]</b>";
  INFO(interval);
  CHECK(html.find(interval) != std::string::npos);
  CHECK(html.find("mean <b>" + Fixed3(u["mean"]) + "</b>") != std::string::npos);
  fs::remove_all(dir);
}
