// SVG charts of the HTML report (charts.h). Each chart is drawn in a fixed viewBox and scales with
// the page (CSS gives it width: 100%).
#include "present/charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "argraph/render.h"
#include "present/text.h"

namespace argraph::present {
namespace {

constexpr const char* kLowColor = "#e69f00";   // Okabe-Ito orange: parameter at its low end
constexpr const char* kHighColor = "#0072b2";  // Okabe-Ito blue: parameter at its high end
constexpr const char* kInk = "#333333";
constexpr const char* kGrid = "#e6e6e6";
constexpr const char* kBarStroke = "#8c96a0";  // outlines bars whose credence fill is near white

bool Finite(double v) { return std::isfinite(v); }

/// A plotting area inside a width x height viewBox, mapping data ranges to it.
struct Frame {
  double width, height, left, right, top, bottom;
  double x0, x1, y0, y1;
  double X(double v) const { return left + (v - x0) / (x1 - x0) * (width - left - right); }
  double Y(double v) const { return height - bottom - (v - y0) / (y1 - y0) * (height - top - bottom); }
  double PlotLeft() const { return left; }
  double PlotRight() const { return width - right; }
  double PlotTop() const { return top; }
  double PlotBottom() const { return height - bottom; }
};

std::string Num(double v) { return FormatNumber(v, 1); }

/// About `count` round tick values covering [lo, hi].
std::vector<double> NiceTicks(double lo, double hi, int count) {
  std::vector<double> ticks;
  if (!(hi > lo) || !Finite(lo) || !Finite(hi)) return {lo};
  const double raw = (hi - lo) / std::max(1, count);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  }
  return ticks;
}

/// Decimals needed to print ticks `step` apart.
int TickDecimals(const std::vector<double>& ticks) {
  if (ticks.size() < 2) return 2;
  const double step = ticks[1] - ticks[0];
  int decimals = 0;
  while (decimals < 6 && std::fabs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-6) {
    ++decimals;
  }
  return decimals;
}

std::string Open(double width, double height, const std::string& label) {
  return "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + Num(width) + " " +
         Num(height) + "\" role=\"img\" aria-label=\"" + EscapeHtml(label) + "\">";
}

std::string Text(double x, double y, const std::string& text, const char* anchor = "middle",
                 const char* cls = "") {
  return "<text x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" text-anchor=\"" + anchor + "\"" +
         (*cls ? std::string(" class=\"") + cls + "\"" : "") + ">" + EscapeHtml(text) + "</text>";
}

std::string Line(double x1, double y1, double x2, double y2, const char* stroke, double width = 1,
                 const char* dash = "") {
  return "<line x1=\"" + Num(x1) + "\" y1=\"" + Num(y1) + "\" x2=\"" + Num(x2) + "\" y2=\"" + Num(y2) +
         "\" stroke=\"" + stroke + "\" stroke-width=\"" + Num(width) + "\"" +
         (*dash ? std::string(" stroke-dasharray=\"") + dash + "\"" : "") + "/>";
}

/// A rectangle; `stroke` outlines it (bars filled by credence are near white around 0.5).
std::string Rect(double x, double y, double w, double h, const std::string& fill, const std::string& title = "",
                 const std::string& stroke = "") {
  std::string out = "<rect x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" width=\"" + Num(std::max(0.0, w)) +
                    "\" height=\"" + Num(std::max(0.0, h)) + "\" fill=\"" + fill + "\"";
  if (!stroke.empty()) out += " stroke=\"" + stroke + "\" stroke-width=\"0.8\"";
  if (title.empty()) return out + "/>";
  return out + "><title>" + EscapeHtml(title) + "</title></rect>";
}

/// The x axis (ticks, grid lines, label) along the bottom of the frame.
std::string XAxis(const Frame& f, const std::vector<double>& ticks, const std::string& label, bool grid) {
  const int decimals = TickDecimals(ticks);
  std::string out = Line(f.PlotLeft(), f.PlotBottom(), f.PlotRight(), f.PlotBottom(), kInk);
  for (double t : ticks) {
    const double x = f.X(t);
    if (grid) out += Line(x, f.PlotTop(), x, f.PlotBottom(), kGrid);
    out += Line(x, f.PlotBottom(), x, f.PlotBottom() + 4, kInk);
    out += Text(x, f.PlotBottom() + 16, FormatNumber(t, decimals), "middle", "tick");
  }
  out += Text((f.PlotLeft() + f.PlotRight()) / 2, f.height - 4, label, "middle", "axis-label");
  return out;
}

/// The y axis (ticks, grid lines, rotated label) along the left of the frame.
std::string YAxis(const Frame& f, const std::vector<double>& ticks, const std::string& label) {
  const int decimals = TickDecimals(ticks);
  std::string out = Line(f.PlotLeft(), f.PlotTop(), f.PlotLeft(), f.PlotBottom(), kInk);
  for (double t : ticks) {
    const double y = f.Y(t);
    out += Line(f.PlotLeft(), y, f.PlotRight(), y, kGrid);
    out += Line(f.PlotLeft() - 4, y, f.PlotLeft(), y, kInk);
    out += Text(f.PlotLeft() - 7, y + 4, FormatNumber(t, decimals), "end", "tick");
  }
  const double cy = (f.PlotTop() + f.PlotBottom()) / 2;
  out += "<text class=\"axis-label\" text-anchor=\"middle\" transform=\"translate(12 " + Num(cy) +
         ") rotate(-90)\">" + EscapeHtml(label) + "</text>";
  return out;
}

/// `text` cut to `width` characters with an ellipsis.
std::string Clip(const std::string& text, size_t width) {
  const auto lines = WrapText(text, width, 1);
  return lines.empty() ? std::string() : lines[0];
}

}  // namespace

