// Runs the argraph executable from the test executable, in the source directory (so file names in its
// output are the relative ones the fixtures use), and captures what it prints. For CLI tests.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace argraph::testing {

struct CliResult {
  int status = -1;   ///< exit code, or -1 when the process did not exit normally
  std::string out;   ///< stdout (stderr too when asked)
};

/// Runs the shell text `command` from the source directory and captures its stdout.
inline CliResult RunShell(const std::string& command) {
  CliResult result;
  FILE* pipe = popen((std::string("cd '") + ARGRAPH_SOURCE_DIR + "' && " + command).c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

/// Runs `argraph ARGS` (ARGS is shell text) from the source directory. With `merge_stderr`, stderr is
/// captured into `out` too; otherwise it goes to /dev/null.
inline CliResult RunArgraph(const std::string& args, bool merge_stderr = false) {
  return RunShell(std::string("'") + ARGRAPH_BINARY + "' " + args + (merge_stderr ? " 2>&1" : " 2>/dev/null"));
}

}  // namespace argraph::testing
