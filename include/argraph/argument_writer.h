// Writing an argument model back as an argraph/1 YAML file, without a YAML library (only src/load sees
// yaml-cpp): every string is a double-quoted YAML scalar with escapes, every number the shortest text
// that reads back to the same double.
//
// Invariant: for a model m loaded without errors from file F, loading WriteArgumentYaml(m) saved as F
// gives m again (locations aside). Imported claims stay in their own files: the text holds the root
// file's part only (claims without an import alias; sources, profiles and objections declared in
// m.path or without a location) and its `imports`, whose paths are kept as written.
#pragma once

#include <string>

#include "argraph/model.h"

namespace argraph {

/// The argraph/1 YAML text of `argument` (see the invariant above).
std::string WriteArgumentYaml(const Argument& argument);

/// `text` as a double-quoted YAML scalar: "\"", "\\", control characters and the Unicode line breaks
/// (U+0085, U+2028, U+2029) escaped, other UTF-8 kept as it is.
std::string YamlQuoted(const std::string& text);

}  // namespace argraph