std::string FormatNumber(double value, int decimals) {
  if (!Finite(value)) return "\xE2\x80\x93";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string out = buffer;
  if (out == "-0" || out.find_first_not_of("-0.") == std::string::npos) {
    if (!out.empty() && out[0] == '-') out.erase(0, 1);  // no "-0.00"
  }
  return out;
}

std::string TornadoChart(const std::vector<ReportCrux>& cruxes, double credence, double threshold,
                         size_t max_rows) {
  std::vector<const ReportCrux*> rows;
  for (const ReportCrux& crux : cruxes) {
    if (rows.size() >= max_rows) break;
    if (crux.at_low && crux.at_high && Finite(*crux.at_low) && Finite(*crux.at_high)) rows.push_back(&crux);
  }
  const double row_height = 26;
  Frame f{1000, 64 + row_height * static_cast<double>(rows.size()) + 40, 330, 80, 42, 40, 0, 1, 0, 1};
  std::string out = Open(f.width, f.height, "Tornado chart of the top cruxes");
  // Legend.
  out += Rect(f.PlotLeft(), 8, 12, 12, kLowColor) + Text(f.PlotLeft() + 18, 18, "parameter at the low end", "start", "small");
  out += Rect(f.PlotLeft() + 200, 8, 12, 12, kHighColor) +
         Text(f.PlotLeft() + 218, 18, "at the high end", "start", "small");
  out += XAxis(f, NiceTicks(0, 1, 5), "P(target) with the parameter at each end of its interval", true);
  for (size_t i = 0; i < rows.size(); ++i) {
    const ReportCrux& crux = *rows[i];
    const double y = f.PlotTop() + 6 + row_height * static_cast<double>(i);
    const double base = f.X(std::clamp(credence, 0.0, 1.0));
    auto bar = [&](double at, const char* color, const char* end, double end_value) {
      const double x = f.X(std::clamp(at, 0.0, 1.0));
      out += Rect(std::min(x, base), y, std::fabs(x - base), row_height - 8, color,
                  crux.name + " at " + end + " (" + FormatNumber(end_value, 3) + "): P(target) = " +
                      FormatNumber(at, 3));
    };
    bar(*crux.at_low, kLowColor, "its low end", crux.low);
    bar(*crux.at_high, kHighColor, "its high end", crux.high);
    out += "<g><title>" + EscapeHtml(crux.name + " = " + FormatNumber(crux.value, 3) + ", interval [" +
                                     FormatNumber(crux.low, 3) + ", " + FormatNumber(crux.high, 3) + "]" +
                                     (crux.flip_at ? ", flips at " + FormatNumber(*crux.flip_at, 3) : "")) +
           "</title>" + Text(f.PlotLeft() - 8, y + 13, Clip(crux.name, 46), "end", "name") + "</g>";
    const double lo = std::min(*crux.at_low, *crux.at_high);
    const double hi = std::max(*crux.at_low, *crux.at_high);
    out += Text(f.X(std::clamp(lo, 0.0, 1.0)) - 4, y + 13, FormatNumber(lo, 2), "end", "small");
    out += Text(f.X(std::clamp(hi, 0.0, 1.0)) + 4, y + 13, FormatNumber(hi, 2), "start", "small");
  }
  if (Finite(credence)) {
    const double x = f.X(std::clamp(credence, 0.0, 1.0));
    out += Line(x, f.PlotTop() - 4, x, f.PlotBottom(), kInk, 1.5);
    out += Text(x, f.PlotTop() - 8, "now " + FormatNumber(credence, 2), "middle", "small");
  }
  if (Finite(threshold)) {
    const double x = f.X(std::clamp(threshold, 0.0, 1.0));
    out += Line(x, f.PlotTop(), x, f.PlotBottom(), "#999999", 1, "4 3");
  }
  return out + "</svg>";
}

