// Named parameters of an argument: listing, look-up by name, and setting values in the model.
// Invariant: ListParameters and SetParameter agree on names — every listed name can be set, and a
// name that cannot be listed cannot be set.
#include "argraph/parameters.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace argraph {
namespace {

/// The parameters of one claim's factor, in a fixed order: its own, then one per link.
void ClaimParameters(const Claim& claim, std::vector<Parameter>& out) {
  // Each parameter is built where it lies in `out` (no temporary moved in, three strings each).
  auto own = [&](ParameterKind kind, double value) {
    Parameter& p = out.emplace_back();
    p.name = ParameterName(kind, claim.id);
    p.kind = kind;
    p.claim = claim.id;
    p.value = value;
    return &p;
  };
  if (claim.IsRoot()) {
    own(ParameterKind::kCredence, claim.credence.value_or(0.5))->interval = claim.interval;
    return;
  }
  switch (claim.rule) {
    case Rule::kAll: own(ParameterKind::kReliability, claim.reliability.value_or(1.0)); break;
    case Rule::kAny: own(ParameterKind::kLeak, claim.leak.value_or(0.0)); break;
    case Rule::kLogistic: own(ParameterKind::kBase, claim.base.value_or(0.5)); break;
    case Rule::kTable:
      for (size_t r = 0; r < claim.table.size(); ++r) {
        Parameter& p = out.emplace_back();
        p.name = TableRowName(claim, r);
        p.kind = ParameterKind::kTableRow;
        p.claim = claim.id;
        p.row = static_cast<int>(r);
        p.value = claim.table[r].probability;
      }
      return;  // a table's links carry no numbers of their own
  }
  for (const Link& link : claim.from) {
    const bool weighted = claim.rule == Rule::kLogistic && link.relation != Relation::kUndercuts;
    Parameter& p = out.emplace_back();
    p.kind = weighted ? ParameterKind::kWeight : ParameterKind::kStrength;
    p.name = ParameterName(p.kind, claim.id, link.from);
    p.claim = claim.id;
    p.from = link.from;
    p.value = weighted ? link.weight.value_or(0.0) : link.strength.value_or(1.0);
  }
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

/// Every claim id that could own a parameter called `name`: a parameter of claim C is named C, C.suffix,
/// C[...] or X->C, so C is the name, a prefix of it ending before '.' or '[', or what follows a "->".
std::vector<std::string_view> PossibleOwners(std::string_view name) {
  std::vector<std::string_view> owners{name};
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '.' || name[i] == '[') owners.push_back(name.substr(0, i));
    if (name.compare(i, 2, "->") == 0) owners.push_back(name.substr(i + 2));
  }
  return owners;
}

/// The parameter of `claim` called `name`, if it has one.
std::optional<Parameter> ParameterOf(const Claim& claim, std::string_view name) {
  std::vector<Parameter> own;
  ClaimParameters(claim, own);
  for (Parameter& p : own) {
    if (p.name == name) return std::move(p);
  }
  return std::nullopt;
}

std::string FormatValue(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

std::string ParameterName(ParameterKind kind, std::string_view claim, std::string_view from) {
  std::string name;
  switch (kind) {
    case ParameterKind::kCredence:
    case ParameterKind::kTableRow: return std::string(claim);
    case ParameterKind::kReliability: return std::string(claim) + ".reliability";
    case ParameterKind::kLeak: return std::string(claim) + ".leak";
    case ParameterKind::kBase: return std::string(claim) + ".base";
    case ParameterKind::kStrength:
    case ParameterKind::kWeight:
      name.reserve(from.size() + 2 + claim.size());
      return name.append(from).append("->").append(claim);
  }
  return name;
}

std::string TableRowName(const Claim& claim, size_t row) {
  const TableRow& r = claim.table[row];
  std::string name = claim.id + "[";
  for (size_t i = 0; i < r.when.size(); ++i) {
    if (i) name += ",";
    name += r.when[i].first + (r.when[i].second ? "=1" : "=0");
  }
  return name + "]";
}

std::vector<Parameter> ListParameters(const Argument& argument) {
  std::vector<Parameter> out;
  size_t count = 0;  // as ClaimParameters lists them: no Parameter is moved while the list grows
  for (const Claim& claim : argument.claims) {
    count += claim.IsRoot() ? 1 : claim.rule == Rule::kTable ? claim.table.size() : 1 + claim.from.size();
  }
  out.reserve(count);
  for (const Claim& claim : argument.claims) ClaimParameters(claim, out);
  return out;
}

std::optional<Parameter> FindParameter(const Argument& argument, std::string_view name) {
  const std::vector<std::string_view> owners = PossibleOwners(name);
  for (const Claim& claim : argument.claims) {
    if (std::find(owners.begin(), owners.end(), claim.id) == owners.end()) continue;
    if (auto p = ParameterOf(claim, name)) return p;
  }
  return std::nullopt;
}

std::optional<Parameter> FindParameter(const Argument& argument, const ClaimLookup& lookup, std::string_view name) {
  if (lookup.has_duplicates()) return FindParameter(argument, name);
  std::vector<int> candidates;
  for (std::string_view owner : PossibleOwners(name)) {
    const int i = lookup.Index(owner);
    if (i >= 0) candidates.push_back(i);
  }
  std::sort(candidates.begin(), candidates.end());  // the first claim in file order wins, as above
  for (int i : candidates) {
    if (auto p = ParameterOf(argument.claims[static_cast<size_t>(i)], name)) return p;
  }
  return std::nullopt;
}

std::vector<std::string> NearestNames(std::string_view name, const std::vector<std::string>& candidates,
                                      size_t count) {
  std::vector<std::pair<size_t, std::string>> scored;
  const size_t limit = std::max<size_t>(2, name.size() / 3);
  for (const std::string& c : candidates) {
    size_t d = EditDistance(name, c);
    if (d <= limit && d > 0) scored.emplace_back(d, c);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && out.size() < count; ++i) out.push_back(scored[i].second);
  return out;
}

std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates) {
  std::vector<std::string> near = NearestNames(name, candidates);
  if (near.empty()) return "";
  std::string out = "; did you mean ";
  for (size_t i = 0; i < near.size(); ++i) {
    if (i) out += i + 1 == near.size() ? " or " : ", ";
    out += "'" + near[i] + "'";
  }
  return out + "?";
}

