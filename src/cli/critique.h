// The critique as the command line runs it: `argraph critique FILE` (with --db, a stored argument and
// the store's open objections), `check --critique` and the report's critique section. Only this
// layer reads source texts from disk (for the quote rule); the analysis itself does no I/O.
#pragma once

#include <vector>

#include "argraph/critique.h"
#include "argraph/store.h"

namespace argraph::cli {

/// The critique of `argument`, reading the sources' `file:` texts from disk; `stored_objections` (from
/// the store) are reported like the file's own.
std::vector<Finding> CritiqueFromDisk(const Argument& argument, std::vector<Objection> stored_objections = {});

/// The open objections to `argument_id` kept in `store`, as the critique reports them: each text ends
/// with the objection's number, which `argraph db objection answer N` takes.
std::vector<Objection> StoredObjections(Store& store, const std::string& argument_id);

/// The findings as diagnostics (numbers dropped), for commands that print diagnostics.
Diagnostics FindingsAsDiagnostics(const std::vector<Finding>& findings);

}  // namespace argraph::cli