std::string CurveChart(const ReportCurve& curve, double threshold, const std::string& target) {
  double x0 = curve.x.empty() ? 0 : curve.x.front();
  double x1 = curve.x.empty() ? 1 : curve.x.back();
  if (!(x1 > x0)) x1 = x0 + 1;
  Frame f{340, 230, 52, 14, 28, 40, x0, x1, 0, 1};
  std::string out = Open(f.width, f.height, "P(" + target + ") as " + curve.name + " varies");
  out += Text(f.PlotLeft(), 16, Clip(curve.name, 38), "start", "chart-title");
  out += YAxis(f, NiceTicks(0, 1, 4), "P(" + Clip(target, 24) + ")");
  out += XAxis(f, NiceTicks(x0, x1, 4), Clip(curve.name, 40), false);
  if (Finite(threshold)) out += Line(f.PlotLeft(), f.Y(threshold), f.PlotRight(), f.Y(threshold), "#999999", 1, "4 3");
  // The curve, broken where the evidence is impossible.
  std::string points;
  auto flush = [&]() {
    if (!points.empty()) {
      out += "<polyline fill=\"none\" stroke=\"" + std::string(kHighColor) + "\" stroke-width=\"2\" points=\"" +
             points + "\"/>";
    }
    points.clear();
  };
  const size_t n = std::min(curve.x.size(), curve.y.size());
  for (size_t i = 0; i < n; ++i) {
    if (!curve.y[i] || !Finite(*curve.y[i]) || !Finite(curve.x[i])) {
      flush();
      continue;
    }
    points += Num(f.X(curve.x[i])) + "," + Num(f.Y(std::clamp(*curve.y[i], 0.0, 1.0))) + " ";
  }
  flush();
  // Crossings of the threshold, interpolated between grid points.
  for (size_t i = 1; i < n; ++i) {
    if (!curve.y[i - 1] || !curve.y[i]) continue;
    const double a = *curve.y[i - 1] - threshold, b = *curve.y[i] - threshold;
    if (!Finite(a) || !Finite(b) || (a < 0) == (b < 0) || a == b) continue;
    const double x = curve.x[i - 1] + (curve.x[i] - curve.x[i - 1]) * a / (a - b);
    out += "<circle cx=\"" + Num(f.X(x)) + "\" cy=\"" + Num(f.Y(threshold)) +
           "\" r=\"4\" fill=\"white\" stroke=\"#d55e00\" stroke-width=\"2\"><title>" +
           EscapeHtml("crosses " + FormatNumber(threshold, 2) + " near " + FormatNumber(x, 3)) + "</title></circle>";
  }
  // The current value: interpolate the curve there.
  if (Finite(curve.value) && curve.value >= x0 && curve.value <= x1) {
    const double x = f.X(curve.value);
    out += Line(x, f.PlotTop(), x, f.PlotBottom(), kInk, 1, "2 2");
    for (size_t i = 1; i < n; ++i) {
      if (curve.x[i] < curve.value || !curve.y[i - 1] || !curve.y[i]) continue;
      const double t = curve.x[i] > curve.x[i - 1] ? (curve.value - curve.x[i - 1]) / (curve.x[i] - curve.x[i - 1]) : 0;
      const double y = *curve.y[i - 1] + t * (*curve.y[i] - *curve.y[i - 1]);
      if (Finite(y)) {
        out += "<circle cx=\"" + Num(x) + "\" cy=\"" + Num(f.Y(std::clamp(y, 0.0, 1.0))) + "\" r=\"4\" fill=\"" +
               kInk + "\"><title>" + EscapeHtml("now: " + FormatNumber(curve.value, 3) + " \xE2\x86\x92 " +
                                                FormatNumber(y, 3)) +
               "</title></circle>";
      }
      break;
    }
  }
  return out + "</svg>";
}

