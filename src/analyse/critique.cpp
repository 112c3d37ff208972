// The critique rules of critique.h. Structural and credence rules read the model only; the
// probabilistic rules (critique_inference.cpp) compile the network once and reuse its propagations.
// Invariant: every rule adds findings only; the order is fixed once, at the end.
#include "argraph/critique.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "analyse/critique_rules.h"
#include "argraph/attack_graph.h"
#include "argraph/graph.h"

namespace argraph {

namespace {

Finding MakeFinding(Severity severity, const SourceLocation& where, std::string message, std::string rule,
                    std::string claim = {}, std::vector<std::pair<std::string, double>> numbers = {}) {
  return Finding{Diagnostic{where, severity, std::move(message), std::move(rule)}, std::move(claim),
                 std::move(numbers)};
}

int Sign(Relation r) { return r == Relation::kSupports ? 1 : -1; }

// support-and-attack: a direct link X -> T of one sign while X also reaches T, through another
// parent of T, along a path of the other sign (the product of the link signs on it).
using Children = std::vector<std::vector<std::pair<int, int>>>;  // per claim: (child, link sign)

Children ChildLinks(const Argument& arg, const std::unordered_map<std::string, int>& index) {
  Children children(arg.claims.size());
  for (size_t v = 0; v < arg.claims.size(); ++v) {
    for (const Link& link : arg.claims[v].from) {
      auto it = index.find(link.from);
      if (it != index.end()) {
        children[static_cast<size_t>(it->second)].push_back({static_cast<int>(v), Sign(link.relation)});
      }
    }
  }
  return children;
}

void BothWays(const Argument& arg, const std::unordered_map<std::string, int>& index, const Children& children,
              int t, std::vector<Finding>& out) {
  const Claim& target = arg.claims[static_cast<size_t>(t)];
  if (target.from.size() < 2) return;
  for (const Link& direct : target.from) {
    auto x = index.find(direct.from);
    if (x == index.end()) continue;
    // Signs with which X reaches each claim, not going through T.
    std::set<std::pair<int, int>> seen{{x->second, 1}};
    std::vector<std::pair<int, int>> stack{{x->second, 1}};
    while (!stack.empty()) {
      auto [v, sign] = stack.back();
      stack.pop_back();
      for (auto [child, s] : children[static_cast<size_t>(v)]) {
        if (child == t) continue;
        if (seen.insert({child, sign * s}).second) stack.push_back({child, sign * s});
      }
    }
    for (const Link& other : target.from) {
      auto p = index.find(other.from);
      if (&other == &direct || p == index.end() || p->second == x->second) continue;
      int needed = -Sign(direct.relation) * Sign(other.relation);
      if (!seen.count({p->second, needed})) continue;
      out.push_back(MakeFinding(
          Severity::kWarning, direct.location,
          fmt::format("'{}' {} '{}' directly but {} it through '{}'; say which way it bears", direct.from,
                      direct.relation == Relation::kSupports ? "supports" : "attacks", target.id,
                      direct.relation == Relation::kSupports ? "attacks" : "supports", other.from),
          "support-and-attack", target.id));
      break;
    }
  }
}

void StructureRules(const Argument& arg, const std::unordered_map<std::string, int>& index,
                    const CritiqueOptions& options, std::vector<Finding>& out) {
  const ClaimGraph graph(arg);
  const int conclusion = graph.Vertex(arg.conclusion);
  const std::vector<bool> feeds =
      conclusion >= 0 ? graph.Ancestors(conclusion) : std::vector<bool>(arg.claims.size(), true);
  const Children children = ChildLinks(arg, index);
  std::set<std::string> attacked;   // claims that something attacks or undercuts
  std::set<std::string> attackers;  // claims that attack or undercut something: the argument's rebuttals
  std::set<std::pair<std::string, std::string>> undercut_links;  // (target, link) pairs undercut
  for (const Claim& c : arg.claims) {
    for (const Link& link : c.from) {
      if (link.relation == Relation::kSupports) continue;
      attacked.insert(c.id);
      attackers.insert(link.from);
      if (link.relation == Relation::kUndercuts && !link.link.empty()) undercut_links.insert({c.id, link.link});
    }
  }
  std::map<std::string, const Source*> sources;
  for (const Source& s : arg.sources) sources[s.key] = &s;

  for (size_t i = 0; i < arg.claims.size(); ++i) {
    const Claim& c = arg.claims[i];
    if (!feeds[i] && c.import_alias.empty()) {
      out.push_back(MakeFinding(Severity::kWarning, c.location,
                                fmt::format("claim '{}' does not feed the conclusion '{}'; link it or remove it",
                                            c.id, arg.conclusion),
                                "unreachable-claim", c.id));
    }
    if (c.source.empty()) {
      out.push_back(MakeFinding(Severity::kWarning, c.location,
                                fmt::format("claim '{}' names no source; add `source:` and `quote:`", c.id),
                                "missing-source", c.id));
    } else if (c.quote.empty()) {
      out.push_back(MakeFinding(Severity::kNote, c.location,
                                fmt::format("claim '{}' has no quote from its source '{}'", c.id, c.source),
                                "missing-quote", c.id));
    } else if (options.read_file) {
      auto s = sources.find(c.source);
      if (s != sources.end() && !s->second->file.empty()) {
        std::filesystem::path file(s->second->file);
        if (file.is_relative()) {
          const std::string& declaring = s->second->location.file.empty() ? arg.path : s->second->location.file;
          file = std::filesystem::path(declaring).parent_path() / file;
        }
        std::optional<std::string> text = options.read_file(file.string());
        if (!text) {
          out.push_back(MakeFinding(Severity::kWarning, s->second->location,
                                    fmt::format("cannot read '{}', the text of source '{}'; quotes from it are "
                                                "not checked",
                                                file.string(), c.source),
                                    "source-file-unreadable", c.id));
          sources.erase(s);  // one finding per source
        } else if (!QuoteOccursIn(c.quote, *text)) {
          out.push_back(MakeFinding(Severity::kWarning, c.location,
                                    fmt::format("the quote of claim '{}' does not appear in '{}' (source '{}')",
                                                c.id, file.string(), c.source),
                                    "quote-not-found", c.id));
        }
      }
    }

    BothWays(arg, index, children, static_cast<int>(i), out);
    for (const Link& link : c.from) {
      // An attack on a rebuttal is the rebuttal's problem, not the argument's: only attacks on claims
      // that attack nothing themselves need an answer.
      if (link.relation != Relation::kSupports && !attacked.count(link.from) && !attackers.count(c.id) &&
          !undercut_links.count({c.id, link.from})) {
        out.push_back(MakeFinding(Severity::kWarning, link.location,
                                  fmt::format("'{}' {} '{}' and nothing in the argument answers it",
                                              link.from, RelationName(link.relation), c.id),
                                  "unanswered-attack", c.id));
      }
    }
  }
}

void CredenceRules(const Argument& arg, std::vector<Finding>& out) {
  for (const Claim& c : arg.claims) {
    if (!c.credence) continue;
    double p = *c.credence;
    if (p == 0.0 || p == 1.0) {
      out.push_back(MakeFinding(Severity::kWarning, c.location,
                                fmt::format("claim '{}' has credence {}: certainty that no evidence could move; "
                                            "say {} with an interval if you mean 'almost surely'",
                                            c.id, p, p == 0.0 ? "0.001" : "0.999"),
                                "certain-credence", c.id, {{"credence", p}}));
    } else if ((p > 0.99 || p < 0.01) && !c.interval) {
      out.push_back(MakeFinding(Severity::kWarning, c.location,
                                fmt::format("claim '{}' has the extreme credence {} without an interval; give "
                                            "`interval:` to say how sure you are of it",
                                            c.id, p),
                                "extreme-credence", c.id, {{"credence", p}}));
    }
  }
}

void DialogueRules(const Argument& arg, const std::unordered_map<std::string, int>& index,
                   const CritiqueOptions& options, std::vector<Finding>& out) {
  std::vector<const Objection*> all;
  for (const Objection& o : arg.objections) all.push_back(&o);
  for (const Objection& o : options.stored_objections) all.push_back(&o);
  for (const Objection* o : all) {
    SourceLocation where = o->location;
    auto it = index.find(o->target);
    if (where.file.empty() && it != index.end()) where = arg.claims[static_cast<size_t>(it->second)].location;
    std::string text = o->text;
    std::replace(text.begin(), text.end(), '\n', ' ');
    out.push_back(MakeFinding(Severity::kNote, where,
                              fmt::format("open objection to '{}'{}: {}", o->target,
                                          o->by.empty() ? "" : " by " + o->by, text),
                              "objection", it != index.end() ? o->target : ""));
  }

  AttackGraph graph = AttackGraphFromArgument(arg);
  if (graph.attacks.empty()) return;
  std::vector<Label> labels = GroundedLabelling(graph);
  size_t counts[3] = {0, 0, 0};
  std::string out_list, undec_list;
  for (size_t i = 0; i < labels.size(); ++i) {
    ++counts[static_cast<int>(labels[i])];
    std::string& list = labels[i] == Label::kOut ? out_list : undec_list;
    if (labels[i] != Label::kIn) list += (list.empty() ? "" : ", ") + graph.names[i];
  }
  auto c = index.find(arg.conclusion);
  std::string conclusion;
  SourceLocation where = arg.conclusion_location;
  if (c != index.end()) {
    conclusion = fmt::format("; the conclusion '{}' is {}", arg.conclusion,
                             LabelName(labels[static_cast<size_t>(c->second)]));
    if (where.file.empty()) where = arg.claims[static_cast<size_t>(c->second)].location;
  }
  out.push_back(MakeFinding(
      Severity::kNote, where,
      fmt::format("grounded labelling of the attack graph: {} IN, {} OUT, {} UNDEC{}{}{}", counts[0], counts[1],
                  counts[2], conclusion, out_list.empty() ? "" : "; OUT: " + out_list,
                  undec_list.empty() ? "" : "; UNDEC: " + undec_list),
      "grounded-labelling", "",
      {{"in", static_cast<double>(counts[0])},
       {"out", static_cast<double>(counts[1])},
       {"undec", static_cast<double>(counts[2])}}));
}

// UTF-8 sequences folded by NormalizeQuoteText.
struct Fold {
  const char* from;
  const char* to;
};
constexpr Fold kFolds[] = {
    {"\xE2\x80\x98", "'"},  {"\xE2\x80\x99", "'"},  {"\xE2\x80\x9A", "'"}, {"\xE2\x80\x9B", "'"},
    {"\xE2\x80\x9C", "\""}, {"\xE2\x80\x9D", "\""}, {"\xE2\x80\x9E", "\""}, {"\xE2\x80\x9F", "\""},
    {"\xE2\x80\x93", "-"},  {"\xE2\x80\x94", "-"},  {"\xE2\x80\xA6", "..."}, {"\xC2\xA0", " "},
};

}  // namespace

std::string NormalizeQuoteText(const std::string& text) {
  std::string folded;
  folded.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    bool matched = false;
    for (const Fold& f : kFolds) {
      size_t n = std::char_traits<char>::length(f.from);
      if (text.compare(i, n, f.from) == 0) {
        folded += f.to;
        i += n;
        matched = true;
        break;
      }
    }
    if (!matched) folded += text[i++];
  }
  std::string out;
  bool space = false;
  for (char ch : folded) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

bool QuoteOccursIn(const std::string& quote, const std::string& source) {
  const std::string q = NormalizeQuoteText(quote);
  const std::string s = NormalizeQuoteText(source);
  size_t at = 0, start = 0;
  while (start <= q.size()) {
    size_t stop = q.find("...", start);
    std::string piece = NormalizeQuoteText(q.substr(start, stop == std::string::npos ? std::string::npos
                                                                                      : stop - start));
    if (!piece.empty()) {
      size_t found = s.find(piece, at);
      if (found == std::string::npos) return false;
      at = found + piece.size();
    }
    if (stop == std::string::npos) break;
    start = stop + 3;
  }
  return true;
}

std::vector<Finding> CritiqueArgument(const Argument& argument, const CritiqueOptions& options) {
  std::vector<Finding> out;
  std::unordered_map<std::string, int> index;
  for (size_t i = 0; i < argument.claims.size(); ++i) index.emplace(argument.claims[i].id, static_cast<int>(i));
  StructureRules(argument, index, options, out);
  CredenceRules(argument, out);
  critique::InferenceRules(argument, options, out);
  DialogueRules(argument, index, options, out);
  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    const Diagnostic& x = a.diagnostic;
    const Diagnostic& y = b.diagnostic;
    if (x.severity != y.severity) return x.severity < y.severity;
    if (x.location.file != y.location.file) return x.location.file < y.location.file;
    if (x.location.line != y.location.line) return x.location.line < y.location.line;
    return x.location.column < y.location.column;
  });
  return out;
}

}  // namespace argraph
