// The report's charts, drawn as inline SVG elements: tornado, sensitivity curve, histogram, profile
// bars and the conclusion's interval bar. Every chart has axes with ticks and labels.
// Invariants: the returned SVG is well-formed XML; every text in it is HTML-escaped; non-finite
// numbers are skipped, never printed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "argraph/report.h"

namespace argraph::present {

/// Horizontal bars: P(target) with each parameter at the low and high ends of its interval, around
/// `credence`, the `max_rows` largest swings.
std::string TornadoChart(const std::vector<ReportCrux>& cruxes, double credence, double threshold,
                         size_t max_rows);

/// P(target) along one parameter, with its current value marked and the threshold drawn.
std::string CurveChart(const ReportCurve& curve, double threshold, const std::string& target);

/// The histogram of the Monte Carlo samples, with the mean and the 90% interval marked.
std::string HistogramChart(const ReportUncertainty& uncertainty, const std::string& target);

/// One bar per profile: P(target) under it, with the argument as loaded as a reference line.
std::string ProfileChart(const std::vector<ReportProfile>& profiles, std::optional<double> base,
                         double threshold, const std::string& target);

/// "0.62" on a 0..1 bar with the 90% interval [low, high] shaded.
std::string IntervalBar(double credence, std::optional<double> low, std::optional<double> high);

/// `value` with `decimals` decimals; "–" when not finite.
std::string FormatNumber(double value, int decimals);

}  // namespace argraph::present
