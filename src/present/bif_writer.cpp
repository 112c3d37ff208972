// BIF and XMLBIF text of a network (bif.h). Probabilities are written as the shortest decimal text
// that reads back to the same double, so read(write(n)) reproduces every table bit for bit.
#include <charconv>
#include <cstring>
#include <set>
#include <string_view>

#include "argraph/bif.h"

namespace argraph {
namespace {

void AppendNumber(std::string& out, double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, ec == std::errc() ? end : buffer);
}

bool IsBifWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/// States may hold any printable ASCII but the separators of the grammar (pgmpy reads them so; the
/// standard networks have states like "<5" and "Asy/Patchy").
bool IsBifStateChar(char c) {
  return c > ' ' && c < 127 && !std::strchr("{}()[];,|\"", c);
}

enum class WordKind { kVariable, kState };

/// `name` with every character not allowed in a BIF word of this kind replaced by '_' (and a '/' that
/// would open a comment), made distinct from the names already in `taken` by a suffix "_2", "_3", ...
std::string BifWord(const std::string& name, WordKind kind, std::set<std::string>& taken) {
  std::string word = name.empty() ? "_" : name;
  for (size_t i = 0; i < word.size(); ++i) {
    char& c = word[i];
    bool comment = c == '/' && i + 1 < word.size() && (word[i + 1] == '/' || word[i + 1] == '*');
    if (comment || !(kind == WordKind::kVariable ? IsBifWordChar(c) : IsBifStateChar(c))) c = '_';
  }
  std::string candidate = word;
  for (int k = 2; taken.count(candidate); ++k) candidate = word + "_" + std::to_string(k);
  taken.insert(candidate);
  return candidate;
}

void AppendXmlEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += "&#" + std::to_string(static_cast<int>(c)) + ";";  // not representable in XML 1.0
        } else {
          out += c;
        }
    }
  }
}

}  // namespace

std::string WriteBif(const Network& network) {
  const size_t n = network.variables.size();
  std::set<std::string> taken_variables;
  std::vector<std::string> names(n);
  std::vector<std::vector<std::string>> states(n);
  for (size_t v = 0; v < n; ++v) {
    names[v] = BifWord(network.variables[v].name, WordKind::kVariable, taken_variables);
    std::set<std::string> taken_states;
    for (const std::string& s : network.variables[v].states) states[v].push_back(BifWord(s, WordKind::kState, taken_states));
  }
  std::set<std::string> unused;
  std::string out = "network " + BifWord(network.name.empty() ? "unknown" : network.name, WordKind::kVariable, unused) + " {\n}\n";
  for (size_t v = 0; v < n; ++v) {
    out += "variable " + names[v] + " {\n  type discrete [ " + std::to_string(states[v].size()) + " ] { ";
    for (size_t s = 0; s < states[v].size(); ++s) out += (s ? ", " : "") + states[v][s];
    out += " };\n}\n";
  }
  for (size_t v = 0; v < n; ++v) {
    const Family& f = network.families[v];
    const size_t k = states[v].size();
    out += "probability ( " + names[v];
    for (size_t i = 0; i < f.parents.size(); ++i) {
      out += (i ? ", " : " | ") + names[static_cast<size_t>(f.parents[i])];
    }
    out += " ) {\n";
    if (f.parents.empty()) {
      out += "  table ";
      for (size_t x = 0; x < k; ++x) {
        if (x) out += ", ";
        AppendNumber(out, f.table[x]);
      }
      out += ";\n}\n";
      continue;
    }
    // One row per parent assignment, the last parent fastest (the table's own column order).
    std::vector<size_t> assignment(f.parents.size(), 0);
    const size_t columns = f.table.size() / k;
    for (size_t c = 0; c < columns; ++c) {
      out += "  (";
      for (size_t i = 0; i < f.parents.size(); ++i) {
        out += (i ? ", " : "") + states[static_cast<size_t>(f.parents[i])][assignment[i]];
      }
      out += ")";
      for (size_t x = 0; x < k; ++x) {
        out += x ? ", " : " ";
        AppendNumber(out, f.table[c * k + x]);
      }
      out += ";\n";
      for (size_t i = f.parents.size(); i-- > 0;) {
        if (++assignment[i] < states[static_cast<size_t>(f.parents[i])].size()) break;
        assignment[i] = 0;
      }
    }
    out += "}\n";
  }
  return out;
}

std::string WriteXmlBif(const Network& network) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<BIF VERSION=\"0.3\">\n<NETWORK>\n<NAME>";
  AppendXmlEscaped(out, network.name.empty() ? "unknown" : network.name);
  out += "</NAME>\n";
  for (const Variable& v : network.variables) {
    out += "<VARIABLE TYPE=\"nature\">\n  <NAME>";
    AppendXmlEscaped(out, v.name);
    out += "</NAME>\n";
    for (const std::string& s : v.states) {
      out += "  <OUTCOME>";
      AppendXmlEscaped(out, s);
      out += "</OUTCOME>\n";
    }
    out += "</VARIABLE>\n";
  }
  for (const Family& f : network.families) {
    out += "<DEFINITION>\n  <FOR>";
    AppendXmlEscaped(out, network.variables[static_cast<size_t>(f.child)].name);
    out += "</FOR>\n";
    for (int p : f.parents) {
      out += "  <GIVEN>";
      AppendXmlEscaped(out, network.variables[static_cast<size_t>(p)].name);
      out += "</GIVEN>\n";
    }
    out += "  <TABLE>";
    for (size_t i = 0; i < f.table.size(); ++i) {
      if (i) out += ' ';
      AppendNumber(out, f.table[i]);
    }
    out += "</TABLE>\n</DEFINITION>\n";
  }
  out += "</NETWORK>\n</BIF>\n";
  return out;
}

}  // namespace argraph
