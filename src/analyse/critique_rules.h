// Internal to the critique: the rules that need exact inference, kept apart from the model-only rules
// of critique.cpp because they compile the argument into a network.
#pragma once

#include <vector>

#include "argraph/critique.h"

namespace argraph::critique {

/// Adds the findings of wide-interval-crux, incoherent-credence, conjunction-trap and double-counting.
void InferenceRules(const Argument& argument, const CritiqueOptions& options, std::vector<Finding>& out);

}  // namespace argraph::critique
