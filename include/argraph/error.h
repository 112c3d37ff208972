// argraph::Error: a failure of the environment (I/O, database, Graphviz), never of the user's input.
// Problems in input files are Diagnostics (diagnostic.h) and never thrown. Error is caught once, in
// main, which prints what() and exits with the code it carries.
#pragma once

#include <stdexcept>
#include <string>

namespace argraph {

/// Exit codes of the argraph executable (DESIGN.md section 6). Never renumber.
enum class ExitCode : int {
  kSuccess = 0,      ///< ran, and the input had no errors
  kInputErrors = 1,  ///< the input had errors (they were printed)
  kUsage = 2,        ///< bad command-line usage, or a file that cannot be read
};

/// A failure of the environment. The message says what failed, where, and what to do.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ExitCode code = ExitCode::kUsage)
      : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

}  // namespace argraph