namespace {

/// Sets the parameter `found` (looked up by `name`) to `value` in the claim at `claim_index` (the first
/// claim with the parameter's claim id), or reports why not.
bool SetFound(Argument& argument, const std::optional<Parameter>& found, int claim_index, std::string_view name,
              double value, Diagnostics& diagnostics, const SourceLocation& where) {
  if (!found) {
    std::vector<std::string> names;
    for (const Parameter& p : ListParameters(argument)) names.push_back(p.name);
    diagnostics.Error(where, "unknown parameter '" + std::string(name) + "'" + DidYouMean(name, names),
                      "unknown-parameter");
    return false;
  }
  const Parameter& p = *found;
  if (!std::isfinite(value) || (p.IsProbability() && (value < 0 || value > 1))) {
    diagnostics.Error(where,
                      "value " + FormatValue(value) + " for '" + p.name + "' is " +
                          (p.IsProbability() ? "outside [0,1]" : "not a finite log-odds weight"),
                      "parameter-range");
    return false;
  }
  Claim* claim = &argument.claims[static_cast<size_t>(claim_index)];
  switch (p.kind) {
    case ParameterKind::kCredence: claim->credence = value; break;
    case ParameterKind::kReliability: claim->reliability = value; break;
    case ParameterKind::kLeak: claim->leak = value; break;
    case ParameterKind::kBase: claim->base = value; break;
    case ParameterKind::kTableRow: claim->table[static_cast<size_t>(p.row)].probability = value; break;
    case ParameterKind::kStrength:
    case ParameterKind::kWeight:
      for (Link& link : claim->from) {
        if (link.from != p.from) continue;
        if (p.kind == ParameterKind::kWeight) {
          link.weight = value;
          link.lr.reset();  // the weight is now what the model says; lr = exp(weight) no longer written
        } else {
          link.strength = value;
        }
        break;
      }
      break;
  }
  return true;
}

}  // namespace

bool SetParameter(Argument& argument, std::string_view name, double value, Diagnostics& diagnostics,
                  const SourceLocation& where) {
  std::optional<Parameter> found = FindParameter(argument, name);
  const int claim = found ? argument.ClaimIndex(found->claim) : -1;
  return SetFound(argument, found, claim, name, value, diagnostics, where);
}

bool SetParameter(Argument& argument, const ClaimLookup& lookup, std::string_view name, double value,
                  Diagnostics& diagnostics, const SourceLocation& where) {
  std::optional<Parameter> found = FindParameter(argument, lookup, name);
  const int claim = found ? lookup.Index(found->claim) : -1;
  return SetFound(argument, found, claim, name, value, diagnostics, where);
}

bool ApplyProfile(Argument& argument, std::string_view profile, Diagnostics& diagnostics) {
  const Profile* found = argument.FindProfile(profile);
  if (!found) {
    std::vector<std::string> names;
    for (const Profile& p : argument.profiles) names.push_back(p.name);
    std::string message = "unknown profile '" + std::string(profile) + "'";
    if (names.empty()) {
      message += "; the argument defines no profiles";
    } else {
      message += "; it defines ";
      for (size_t i = 0; i < names.size(); ++i) message += (i ? ", '" : "'") + names[i] + "'";
    }
    diagnostics.Error({argument.path, 0, 0}, message, "unknown-profile");
    return false;
  }
  const Profile copy = *found;  // SetParameter may not touch profiles, but keep the loop independent
  const ClaimLookup lookup(argument);  // setting values renames no claim: valid for the whole loop
  bool ok = true;
  for (const auto& [name, value] : copy.set) {
    ok = SetParameter(argument, lookup, name, value, diagnostics, copy.location) && ok;
  }
  return ok;
}

}  // namespace argraph