std::string HistogramChart(const ReportUncertainty& u, const std::string& target) {
  double lo = 1, hi = 0;
  uint64_t top = 0;
  for (const ReportBin& bin : u.histogram) {
    if (!Finite(bin.low) || !Finite(bin.high)) continue;
    lo = std::min(lo, bin.low);
    hi = std::max(hi, bin.high);
    top = std::max(top, bin.count);
  }
  if (!(hi > lo)) lo = 0, hi = 1;
  const double pad = (hi - lo) * 0.05;
  Frame f{1000, 280, 64, 24, 30, 42, lo - pad, hi + pad, 0, std::max<double>(1, static_cast<double>(top) * 1.1)};
  std::string out = Open(f.width, f.height, "Histogram of P(" + target + ") over the Monte Carlo samples");
  out += YAxis(f, NiceTicks(0, f.y1, 4), "samples");
  out += XAxis(f, NiceTicks(f.x0, f.x1, 8), "P(" + Clip(target, 40) + ") across " + std::to_string(u.samples) + " samples", false);
  for (const ReportBin& bin : u.histogram) {
    if (!Finite(bin.low) || !Finite(bin.high)) continue;
    const double x = f.X(bin.low), w = f.X(bin.high) - x;
    const double y = f.Y(static_cast<double>(bin.count));
    std::string title = "[";
    title += FormatNumber(bin.low, 3) + ", " + FormatNumber(bin.high, 3) + "): " + std::to_string(bin.count);
    out += Rect(x + 0.5, y, w - 1, f.PlotBottom() - y, CredenceColor((bin.low + bin.high) / 2), title, kBarStroke);
  }
  auto marker = [&](double v, const char* label, const char* dash, double dy) {
    if (!Finite(v)) return;
    const double x = f.X(v);
    out += Line(x, f.PlotTop() - 2, x, f.PlotBottom(), kInk, 1.5, dash);
    out += Text(x, f.PlotTop() - 8 + dy, std::string(label) + " " + FormatNumber(v, 3), "middle", "small");
  };
  marker(u.q05, "5%", "4 3", 0);
  marker(u.q95, "95%", "4 3", 0);
  marker(u.mean, "mean", "", 12);
  return out + "</svg>";
}

