// The attack-only view of an argument (a Dung abstract argumentation framework): one argument per
// claim, one attack per `attacks` or `undercuts` link (an undercut attacks the claim it is aimed at);
// supports are dropped. Its grounded labelling, and its export in the ICCMA formats for external solvers.
//
// Invariants: names[i] is claim i's id (claim order); every attack (from, to) indexes names; an
// attack appears once however many links express it. Grounded labelling: IN exactly when every
// attacker is OUT, OUT exactly when some attacker is IN, UNDEC otherwise, and IN is the least fixpoint
// (the grounded extension).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "argraph/model.h"

namespace argraph {

struct AttackGraph {
  std::vector<std::string> names;
  std::vector<std::pair<int, int>> attacks;  ///< (attacker, attacked), sorted, no duplicates
};

/// The attack graph of an argument (links naming unknown claims are skipped).
AttackGraph AttackGraphFromArgument(const Argument& argument);

enum class Label { kIn, kOut, kUndec };
const char* LabelName(Label label);  ///< "IN", "OUT", "UNDEC"

/// The grounded labelling, one label per argument.
std::vector<Label> GroundedLabelling(const AttackGraph& graph);

enum class IccmaFormat { kApx, kTgf, kI23 };

/// The format named by a file's extension (".apx", ".tgf", ".i23"); false for any other.
bool IccmaFormatFromPath(const std::string& path, IccmaFormat& format);

/// The graph in an ICCMA format. apx: `arg(aN).` / `att(aI,aJ).` with `% aN claim-id` comments (claim
/// ids are not valid Prolog atoms); tgf: claim ids, `#`, then `FROM TO` lines; i23: `p af N`, then
/// 1-based `I J` lines, with `# N claim-id` comments.
std::string WriteIccma(const AttackGraph& graph, IccmaFormat format);

}  // namespace argraph
