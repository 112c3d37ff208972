// The argument model: claims, the links between them, profiles and objections, each with the place in
// the file it came from. It is what the loader builds (load.h) and what every later stage reads.
//
// Invariants of a model returned by Load without errors:
//  (1) claim ids are unique and fully qualified: an imported claim's id is "ALIAS.id"
//      (nested imports "a.b.id"); a file reached twice is one set of claims, under its first alias;
//  (2) every Link::from and Link::link names a claim of this model; the claim graph is acyclic;
//  (3) every probability (credence, interval ends, strength, reliability, leak, base, table row) is a
//      finite number in [0,1]; weights are finite log-odds (natural log);
//  (4) a root claim (no `from`) has a credence; a `table` claim has one row per parent assignment.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "argraph/diagnostic.h"

namespace argraph {

/// How a derived claim combines its parents (DESIGN.md section 3). Stored in files by name.
enum class Rule { kAll, kAny, kLogistic, kTable };
/// How a link bears on its target.
enum class Relation { kSupports, kAttacks, kUndercuts };

const char* RuleName(Rule rule);          ///< "all", "any", "logistic", "table"
const char* RelationName(Relation rel);   ///< "supports", "attacks", "undercuts"

/// One entry of a claim's `from` list: the parent `from` bears on the claim that owns the link.
struct Link {
  std::string from;                ///< parent claim id (fully qualified); "" when the file's reference
                                   ///< could not be resolved (always reported by the loader)
  Relation relation = Relation::kSupports;
  std::optional<double> strength;  ///< probability; all/any (and undercuts); absent = 1
  std::optional<double> weight;    ///< log-odds; logistic only (`lr: k` is stored as weight ln k)
  std::optional<double> lr;        ///< the likelihood ratio as written, when the file used `lr`
  std::string link;                ///< undercuts of any/logistic claims: the parent whose link it weakens
  SourceLocation location;         ///< of the link's `claim:` value
  SourceLocation link_location{};  ///< of the `link:` value, when given
};

/// One row of a `table` claim: a complete assignment of its parents and P(claim = true) under it.
struct TableRow {
  std::vector<std::pair<std::string, bool>> when;  ///< (parent id, value), in the claim's `from` order
  double probability = 0.5;                        ///< P(claim = true | when)
  SourceLocation location;
};

struct Claim {
  std::string id;      ///< fully qualified, e.g. "ruin.central-result"
  std::string text;
  std::string source;  ///< key into Argument::sources of the file that declared the claim
  std::string quote;
  std::optional<double> credence;                   ///< root: prior P(true); derived: stated, checked only
  std::optional<std::pair<double, double>> interval;  ///< 90% credible interval of the credence
  Rule rule = Rule::kAll;
  std::optional<double> reliability;  ///< all: P(claim | all premises hold, no attack); absent = 1
  std::optional<double> leak;         ///< any: P(claim | no support holds, no attack); absent = 0
  std::optional<double> base;         ///< logistic: P(claim) with no parent true; absent = 0.5
  std::vector<Link> from;
  std::vector<TableRow> table;
  std::string import_alias;  ///< "" for the root file's claims, else the alias chain ("ruin", "a.b")
  std::string file;          ///< the file that declared the claim
  SourceLocation location;   ///< of the claim's key

  bool IsRoot() const { return from.empty(); }
};

struct Source {
  std::string key;
  std::string title;
  std::string author;
  std::optional<int> year;
  std::string url;
  std::string file;  ///< optional path to the source's text (relative to the declaring file)
  SourceLocation location;
};

struct Import {
  std::string alias;
  std::string path;           ///< as written
  std::string resolved_path;  ///< relative to the importing file
  SourceLocation location;
};

/// A named set of parameter values (DESIGN.md section 2), e.g. one person's credences.
struct Profile {
  std::string name;
  std::string description;
  std::vector<std::pair<std::string, double>> set;  ///< (parameter name, value), in file order
  SourceLocation location;
  std::vector<SourceLocation> set_locations{};  ///< of each name in `set` (same order), when loaded
};

struct Objection {
  std::string target;  ///< a claim id or a parameter name
  std::string by;
  std::string text;
  SourceLocation location;
};

struct Argument {
  std::string format;  ///< "argraph/1"
  std::string id;
  std::string title;
  std::string path;  ///< the root file
  std::vector<Source> sources;   ///< of the root file and of every import (keys qualified by alias)
  std::vector<Import> imports;   ///< of the root file
  std::string conclusion;        ///< a claim id
  SourceLocation conclusion_location;
  std::vector<Claim> claims;     ///< imported claims first (in import order), then the root file's
  std::vector<Profile> profiles;
  std::vector<Objection> objections;

  /// The claim with this id, or nullptr.
  const Claim* FindClaim(std::string_view id) const;
  Claim* FindClaim(std::string_view id);
  /// The index of the claim in `claims`, or -1.
  int ClaimIndex(std::string_view id) const;
  const Profile* FindProfile(std::string_view name) const;
};

}  // namespace argraph