std::string ProfileChart(const std::vector<ReportProfile>& profiles, std::optional<double> base, double threshold,
                         const std::string& target) {
  const double row_height = 28;
  Frame f{1000, 30 + row_height * static_cast<double>(profiles.size() + (base ? 1 : 0)) + 44, 200, 60, 20, 42,
          0, 1, 0, 1};
  std::string out = Open(f.width, f.height, "P(" + target + ") under each profile");
  out += XAxis(f, NiceTicks(0, 1, 5), "P(" + Clip(target, 40) + ")", true);
  size_t row = 0;
  auto bar = [&](const std::string& name, const std::string& title, std::optional<double> value) {
    const double y = f.PlotTop() + 6 + row_height * static_cast<double>(row++);
    out += "<g><title>" + EscapeHtml(title) + "</title>" + Text(f.PlotLeft() - 8, y + 14, Clip(name, 28), "end", "name") + "</g>";
    if (!value || !Finite(*value)) {
      out += Text(f.PlotLeft() + 6, y + 14, "evidence impossible", "start", "small");
      return;
    }
    const double v = std::clamp(*value, 0.0, 1.0);
    out += Rect(f.X(0), y, f.X(v) - f.X(0), row_height - 8, CredenceColor(v), title + ": " + FormatNumber(v, 3),
                kBarStroke);
    out += Text(f.X(v) + 5, y + 14, FormatNumber(v, 3), "start", "small");
  };
  if (base) bar("as loaded", "the argument as loaded", base);
  for (const ReportProfile& p : profiles) bar(p.name, p.name + (p.description.empty() ? "" : ": " + p.description), p.credence);
  if (Finite(threshold)) {
    const double x = f.X(std::clamp(threshold, 0.0, 1.0));
    out += Line(x, f.PlotTop(), x, f.PlotBottom(), "#999999", 1, "4 3");
  }
  return out + "</svg>";
}

std::string IntervalBar(double credence, std::optional<double> low, std::optional<double> high) {
  Frame f{420, 56, 12, 12, 8, 22, 0, 1, 0, 1};
  std::string out = Open(f.width, f.height, "credence " + FormatNumber(credence, 2) + " on a scale from 0 to 1");
  // The colour scale as the track.
  out += "<defs><linearGradient id=\"credence-scale\">";
  for (int i = 0; i <= 10; ++i) {
    out += "<stop offset=\"" + FormatNumber(i / 10.0, 1) + "\" stop-color=\"" + CredenceColor(i / 10.0) + "\"/>";
  }
  out += "</linearGradient></defs>";
  out += "<rect x=\"" + Num(f.X(0)) + "\" y=\"18\" width=\"" + Num(f.X(1) - f.X(0)) +
         "\" height=\"10\" rx=\"3\" fill=\"url(#credence-scale)\" opacity=\"0.55\"/>";
  if (low && high && Finite(*low) && Finite(*high)) {
    const double a = f.X(std::clamp(*low, 0.0, 1.0)), b = f.X(std::clamp(*high, 0.0, 1.0));
    out += "<rect x=\"" + Num(a) + "\" y=\"12\" width=\"" + Num(std::max(2.0, b - a)) +
           "\" height=\"22\" rx=\"3\" fill=\"none\" stroke=\"" + kInk + "\" stroke-width=\"1.5\"><title>90% interval [" +
           FormatNumber(*low, 3) + ", " + FormatNumber(*high, 3) + "]</title></rect>";
  }
  if (Finite(credence)) {
    const double x = f.X(std::clamp(credence, 0.0, 1.0));
    out += "<path d=\"M" + Num(x - 6) + ",4 L" + Num(x + 6) + ",4 L" + Num(x) + ",14 Z\" fill=\"" + kInk + "\"/>";
    out += Line(x, 12, x, 34, kInk, 2);
  }
  for (double t : {0.0, 0.25, 0.5, 0.75, 1.0}) {
    out += Text(f.X(t), 50, FormatNumber(t, t == 0.25 || t == 0.75 ? 2 : 1), "middle", "tick");
  }
  return out + "</svg>";
}

}  // namespace argraph::present
