// Critique of an argument: what is wrong with it, as findings with a severity, a stable rule id, the
// place in the file, a one-line message and the numbers behind it (DESIGN.md section 5).
//
// Rules (id: severity):
//   structure   unreachable-claim: warning    a root-file claim that does not feed the conclusion
//               missing-source: warning        a claim that names no source
//               missing-quote: note            a claim with a source but no quote
//               quote-not-found: warning       the quote is not in the source's `file:` text
//                                              (whitespace, quote marks and dashes normalised; `...`
//                                              elides: the pieces must appear in order)
//               source-file-unreadable: warning  the source's `file:` cannot be read
//               unanswered-attack: warning     an attack or undercut nothing in the argument answers
//                                              (attacks on claims that are themselves attackers, the
//                                              argument's rebuttals, are not reported)
//               support-and-attack: warning    a direct link of one sign from X to T while X also
//                                              reaches T through another parent with the other sign
//   credences   certain-credence: warning      a credence of exactly 0 or 1
//               extreme-credence: warning      above 0.99 or below 0.01 without an interval
//               wide-interval-crux: note       a top crux whose interval is wider than 0.5
//   coherence   incoherent-credence: warning   stated vs propagated credence beyond the tolerance,
//                                              with the premise moves (Jeffrey) that would reconcile them
//   conjunction conjunction-trap: warning      an `all` claim or chain far below every premise
//   counting    double-counting: warning       parents sharing premises: naive product vs exact
//   dialogue    objection: note                an objection (from the file or the store) on its target
//               grounded-labelling: note       the grounded labelling of the attack-only graph
// The probabilistic rules (wide-interval-crux, incoherent-credence, conjunction-trap, double-counting)
// need exact inference; they are skipped, with a note saying why, when the network cannot be built.
//
// Invariants: findings are ordered by severity (errors first), then by file position; every number
// is finite; credences and tolerances are probabilities.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "argraph/diagnostic.h"
#include "argraph/model.h"

namespace argraph {

struct Finding {
  Diagnostic diagnostic;  ///< location, severity, one-line message, rule id
  std::string claim;      ///< the claim it is about; "" for the argument as a whole
  std::vector<std::pair<std::string, double>> numbers;  ///< the numbers behind it, named
};

struct CritiqueOptions {
  double coherence_tolerance = 0.1;     ///< |stated − propagated| above which a credence is incoherent
  double conjunction_ratio = 0.75;      ///< trap when P(claim) ≤ ratio × the weakest premise
  int chain_length = 3;                 ///< single-premise `all` steps that make a chain
  double double_count_tolerance = 0.05; ///< |naive − exact| above which premises are double-counted
  double wide_interval = 0.5;           ///< interval width that is "wide"
  size_t top_cruxes = 3;                ///< how many root claims count as top cruxes
  /// Reads a source text by path (already resolved against the declaring file); nullopt when it
  /// cannot be read. Unset: the quote rule is skipped (the analysis itself does no I/O).
  std::function<std::optional<std::string>(const std::string& path)> read_file;
  std::vector<Objection> stored_objections;  ///< objections from the store, reported like the file's
};

/// Every finding on `argument` (a model loaded without errors).
std::vector<Finding> CritiqueArgument(const Argument& argument, const CritiqueOptions& options = {});

/// `text` with whitespace runs collapsed to one space, curly quotes made straight, dashes made `-`,
/// and the ellipsis character spelled `...`: the form in which quotes are compared.
std::string NormalizeQuoteText(const std::string& text);

/// True when `quote` occurs in `source` after normalisation; a `...` in the quote elides: its pieces
/// must occur in order.
bool QuoteOccursIn(const std::string& quote, const std::string& source);

}  // namespace argraph
