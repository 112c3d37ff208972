// Bayesian-network interchange files: BIF (the text format of bnlearn, pgmpy and JavaBayes) and XMLBIF
// 0.3 (pgmpy, SamIam, GeNIe, Weka). Readers build an argraph::Network (network.h); writers turn a
// Network back into either format so that models open in those tools.
//
// Invariants:
//  (1) a NetworkLoadResult without errors holds a network that satisfies every invariant of network.h;
//      columns that summed to 1 only within 1e-6 were renormalised and a note says so;
//  (2) variables keep the order of their declarations in the file, states the order they were listed;
//  (3) read(write(n)) == n for every valid network n whose names can be written in BIF (see WriteBif;
//      always for XMLBIF), with every probability reproduced bit for bit.
//
// Table orders: a BIF row `(a, b) p1, p2;` gives one column; a BIF `table` lists the child's states
// slowest and the parents' assignment fastest (last parent fastest), as pgmpy and JavaBayes read it;
// an XMLBIF <TABLE> lists the child fastest, then the last <GIVEN>, which is network.h's own layout.
#pragma once

#include <string>

#include "argraph/diagnostic.h"
#include "argraph/network.h"

namespace argraph {

struct NetworkLoadResult {
  Network network;          ///< as much as could be built (valid only without errors)
  Diagnostics diagnostics;  ///< every problem found, with file:line:col
  SourceFiles sources;      ///< the text read, for printing diagnostics
};

/// True when `path` names a network file: it ends in .bif, .xmlbif or .xml (any letter case).
bool IsNetworkFile(const std::string& path);

/// Reads a .bif, .xmlbif or .xml file. Bad content becomes diagnostics; throws Error (exit 2) when
/// the file cannot be read or its extension is none of these.
NetworkLoadResult LoadNetworkFile(const std::string& path);

/// Parses BIF text as if read from `path`. Never throws for bad input.
NetworkLoadResult ReadBif(const std::string& path, const std::string& text);

/// Parses XMLBIF text as if read from `path`. Never throws for bad input.
NetworkLoadResult ReadXmlBif(const std::string& path, const std::string& text);

/// BIF text of a valid network: rows `(a, b) p, q;` for tables with parents, `table` for roots.
/// A variable name may hold letters, digits, '_' and '-' (what pgmpy reads), a state any printable
/// ASCII but {}()[];,|" and comment openers; every other character becomes '_' (with a suffix "_2",
/// ... if that makes two names equal); probabilities as the shortest text that reads back to the same double.
std::string WriteBif(const Network& network);

/// XMLBIF 0.3 text of a valid network, names XML-escaped; probabilities as in WriteBif.
std::string WriteXmlBif(const Network& network);

}  // namespace argraph
