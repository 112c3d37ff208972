// Loading argument files (YAML, format argraph/1) into the model. Only src/load sees yaml-cpp.
#pragma once

#include <memory>
#include <string>

#include "argraph/diagnostic.h"
#include "argraph/model.h"

namespace argraph {

struct LoadOptions {
  /// Largest file read, in bytes; larger files get a diagnostic instead of being parsed. Loading runs
  /// at 60-100 MB/s for block-structured files (the line scanner's path: generated files and most
  /// hand-written ones) and a few MB/s through yaml-cpp (bench/load_bench.cpp), so 32 MB (about
  /// 180,000 generated claims) bounds a load to about half a second, or ten seconds through yaml-cpp.
  size_t max_file_bytes = 32u << 20;
  /// Skip the cycle check: claims may then form cycles and model.h invariant (2) does not hold. Only
  /// the gradual semantics (`eval --semantics dfquad|qe|eb|mlp|hcat --allow-cycles`) evaluate such files.
  bool allow_cycles = false;
};

struct LoadResult {
  Argument argument;         ///< as much of the model as could be built (valid only without errors)
  Diagnostics diagnostics;   ///< every problem found, in file order
  SourceFiles sources;       ///< the texts read, for printing diagnostics
};

/// Loads `path` and its imports. Never throws for bad input: every problem is a diagnostic.
/// Throws Error only when `path` itself cannot be read.
LoadResult LoadArgumentFile(const std::string& path, const LoadOptions& options = {});

/// Loads an argument from text, as if read from `path` (imports resolved relative to it).
LoadResult LoadArgumentText(const std::string& path, const std::string& text,
                            const LoadOptions& options = {});

}  // namespace argraph
