// Model-level checks of an argument: what can only be judged once every file is read and every name
// resolved. The loader runs them (load.h); any other producer of an Argument (the store, an importer)
// should run them too before compiling the model.
#pragma once

#include "argraph/diagnostic.h"
#include "argraph/model.h"

namespace argraph {

/// Reports, as errors at the offending place: duplicate claim ids, links from unknown claims, a claim
/// linked twice to the same parent, undercuts of any/logistic claims without a valid `link`, root
/// claims without a credence, incomplete or repeated table rows, cycles (with their path), an unknown
/// conclusion, profiles setting unknown parameters or values out of range, objections to unknown
/// targets. Links whose `from` is empty (unresolved, already reported) are skipped. With `allow_cycles`
/// cycles are not reported (LoadOptions::allow_cycles).
void ValidateArgument(const Argument& argument, Diagnostics& diagnostics, bool allow_cycles = false);

}  // namespace argraph
