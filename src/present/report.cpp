// The HTML report page (report.h): layout, inline CSS, and the sections in reading order — summary,
// diagram, cruxes (tornado and curves), uncertainty, profiles, credence table, critique, objections,
// sources. Every argument text passes through EscapeHtml; charts come from charts.h.
#include "argraph/report.h"

#include <algorithm>
#include <cmath>

#include "argraph/render.h"
#include "present/charts.h"
#include "present/text.h"

namespace argraph {

using present::EscapeHtml;
using present::FormatNumber;

namespace {

constexpr size_t kTornadoRows = 10;
constexpr size_t kTableRows = 2000;  // the credence table of a huge argument is cut here

constexpr const char* kStyle = R"css(
:root { --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --panel: #ffffff; --page: #f5f6f8;
        --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink);
       font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif; }
header.top { background: #14213d; color: #fff; padding: 22px 0 18px; }
.wrap { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header.top h1 { margin: 0 0 4px; font-size: 26px; line-height: 1.25; font-weight: 650; }
header.top .meta { color: #c9d3e3; font-size: 13px; }
header.top .meta code { color: #fff; }
nav.toc { font-size: 13px; margin-top: 10px; }
nav.toc a { color: #dbe7ff; margin-right: 14px; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
main { padding: 20px 0 40px; }
section.card { background: var(--panel); border: 1px solid var(--line); border-radius: 10px;
               padding: 18px 22px; margin: 0 0 18px; }
section.card h2 { margin: 0 0 4px; font-size: 19px; }
p.lead { margin: 0 0 12px; color: var(--muted); font-size: 13.5px; }
.summary { display: grid; grid-template-columns: minmax(0, 1fr) 440px; gap: 24px; align-items: center; }
.summary .claim { font-size: 18px; font-weight: 600; margin: 4px 0 8px; }
.summary .facts { color: var(--muted); font-size: 13.5px; }
.summary .facts b { color: var(--ink); }
.big { font-size: 44px; font-weight: 700; line-height: 1; letter-spacing: -0.5px; }
.chip { display: inline-block; width: 30px; height: 30px; border-radius: 6px; vertical-align: -1px;
        border: 1px solid rgba(0,0,0,.25); margin-right: 10px; }
.settings { margin: 8px 0 0; padding: 0; list-style: none; font-size: 13px; }
.settings li { display: inline-block; background: #eef2f7; border-radius: 4px; padding: 1px 7px; margin: 2px 4px 0 0;
               font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.diagram { overflow: auto; max-height: 82vh; border: 1px solid var(--line); border-radius: 6px; background: #fff;
           text-align: center; }
.diagram svg { max-width: 100%; height: auto; }
svg.chart { width: 100%; height: auto; display: block; font-size: 12px; font-family: inherit; }
svg.chart .tick { fill: #59636e; font-size: 11px; }
svg.chart .axis-label { fill: #1f2328; font-size: 12px; }
svg.chart .small { fill: #1f2328; font-size: 11px; }
svg.chart .name { fill: #1f2328; font-size: 12px; }
svg.chart .chart-title { fill: #1f2328; font-size: 13px; font-weight: 600; }
.curves { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; margin-top: 10px; }
.curves figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 6px; }
.stats { display: flex; flex-wrap: wrap; gap: 18px; font-size: 13.5px; color: var(--muted); margin-bottom: 6px; }
.stats b { color: var(--ink); }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); background: #fafbfc;
     position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td .id { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; color: var(--muted); }
td .quote { font-style: italic; color: var(--muted); font-size: 12.5px; }
tr.conclusion td { background: #f3f7ff; }
.bar { display: inline-block; width: 90px; height: 9px; background: #eef0f3; border-radius: 5px;
       vertical-align: middle; margin-left: 8px; overflow: hidden; }
.bar > span { display: block; height: 100%; }
.table-scroll { max-height: 640px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
.findings { list-style: none; padding: 0; margin: 0; }
.findings li { padding: 7px 0; border-bottom: 1px solid var(--line); }
.sev { display: inline-block; min-width: 64px; text-align: center; font-size: 11.5px; font-weight: 700;
       border-radius: 4px; padding: 1px 6px; margin-right: 8px; color: #fff; }
.sev.error { background: #b2182b; } .sev.warning { background: #b35806; } .sev.note { background: #4d6a8a; }
.rule, .where { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; color: var(--muted); }
.placeholder { color: var(--muted); font-style: italic; }
.two { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 18px; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 0 0 30px; }
@media (max-width: 900px) { .summary, .two { grid-template-columns: 1fr; } }
)css";

bool Finite(const std::optional<double>& v) { return v && std::isfinite(*v); }

std::string ClaimText(const Claim& claim) { return claim.text.empty() ? claim.id : claim.text; }

std::string SourceLine(const Source& source) {
  std::string out = "<li><b>" + EscapeHtml(source.title.empty() ? source.key : source.title) + "</b>";
  if (!source.author.empty()) out += " &#8212; " + EscapeHtml(source.author);
  if (source.year) out += " (" + std::to_string(*source.year) + ")";
  const bool web = source.url.rfind("https://", 0) == 0 || source.url.rfind("http://", 0) == 0;
  if (web) {
    out += " <a href=\"" + EscapeHtml(source.url) + "\" rel=\"noopener noreferrer\">" + EscapeHtml(source.url) + "</a>";
  } else if (!source.url.empty()) {
    out += " " + EscapeHtml(source.url);
  }
  out += " <span class=\"id\">[" + EscapeHtml(source.key) + "]</span></li>";
  return out;
}

std::string Section(const std::string& id, const std::string& title, const std::string& lead,
                    const std::string& body) {
  return "<section class=\"card\" id=\"" + id + "\"><h2>" + title + "</h2>" +
         (lead.empty() ? "" : "<p class=\"lead\">" + lead + "</p>") + body + "</section>\n";
}

std::string Summary(const Argument& argument, const Claim* target, const ReportInputs& inputs) {
  std::string out = "<div class=\"summary\"><div>";
  out += "<div class=\"facts\">" + std::string(target && target->id == argument.conclusion ? "Conclusion" : "Target") +
         " <span class=\"id\">" + EscapeHtml(target ? target->id : inputs.target) + "</span></div>";
  out += "<div class=\"claim\">" + EscapeHtml(target ? ClaimText(*target) : inputs.target) + "</div>";
  out += "<div class=\"facts\">";
  if (Finite(inputs.credence)) {
    out += "P(true) = <b>" + FormatNumber(*inputs.credence, 3) + "</b>";
    out += *inputs.credence >= inputs.threshold ? " &#8212; above " : " &#8212; below ";
    out += "the threshold " + FormatNumber(inputs.threshold, 2) + ".";
  } else {
    out += "The evidence given is impossible under this argument: no credence.";
  }
  if (inputs.uncertainty) {
    const auto& u = *inputs.uncertainty;
    out += " 90% interval <b>[" + FormatNumber(u.q05, 3) + ", " + FormatNumber(u.q95, 3) + "]</b> from " +
           std::to_string(u.samples) + " Monte Carlo samples of the parameters' intervals.";
  }
  if (target && target->credence) {
    out += " The author stated " + FormatNumber(*target->credence, 2) + ".";
  }
  out += "</div>";
  if (!inputs.settings.empty()) {
    out += "<ul class=\"settings\">";
    for (const std::string& s : inputs.settings) out += "<li>" + EscapeHtml(s) + "</li>";
    out += "</ul>";
  }
  out += "</div><div>";
  if (Finite(inputs.credence)) {
    out += "<div class=\"big\"><span class=\"chip\" style=\"background:" + CredenceColor(*inputs.credence) +
           "\"></span>" + FormatNumber(*inputs.credence, 2) + "</div>";
    std::optional<double> lo, hi;
    if (inputs.uncertainty) lo = inputs.uncertainty->q05, hi = inputs.uncertainty->q95;
    out += present::IntervalBar(*inputs.credence, lo, hi);
  }
  out += "</div></div>";
  return out;
}

std::string CredenceTable(const Argument& argument, const ReportInputs& inputs, const std::string& target) {
  const bool computed = inputs.credences.size() == argument.claims.size();
  std::string out = "<div class=\"table-scroll\"><table><thead><tr><th>Claim</th><th>Rule</th>"
                    "<th>Stated</th><th>Computed</th></tr></thead><tbody>";
  size_t rows = 0;
  for (size_t c = 0; c < argument.claims.size() && rows < kTableRows; ++c, ++rows) {
    const Claim& claim = argument.claims[c];
    out += claim.id == target ? "<tr class=\"conclusion\">" : "<tr>";
    out += "<td><div>" + EscapeHtml(ClaimText(claim)) + "</div><div class=\"id\">" + EscapeHtml(claim.id) + "</div>";
    if (!claim.quote.empty()) out += "<div class=\"quote\">&#8220;" + EscapeHtml(claim.quote) + "&#8221;</div>";
    out += "</td><td>" + std::string(claim.IsRoot() ? "root" : RuleName(claim.rule)) + "</td>";
    out += "<td class=\"num\">" + (claim.credence ? FormatNumber(*claim.credence, 2) : std::string("&#8212;")) + "</td>";
    out += "<td class=\"num\">";
    if (computed && std::isfinite(inputs.credences[c])) {
      const double v = std::clamp(inputs.credences[c], 0.0, 1.0);
      out += FormatNumber(v, 3) + "<span class=\"bar\"><span style=\"width:" + FormatNumber(100 * v, 1) +
             "%;background:" + CredenceColor(v) + "\"></span></span>";
    } else {
      out += "&#8212;";
    }
    out += "</td></tr>";
  }
  out += "</tbody></table></div>";
  if (argument.claims.size() > kTableRows) {
    out += "<p class=\"lead\">The first " + std::to_string(kTableRows) + " of " +
           std::to_string(argument.claims.size()) + " claims.</p>";
  }
  return out;
}

std::string Findings(const ReportInputs& inputs) {
  if (!inputs.findings) {
    return "<p class=\"placeholder\">The critique was not run for this report.</p>";
  }
  if (inputs.findings->empty()) return "<p>The critique found nothing to report.</p>";
  std::string out = "<ul class=\"findings\">";
  for (const ReportFinding& f : *inputs.findings) {
    const std::string severity = f.severity == "error" || f.severity == "warning" ? f.severity : "note";
    out += "<li><span class=\"sev " + severity + "\">" + severity + "</span>" + EscapeHtml(f.message);
    if (!f.rule.empty()) out += " <span class=\"rule\">[" + EscapeHtml(f.rule) + "]</span>";
    if (!f.where.empty()) out += " <span class=\"where\">" + EscapeHtml(f.where) + "</span>";
    out += "</li>";
  }
  return out + "</ul>";
}

}  // namespace

std::string RenderReport(const Argument& argument, const ReportInputs& inputs) {
  const std::string target_id = inputs.target.empty() ? argument.conclusion : inputs.target;
  const Claim* target = argument.FindClaim(target_id);
  const std::string title = argument.title.empty() ? argument.id : argument.title;
  const std::string target_name = target_id.empty() ? "target" : target_id;

  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
          "img-src data:; base-uri 'none'; form-action 'none'\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<title>" + EscapeHtml(title) + " &#8212; argraph report</title>\n<style>" + std::string(kStyle) +
          "</style>\n</head>\n<body>\n";

  // Header.
  html += "<header class=\"top\"><div class=\"wrap\"><h1>" + EscapeHtml(title) + "</h1><div class=\"meta\">";
  html += "<code>" + EscapeHtml(argument.id) + "</code> &#183; " + std::to_string(argument.claims.size()) +
          " claims";
  if (!argument.path.empty()) html += " &#183; " + EscapeHtml(argument.path);
  html += "</div><nav class=\"toc\"><a href=\"#diagram\">Diagram</a><a href=\"#cruxes\">Cruxes</a>"
          "<a href=\"#uncertainty\">Uncertainty</a>";
  if (!argument.profiles.empty()) html += "<a href=\"#profiles\">Profiles</a>";
  html += "<a href=\"#credences\">Credences</a><a href=\"#critique\">Critique</a><a href=\"#sources\">Sources</a>"
          "</nav></div></header>\n<main><div class=\"wrap\">\n";

  html += Section("summary", "What the argument concludes", "", Summary(argument, target, inputs));

  if (!inputs.diagram_svg.empty()) {
    html += Section("diagram", "Diagram",
                    "Premises on the left, the conclusion (double border) on the right. Fill: computed credence, "
                    "red = likely false, blue = likely true. Hover a claim for its full text, source and quote.",
                    "<div class=\"diagram\">" + inputs.diagram_svg + "</div>");
  }

  // Cruxes.
  {
    std::string body;
    if (inputs.cruxes.empty() || !Finite(inputs.credence)) {
      body = "<p class=\"placeholder\">No crux analysis is available.</p>";
    } else {
      body += present::TornadoChart(inputs.cruxes, *inputs.credence, inputs.threshold, kTornadoRows);
    }
    if (!inputs.curves.empty()) {
      body += "<div class=\"curves\">";
      for (const ReportCurve& curve : inputs.curves) {
        body += "<figure>" + present::CurveChart(curve, inputs.threshold, target_name) + "</figure>";
      }
      body += "</div>";
    }
    html += Section("cruxes", "Cruxes",
                    "How far P(" + EscapeHtml(target_name) +
                        ") moves when one parameter goes to either end of its interval (largest swing first), "
                        "and the exact curve of P along each of the top parameters. The dashed line is the "
                        "threshold " + FormatNumber(inputs.threshold, 2) + ".",
                    body);
  }

  // Uncertainty.
  {
    std::string body;
    if (inputs.uncertainty && !inputs.uncertainty->histogram.empty()) {
      const auto& u = *inputs.uncertainty;
      body += "<div class=\"stats\"><span>mean <b>" + FormatNumber(u.mean, 3) + "</b></span><span>sd <b>" +
              FormatNumber(u.sd, 3) + "</b></span><span>median <b>" + FormatNumber(u.q50, 3) +
              "</b></span><span>90% interval <b>[" + FormatNumber(u.q05, 3) + ", " + FormatNumber(u.q95, 3) +
              "]</b></span><span>samples <b>" + std::to_string(u.samples) + "</b></span></div>";
      body += present::HistogramChart(u, target_name);
    } else {
      body = "<p class=\"placeholder\">No Monte Carlo analysis is available (no parameter has an interval).</p>";
    }
    html += Section("uncertainty", "Uncertainty",
                    "P(" + EscapeHtml(target_name) + ") when every parameter with an interval is drawn from it.", body);
  }

  if (!inputs.profiles.empty()) {
    html += Section("profiles", "Profiles compared",
                    "The conclusion under each profile: the argument's own and, for an argument read from the store, "
                    "the people's profiles kept there.",
                    present::ProfileChart(inputs.profiles, inputs.credence, inputs.threshold, target_name));
  }

  html += Section("credences", "Credences",
                  "Stated: the credence written in the file. Computed: P(claim | evidence) by exact inference.",
                  CredenceTable(argument, inputs, target_id));

  html += Section("critique", "Critique", "Structural and probabilistic problems found in the argument.",
                  Findings(inputs));

  if (!argument.objections.empty()) {
    std::string body = "<ul class=\"findings\">";
    for (const Objection& o : argument.objections) {
      body += "<li><span class=\"id\">" + EscapeHtml(o.target) + "</span> &#8212; " + EscapeHtml(o.text);
      if (!o.by.empty()) body += " <i>(" + EscapeHtml(o.by) + ")</i>";
      body += "</li>";
    }
    html += Section("objections", "Objections", "", body + "</ul>");
  }

  {
    std::string body = "<ul>";
    for (const Source& source : argument.sources) body += SourceLine(source);
    body += "</ul>";
    if (argument.sources.empty()) body = "<p class=\"placeholder\">The argument names no sources.</p>";
    html += Section("sources", "Sources", "", body);
  }

  html += "</div></main>\n<footer>Generated by " + EscapeHtml(inputs.generator.empty() ? "argraph" : inputs.generator) +
          ". Self-contained: nothing on this page is loaded from the network.</footer>\n</body>\n</html>\n";
  return html;
}

}  // namespace argraph
