// Model-level checks (validate.h). Every check is linear in the size of the model (hash look-ups, one
// graph pass), so a 100,000-claim argument validates quickly; suggestions ("did you mean") cost a scan
// of every id, so only the first few unknown names get one.
#include "argraph/validate.h"

#include <sstream>
#include <unordered_set>

#include "argraph/claim_lookup.h"
#include "argraph/graph.h"
#include "argraph/parameters.h"

namespace argraph {
namespace {

constexpr int kMaxSuggestions = 20;  ///< unknown names that get a "did you mean"
constexpr size_t kMaxTableParents = 20;
constexpr size_t kMaxCyclePath = 12;  ///< longer cycles are shown shortened

class Validator {
 public:
  Validator(const Argument& argument, Diagnostics& diagnostics, bool allow_cycles)
      : argument_(argument), diagnostics_(diagnostics), allow_cycles_(allow_cycles), lookup_(argument) {}

  void Run();

 private:
  void CheckClaim(const Claim& claim, int index);
  void CheckTable(const Claim& claim);
  void CheckCycles();
  void CheckProfiles();
  void CheckObjections();
  /// "unknown claim 'x'" with the nearest ids while suggestions last.
  std::string UnknownClaim(const std::string& id);
  /// The claim declared first with this id, or -1.
  int Index(std::string_view id) const {
    return lookup_.Index(id);
  }
  bool Known(std::string_view id) const { return Index(id) >= 0; }
  /// Every distinct id in model order: the candidates of a suggestion, built at the first one.
  const std::vector<std::string>& Ids();
  /// True when no claim depends on itself, by peeling claims whose parents are all peeled (Kahn's
  /// algorithm over the resolved links CheckClaim recorded): linear, and no graph is built in the
  /// common acyclic case.
  bool Acyclic() const;

