// The HTML report (DESIGN.md section 7): one self-contained page about an argument — title and
// sources, the diagram, the conclusion's credence with its uncertainty interval, the credence table,
// a tornado chart and sensitivity curves of the top cruxes, the uncertainty histogram, the profiles
// compared, and the critique findings. Its inputs are plain numbers that the analyses computed.
//
// Invariants of the page RenderReport returns:
//  (1) self-contained: CSS inline, every chart an inline SVG, no script, and a Content-Security-Policy
//      that forbids every fetch and every script, so the page loads nothing from the network;
//  (2) every text from the argument (titles, claim texts, ids, quotes, objections, findings) is
//      HTML-escaped: it shows as text and is never markup;
//  (3) no NaN or infinity is printed: non-finite numbers are left out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "argraph/model.h"

namespace argraph {

/// One parameter's tornado entry (probabilities, except a log-odds weight's value/low/high).
struct ReportCrux {
  std::string name;
  double value = 0;
  double low = 0, high = 0;               ///< the interval the tornado moves it over
  std::optional<double> at_low, at_high;  ///< P(target | e) with the parameter at low / high
  std::optional<double> flip_at;          ///< the value where P(target | e) crosses the threshold
};

/// P(target | e) along one parameter (a sweep).
struct ReportCurve {
  std::string name;
  double value = 0;                          ///< the parameter's current value
  std::vector<double> x;                     ///< parameter values, increasing
  std::vector<std::optional<double>> y;      ///< P(target | e) at each x; nullopt where impossible
};

struct ReportBin {
  double low = 0, high = 0;
  uint64_t count = 0;
};

/// The Monte Carlo distribution of P(target | e).
struct ReportUncertainty {
  uint64_t samples = 0;
  double mean = 0, sd = 0, q05 = 0, q50 = 0, q95 = 0;
  std::vector<ReportBin> histogram;
};

/// The conclusion under one of the argument's profiles.
struct ReportProfile {
  std::string name;
  std::string description;
  std::optional<double> credence;  ///< nullopt when the evidence is impossible under the profile
};

/// One critique finding.
struct ReportFinding {
  std::string severity;  ///< "error", "warning" or "note"
  std::string rule;
  std::string message;
  std::string where;     ///< "FILE:LINE:COL" or a claim id; may be empty
};

struct ReportInputs {
  std::string target;                   ///< claim id; "" = the argument's conclusion
  std::optional<double> credence;       ///< P(target | e); nullopt when the evidence is impossible
  std::vector<double> credences;        ///< P(claim | e), indexed like Argument::claims (may be empty)
  std::vector<std::string> settings;    ///< what-if settings applied, e.g. "--set a=0.3", "--given b=true"
  double threshold = 0.5;
  std::vector<ReportCrux> cruxes;       ///< ranked by swing, largest first
  std::vector<ReportCurve> curves;      ///< of the top cruxes
  std::optional<ReportUncertainty> uncertainty;
  std::vector<ReportProfile> profiles;  ///< one per profile of the argument
  /// The critique's findings; nullopt when the critique was not run (the page says so).
  std::optional<std::vector<ReportFinding>> findings;
  std::string diagram_svg;              ///< RenderInlineSvg's output ("" = no diagram)
  std::string generator;                ///< e.g. "argraph 0.1.0"
};

/// The report page (UTF-8 HTML).
std::string RenderReport(const Argument& argument, const ReportInputs& inputs);

}  // namespace argraph
