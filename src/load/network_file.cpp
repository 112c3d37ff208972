// Loading Bayesian-network files: dispatch by extension to the BIF or XMLBIF reader, and the
// validation both readers end with.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "argraph/bif.h"
#include "argraph/error.h"
#include "load/network_file.h"

namespace argraph {
namespace {

std::string LowerExtension(const std::string& path) {
  size_t slash = path.find_last_of("/\\");
  size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

}  // namespace

bool IsNetworkFile(const std::string& path) {
  std::string ext = LowerExtension(path);
  return ext == ".bif" || ext == ".xmlbif" || ext == ".xml";
}

NetworkLoadResult LoadNetworkFile(const std::string& path) {
  std::string ext = LowerExtension(path);
  if (!IsNetworkFile(path)) {
    throw Error("cannot tell the format of '" + path + "': name a .bif, .xmlbif or .xml file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read '" + path + "': no such file or not readable");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw Error("cannot read '" + path + "': read error");
  return ext == ".bif" ? ReadBif(path, buffer.str()) : ReadXmlBif(path, buffer.str());
}

std::optional<double> ParseNumber(std::string_view text) {
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text.front() == '-') return std::nullopt;
  }
  if (text.empty()) return std::nullopt;
  double value = 0;
  const char* last = text.data() + text.size();
  auto [end, ec] = std::from_chars(text.data(), last, value);
  if (end != last) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves `value` alone: a negative exponent means underflow (0), else overflow.
    bool underflow = text.find("e-") != std::string_view::npos || text.find("E-") != std::string_view::npos;
    return underflow ? std::optional<double>(0.0) : std::nullopt;
  }
  if (ec != std::errc() || !std::isfinite(value)) return std::nullopt;
  return value;
}

bool CheckColumn(std::string_view child, const std::vector<const ProbabilityToken*>& column,
                 const SourceLocation& where, const std::string& what, Diagnostics& diagnostics) {
  double sum = 0;
  for (const ProbabilityToken* p : column) {
    if (!(p->value >= 0 && p->value <= 1)) {
      std::ostringstream msg;
      msg << "probability " << p->value << " is outside [0,1]";
      diagnostics.Error({where.file, p->line, p->column}, msg.str(), "probability-range");
      return false;
    }
    sum += p->value;
  }
  if (std::fabs(sum - 1) > 1e-6) {
    std::ostringstream msg;
    msg.precision(10);
    msg << "the probabilities of '" << child << "' in " << what << " sum to " << sum
        << ", not 1 (a column must sum to 1 within 1e-6)";
    diagnostics.Error(where, msg.str(), "row-sum");
    return false;
  }
  return true;
}

std::string TableSizeMessage(const std::string& what, std::string_view child, size_t count, size_t states,
                             size_t columns) {
  std::string message = what + " of '" + std::string(child) + "' has " + std::to_string(count) +
                        " probabilities; expected " + std::to_string(states * columns);
  if (columns == 1) return message + " (one per state)";
  return message + " (" + std::to_string(states) + " states x " + std::to_string(columns) + " parent assignments)";
}

void FinishNetwork(const std::string& path, NetworkLoadResult& result) {
  if (result.diagnostics.HasErrors()) return;
  Diagnostics validation;
  ValidateNetwork(result.network, validation);
  for (Diagnostic d : validation.items()) {
    if (d.location.file.empty()) d.location.file = path;
    result.diagnostics.Add(std::move(d));
  }
}

}  // namespace argraph