  const Argument& argument_;
  Diagnostics& diagnostics_;
  bool allow_cycles_ = false;
  ClaimLookup lookup_;  ///< the first claim of each id
  std::vector<std::string> ids_;
  bool ids_built_ = false;
  int suggestions_left_ = kMaxSuggestions;
  // CheckClaim's per-claim sets, indexed by claim and valid where the stamp is the current claim's:
  // the first link from each parent, and the supporting or attacking parents.
  std::vector<std::pair<int, const Link*>> first_link_;
  std::vector<int> parent_stamp_;
  int stamp_ = 0;
  std::vector<std::pair<int, int>> edges_;  ///< (parent, child) of every resolved link, for Acyclic
};

std::string UnknownClaimMessage(const std::string& id, const std::vector<std::string>& ids, int& budget) {
  std::string message = "unknown claim '" + id + "'";
  if (budget > 0) {
    --budget;
    message += DidYouMean(id, ids);
  }
  return message;
}

std::string Assignment(const Claim& claim, size_t mask) {
  std::string out = "{";
  for (size_t i = 0; i < claim.from.size(); ++i) {
    if (i) out += ", ";
    out += claim.from[i].from + ((mask >> i) & 1u ? ": true" : ": false");
  }
  return out + "}";
}

void Validator::Run() {
  for (size_t i = 0; lookup_.has_duplicates() && i < argument_.claims.size(); ++i) {
    const Claim& claim = argument_.claims[i];
    const int first_index = Index(claim.id);
    if (first_index != static_cast<int>(i)) {
      const Claim& first = argument_.claims[static_cast<size_t>(first_index)];
      diagnostics_.Error(claim.location,
                         "claim '" + claim.id + "' is declared twice (first in " + first.location.file + " line " +
                             std::to_string(first.location.line) + ")",
                         "duplicate-id");
    }
  }
  first_link_.assign(argument_.claims.size(), {0, nullptr});
  parent_stamp_.assign(argument_.claims.size(), 0);
  size_t links = 0;
  for (const Claim& claim : argument_.claims) links += claim.from.size();
  edges_.reserve(links);
  for (size_t i = 0; i < argument_.claims.size(); ++i) CheckClaim(argument_.claims[i], static_cast<int>(i));
  if (!argument_.conclusion.empty() && !Known(argument_.conclusion)) {
    diagnostics_.Error(argument_.conclusion_location, "the conclusion is an " + UnknownClaim(argument_.conclusion),
                       "unknown-claim");
  }
  if (!allow_cycles_ && !Acyclic()) CheckCycles();
  CheckProfiles();
  CheckObjections();
}

std::string Validator::UnknownClaim(const std::string& id) {
  static const std::vector<std::string> kNone;
  return UnknownClaimMessage(id, suggestions_left_ > 0 ? Ids() : kNone, suggestions_left_);
}

const std::vector<std::string>& Validator::Ids() {
  if (!ids_built_) {
    ids_built_ = true;
    ids_.reserve(argument_.claims.size());
    for (size_t i = 0; i < argument_.claims.size(); ++i) {
      if (Index(argument_.claims[i].id) == static_cast<int>(i)) ids_.push_back(argument_.claims[i].id);
    }
  }
  return ids_;
}

bool Validator::Acyclic() const {
  const size_t n = argument_.claims.size();
  std::vector<int> unpeeled(n, 0);     // resolved links into each claim not yet peeled
  std::vector<size_t> start(n + 1, 0);  // children of each parent, in CSR form
  for (const auto& [parent, child] : edges_) ++start[static_cast<size_t>(parent) + 1];
  for (size_t v = 0; v < n; ++v) start[v + 1] += start[v];
  std::vector<int> children(start[n]);
  std::vector<size_t> fill(start.begin(), start.end() - 1);
  for (const auto& [parent, child] : edges_) {
    children[fill[static_cast<size_t>(parent)]++] = child;
    ++unpeeled[static_cast<size_t>(child)];
  }
  std::vector<int> ready;
  for (size_t v = 0; v < n; ++v) {
    if (unpeeled[v] == 0) ready.push_back(static_cast<int>(v));
  }
  size_t peeled = 0;
  while (!ready.empty()) {
    const auto v = static_cast<size_t>(ready.back());
    ready.pop_back();
    ++peeled;
    for (size_t e = start[v]; e < start[v + 1]; ++e) {
      if (--unpeeled[static_cast<size_t>(children[e])] == 0) ready.push_back(children[e]);
    }
  }
  return peeled == n;
}

void Validator::CheckClaim(const Claim& claim, int index) {
  if (claim.IsRoot() && !claim.credence) {
    diagnostics_.Error(claim.location,
                       "root claim '" + claim.id +
                           "' has no credence; give 'credence' (its prior probability) or 'from' (its reasons)",
                       "missing-credence");
  }
  ++stamp_;
  for (const Link& link : claim.from) {
    const int parent = Index(link.from);
    if (parent >= 0) edges_.emplace_back(parent, index);  // as ClaimGraph resolves links
    if (link.from.empty()) continue;
    if (parent < 0) {
      diagnostics_.Error(link.location, UnknownClaim(link.from), "unknown-claim");
      continue;
    }
    auto& [stamp, first] = first_link_[static_cast<size_t>(parent)];
    if (stamp == stamp_) {
      diagnostics_.Error(link.location,
                         "claim '" + claim.id + "' is linked twice to '" + link.from + "' (first on line " +
                             std::to_string(first->location.line) + "); merge the two links",
                         "duplicate-link");
      continue;
    }
    stamp = stamp_;
    first = &link;
    if (link.relation != Relation::kUndercuts) parent_stamp_[static_cast<size_t>(parent)] = stamp_;
  }
  for (const Link& link : claim.from) {
    if (link.relation != Relation::kUndercuts || link.from.empty()) continue;
    if (claim.rule != Rule::kAny && claim.rule != Rule::kLogistic) continue;
    if (link.link.empty()) {
      diagnostics_.Error(link.location,
                         std::string("an undercut of ") + (claim.rule == Rule::kAny ? "an 'any'" : "a 'logistic'") +
                             " claim must name the link it weakens: add 'link:' with one of the parents of '" +
                             claim.id + "'",
                         "undercut-link");
    } else if (const int named = Index(link.link); named < 0 || parent_stamp_[static_cast<size_t>(named)] != stamp_) {
      diagnostics_.Error(link.link_location,
                         "'" + link.link + "' is not a supporting or attacking parent of '" + claim.id +
                             "'; 'link' names the parent whose link the undercut weakens",
                         "undercut-link");
    }
  }
  if (claim.rule == Rule::kTable && !claim.IsRoot()) CheckTable(claim);
}

void Validator::CheckTable(const Claim& claim) {
  const size_t k = claim.from.size();
  if (k > kMaxTableParents) {
    diagnostics_.Error(claim.location,
                       "table claim '" + claim.id + "' has " + std::to_string(k) + " parents; a table takes at most " +
                           std::to_string(kMaxTableParents) + " (2^" + std::to_string(kMaxTableParents) +
                           " rows); use rule all, any or logistic",
                       "table-size");
    return;
  }
  // A table without rows is reported by the loader, which knows whether `table` was written; rows
  // cannot be matched to an unresolved parent.
  if (claim.table.empty()) return;
  for (const Link& link : claim.from) {
    if (link.from.empty()) return;
  }
  std::vector<int> row_of(size_t{1} << k, -1);
  for (size_t r = 0; r < claim.table.size(); ++r) {
    const TableRow& row = claim.table[r];
    size_t mask = 0;
    bool ok = row.when.size() == k;
    for (size_t i = 0; ok && i < k; ++i) {
      ok = row.when[i].first == claim.from[i].from;
      if (row.when[i].second) mask |= size_t{1} << i;
    }
    if (!ok) {
      diagnostics_.Error(row.location, "a row of table claim '" + claim.id + "' does not name its parents in 'from' order",
                         "table-row");
      continue;
    }
    if (row_of[mask] >= 0) {
      diagnostics_.Error(row.location,
                         "a second row for " + Assignment(claim, mask) + " (first on line " +
                             std::to_string(claim.table[static_cast<size_t>(row_of[mask])].location.line) + ")",
                         "table-row");
      continue;
    }
    row_of[mask] = static_cast<int>(r);
  }
  std::vector<size_t> missing;
  for (size_t mask = 0; mask < row_of.size(); ++mask) {
    if (row_of[mask] < 0) missing.push_back(mask);
  }
  if (missing.empty()) return;
  std::string message = "the table of '" + claim.id + "' has no row for ";
  for (size_t i = 0; i < missing.size() && i < 3; ++i) message += (i ? ", " : "") + Assignment(claim, missing[i]);
  if (missing.size() > 3) message += " and " + std::to_string(missing.size() - 3) + " more";
  message += "; it needs one row for each of the " + std::to_string(row_of.size()) + " assignments of its parents";
  diagnostics_.Error(claim.location, message, "table-incomplete");
}

void Validator::CheckCycles() {
  ClaimGraph graph(argument_);
  for (const std::vector<int>& cycle : graph.Cycles()) {
    // Long cycles are shortened to their first claims and the last step: the message stays one line.
    std::string path;
    for (size_t i = 0; i < cycle.size(); ++i) {
      if (cycle.size() > kMaxCyclePath && i == kMaxCyclePath - 2) {
        path += " -> ... (" + std::to_string(cycle.size() - kMaxCyclePath) + " more)";
        i = cycle.size() - 2;
      }
      path += (i ? " -> " : "") + graph.Id(cycle[i]);
    }
    // Point at the link that closes the cycle: in the first claim's `from`, the entry naming the last.
    const Claim& first = argument_.claims[static_cast<size_t>(cycle.front())];
    const std::string& last = graph.Id(cycle[cycle.size() - 2]);
    SourceLocation where = first.location;
    for (const Link& link : first.from) {
      if (link.from == last) where = link.location;
    }
    if (cycle.size() == 2) {
      diagnostics_.Error(where, "claim '" + first.id + "' is linked from itself", "cycle");
    } else {
      diagnostics_.Error(where, "cycle: " + path + "; a claim cannot depend on itself", "cycle");
    }
  }
}

void Validator::CheckProfiles() {
  if (argument_.profiles.empty()) return;
  // SetParameter on a copy judges names and ranges exactly as applying the profile later will.
  Argument copy = argument_;
  const ClaimLookup lookup(copy);
  for (const Profile& profile : argument_.profiles) {
    for (size_t i = 0; i < profile.set.size(); ++i) {
      const SourceLocation& where = i < profile.set_locations.size() ? profile.set_locations[i] : profile.location;
      SetParameter(copy, lookup, profile.set[i].first, profile.set[i].second, diagnostics_, where);
    }
  }
}

void Validator::CheckObjections() {
  if (argument_.objections.empty()) return;
  std::unordered_set<std::string> names(Ids().begin(), Ids().end());
  std::vector<std::string> candidates = Ids();
  for (const Parameter& p : ListParameters(argument_)) {
    if (names.insert(p.name).second) candidates.push_back(p.name);
  }
  for (const Objection& objection : argument_.objections) {
    if (names.count(objection.target)) continue;
    std::string message = "an objection to '" + objection.target + "', which is neither a claim nor a parameter";
    if (suggestions_left_-- > 0) message += DidYouMean(objection.target, candidates);
    diagnostics_.Error(objection.location, message, "unknown-target");
  }
}

}  // namespace

void ValidateArgument(const Argument& argument, Diagnostics& diagnostics, bool allow_cycles) {
  Validator(argument, diagnostics, allow_cycles).Run();
}

}  // namespace argraph
