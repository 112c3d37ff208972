// Running the built argraph executable (ARGRAPH_BINARY) from tests: arguments, extra environment, an
// optional user to run as (to test permissions when the tests run as root); stdout, stderr and the
// exit code come back.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "store/store_fixtures.h"

namespace argraph::testing {

struct RunResult {
  int code = -1;  ///< exit code, or 128 + signal
  std::string out;
  std::string err;
};

/// Runs argraph with `args` in `dir` (whose files receive its output), `env` added to the
/// environment, as user `uid` when >= 0 (root only).
inline RunResult RunArgraph(const TempDir& dir, const std::vector<std::string>& args,
                            const std::vector<std::pair<std::string, std::string>>& env = {},
                            int uid = -1) {
  static int counter = 0;
  const std::string stem = dir.File(".run" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  const std::string out_path = stem + ".out", err_path = stem + ".err";
  std::vector<std::string> argv_storage = {ARGRAPH_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (out < 0 || err < 0) _exit(126);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    setenv("NO_COLOR", "1", 1);
    if (uid >= 0 && (setgid(static_cast<gid_t>(uid)) != 0 || setuid(static_cast<uid_t>(uid)) != 0)) {
      _exit(125);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  RunResult result;
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid) {
    result.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  result.out = ReadBytes(out_path);
  result.err = ReadBytes(err_path);
  unlink(out_path.c_str());
  unlink(err_path.c_str());
  return result;
}

}  // namespace argraph::testing
