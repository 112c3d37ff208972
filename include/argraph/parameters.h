// Named parameters of an argument (DESIGN.md section 2): the numbers that --set, profiles and every
// analysis refer to.
//   ID              a root claim's credence (probability)
//   ID.reliability  ID.leak  ID.base   (probabilities)
//   FROM->TO        a link's strength (probability) or, for logistic claims, its weight (log-odds)
//   ID[a=1,b=0]     a table row: P(ID = true | a, b) with parents named in `from` order (probability)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "argraph/claim_lookup.h"
#include "argraph/diagnostic.h"
#include "argraph/model.h"

namespace argraph {

enum class ParameterKind {
  kCredence,     ///< root credence, probability
  kReliability,  ///< probability
  kLeak,         ///< probability
  kBase,         ///< probability
  kStrength,     ///< link strength, probability
  kWeight,       ///< logistic link weight, natural log-odds (unbounded)
  kTableRow,     ///< probability
};

struct Parameter {
  std::string name;
  ParameterKind kind = ParameterKind::kCredence;
  std::string claim;  ///< the claim whose factor the parameter belongs to (the link's target for links)
  std::string from;   ///< links: the parent; empty otherwise
  int row = -1;       ///< table rows: index into Claim::table
  double value = 0;   ///< current value (defaults applied: strength 1, reliability 1, leak 0, base 0.5)
  std::optional<std::pair<double, double>> interval;  ///< given in the file (credences only)

  bool IsProbability() const { return kind != ParameterKind::kWeight; }
};

/// Every parameter of the argument, in claim order (each claim's own parameters, then its links).
std::vector<Parameter> ListParameters(const Argument& argument);

/// The name of a parameter of claim `claim` that is not a table row: the claim's id (credence), the id
/// with ".reliability", ".leak" or ".base", or "FROM->ID" (strength, weight; `from` unused otherwise).
std::string ParameterName(ParameterKind kind, std::string_view claim, std::string_view from = {});
/// The name of row `row` of a table claim: "ID[a=1,b=0]".
std::string TableRowName(const Claim& claim, size_t row);

/// The parameter called `name`, or nullopt. One pass over the claims comparing ids.
std::optional<Parameter> FindParameter(const Argument& argument, std::string_view name);
/// The same through `lookup` (built on `argument`), in time independent of the number of claims.
std::optional<Parameter> FindParameter(const Argument& argument, const ClaimLookup& lookup, std::string_view name);

/// Sets `name` to `value` in the model. Returns false (and adds a diagnostic at `where`, with the
/// closest names as a suggestion) when there is no such parameter or the value is out of range.
bool SetParameter(Argument& argument, std::string_view name, double value, Diagnostics& diagnostics,
                  const SourceLocation& where = {});
/// The same through `lookup` (built on `argument`; setting a value keeps it valid), for many names.
bool SetParameter(Argument& argument, const ClaimLookup& lookup, std::string_view name, double value,
                  Diagnostics& diagnostics, const SourceLocation& where = {});

/// Applies every assignment of the named profile. False (with diagnostics) on an unknown profile or
/// parameter.
bool ApplyProfile(Argument& argument, std::string_view profile, Diagnostics& diagnostics);

/// Up to `count` parameter or claim names closest to `name` (edit distance), for "did you mean".
std::vector<std::string> NearestNames(std::string_view name, const std::vector<std::string>& candidates,
                                      size_t count = 3);

/// "; did you mean 'a', 'b' or 'c'?" naming NearestNames(name, candidates), or "" when none is near:
/// the suffix every "unknown ..." diagnostic ends with.
std::string DidYouMean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace argraph
