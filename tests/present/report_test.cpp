// Tests of the HTML report (report.h) and its charts (present/charts.h): sections, escaping of every
// argument text, no fetches or scripts, no NaN, and the charts' structure.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <regex>

#include "argraph/report.h"
#include "present/charts.h"
#include "present/fixtures.h"

namespace argraph {
namespace {

using test::MakeLink;
using test::Root;

size_t Count(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

// Two roots whose texts are injections, one conclusion; a source with a javascript: URL.
Argument Hostile() {
  Argument argument;
  argument.id = "hostile";
  argument.title = "</title><script>alert('t')</script>";
  argument.conclusion = "c";
  Claim a = Root("a", "<script>alert(1)</script>", 0.7);
  a.quote = "\"><img src=x onerror=alert(1)>";
  argument.claims.push_back(a);
  argument.claims.push_back(Root("b", "\"><img src=x onerror=alert(1)>", 0.4));
  Claim c;
  c.id = "c";
  c.text = "Conclusion & co";
  c.from = {MakeLink("a"), MakeLink("b", Relation::kAttacks, 0.5)};
  argument.claims.push_back(c);
  argument.sources.push_back({"s", "<i>Title</i>", "<b>Author</b>", 2020, "javascript:alert(3)", "", {}});
  argument.sources.push_back({"w", "Web", "", std::nullopt, "https://example.org/?a=1&b=\"2\"", "", {}});
  Profile profile;
  profile.name = "<p>rof</p>";
  profile.description = "<script>d</script>";
  argument.profiles.push_back(profile);
  argument.objections.push_back({"c", "<u>me</u>", "<script>alert(4)</script>", {}});
  return argument;
}

ReportInputs Inputs() {
  ReportInputs inputs;
  inputs.credence = 0.42;
  inputs.credences = {0.7, 0.4, 0.42};
  inputs.settings = {"--set a=<0.7>"};
  inputs.cruxes = {{"a", 0.7, 0.5, 0.9, 0.30, 0.55, 0.8}, {"b->c", 0.5, 0.05, 0.95, 0.48, 0.36, std::nullopt}};
  ReportCurve curve;
  curve.name = "<a>";
  curve.value = 0.7;
  for (int i = 0; i <= 10; ++i) {
    curve.x.push_back(i / 10.0);
    curve.y.push_back(0.1 + 0.6 * i / 10.0);
  }
  inputs.curves = {curve};
  ReportUncertainty u;
  u.samples = 1000;
  u.mean = 0.42, u.sd = 0.1, u.q05 = 0.25, u.q50 = 0.42, u.q95 = 0.6;
  u.histogram = {{0.2, 0.3, 100}, {0.3, 0.4, 400}, {0.4, 0.5, 350}, {0.5, 0.6, 150}};
  inputs.uncertainty = u;
  inputs.profiles = {{"<p>rof</p>", "<script>d</script>", 0.3}};
  inputs.findings = std::vector<ReportFinding>{{"warning", "<r>", "<script>alert(5)</script>", "<w>"}};
  inputs.diagram_svg = "<svg id=\"diagram-under-test\"></svg>";
  inputs.generator = "argraph test";
  return inputs;
}

TEST_CASE("the report escapes every text from the argument", "[present][report][escape]") {
  const std::string html = RenderReport(Hostile(), Inputs());
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<i>Title") == std::string::npos);
  CHECK(html.find("<b>Author") == std::string::npos);
  CHECK(html.find("<p>rof") == std::string::npos);
  CHECK(html.find("<u>me") == std::string::npos);
  CHECK(html.find("<r>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(4)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(5)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("<title>&lt;/title&gt;&lt;script&gt;alert(&#39;t&#39;)") != std::string::npos);
  CHECK(html.find("--set a=&lt;0.7&gt;") != std::string::npos);
  CHECK(html.find("Conclusion &amp; co") != std::string::npos);
}

TEST_CASE("the report fetches nothing and runs nothing", "[present][report]") {
  const std::string html = RenderReport(Hostile(), Inputs());
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
  CHECK(html.find("default-src 'none'") != std::string::npos);
  CHECK_FALSE(std::regex_search(html, std::regex("<[^>]*\\ssrc=")));  // no element with a src attribute
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  // Only http(s) sources become links; a javascript: URL stays text.
  CHECK(html.find("href=\"javascript") == std::string::npos);
  CHECK(html.find("href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\"") != std::string::npos);
  std::regex href("href=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it) {
    const std::string target = (*it)[1];
    CHECK((target[0] == '#' || target.rfind("https://", 0) == 0));
  }
}

TEST_CASE("the report has every section", "[present][report]") {
  const std::string html = RenderReport(Hostile(), Inputs());
  for (const char* id : {"summary", "diagram", "cruxes", "uncertainty", "profiles", "credences", "critique",
                         "objections", "sources"}) {
    CHECK(html.find(std::string("id=\"") + id + "\"") != std::string::npos);
  }
  CHECK(html.find("<svg id=\"diagram-under-test\">") != std::string::npos);
  CHECK(html.find("90% interval <b>[0.250, 0.600]</b>") != std::string::npos);
  CHECK(Count(html, "<tr") == 4);  // header + three claims
}

TEST_CASE("the critique has a clear place even when it was not run", "[present][report]") {
  ReportInputs inputs = Inputs();
  inputs.findings.reset();
  CHECK(RenderReport(Hostile(), inputs).find("The critique was not run for this report.") != std::string::npos);
  inputs.findings = std::vector<ReportFinding>{};
  CHECK(RenderReport(Hostile(), inputs).find("The critique found nothing to report.") != std::string::npos);
}

TEST_CASE("the report never prints NaN or infinity", "[present][report]") {
  ReportInputs inputs = Inputs();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  inputs.credences = {nan, inf, 0.5};
  inputs.cruxes[0].at_low = nan;
  inputs.curves[0].y[3] = nan;
  inputs.uncertainty->histogram.push_back({nan, inf, 3});
  inputs.profiles[0].credence = nan;
  const std::string html = RenderReport(Hostile(), inputs);
  const std::regex non_finite("\\b(nan|inf|infinity)\\b", std::regex::icase);
  CHECK_FALSE(std::regex_search(html, non_finite));
  inputs.credence.reset();
  const std::string impossible = RenderReport(Hostile(), inputs);
  CHECK(impossible.find("The evidence given is impossible") != std::string::npos);
  CHECK_FALSE(std::regex_search(impossible, non_finite));
}

TEST_CASE("the tornado chart draws one row per crux with both ends", "[present][report]") {
  std::vector<ReportCrux> cruxes = Inputs().cruxes;
  cruxes.push_back({"unknown-end", 0.5, 0, 1, std::nullopt, 0.6, std::nullopt});
  const std::string svg = present::TornadoChart(cruxes, 0.42, 0.5, 10);
  // Two bars per drawn row (low end, high end), plus the two legend swatches.
  CHECK(Count(svg, "<rect") == 2 * 2 + 2);
  CHECK(svg.find("unknown-end") == std::string::npos);
  CHECK(svg.find("b-&gt;c at its high end (0.950): P(target) = 0.360") != std::string::npos);
  CHECK(svg.find("flips at 0.800") != std::string::npos);
  CHECK(svg.find("P(target) with the parameter at each end of its interval") != std::string::npos);
  CHECK(Count(present::TornadoChart(cruxes, 0.42, 0.5, 1), "<rect") == 2 + 2);
}

TEST_CASE("a sensitivity curve marks its threshold crossing and the current value", "[present][report]") {
  ReportCurve curve = Inputs().curves[0];  // y = 0.1 + 0.6 x crosses 0.5 at x = 2/3
  const std::string svg = present::CurveChart(curve, 0.5, "c");
  CHECK(svg.find("crosses 0.50 near 0.667") != std::string::npos);
  CHECK(svg.find("now: 0.700 \xE2\x86\x92 0.520") != std::string::npos);
  CHECK(svg.find(">P(c)</text>") != std::string::npos);  // the y axis label
  CHECK(Count(svg, "<polyline") == 1);
  curve.y[5].reset();  // impossible evidence at one point breaks the line in two
  CHECK(Count(present::CurveChart(curve, 0.5, "c"), "<polyline") == 2);
}

TEST_CASE("the histogram draws its bins and the interval", "[present][report]") {
  const ReportUncertainty u = *Inputs().uncertainty;
  const std::string svg = present::HistogramChart(u, "c");
  CHECK(Count(svg, "<rect") == 4);
  CHECK(svg.find("[0.300, 0.400): 400") != std::string::npos);
  CHECK(svg.find(">5% 0.250<") != std::string::npos);
  CHECK(svg.find(">95% 0.600<") != std::string::npos);
  CHECK(svg.find(">mean 0.420<") != std::string::npos);
}

TEST_CASE("FormatNumber prints finite numbers only", "[present][report]") {
  CHECK(present::FormatNumber(0.4213, 2) == "0.42");
  CHECK(present::FormatNumber(-0.0001, 2) == "0.00");
  CHECK(present::FormatNumber(std::nan(""), 2) == "\xE2\x80\x93");
}

}  // namespace
}  // namespace argraph
