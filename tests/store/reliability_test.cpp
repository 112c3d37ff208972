// The store under stress, with real processes: an import killed with SIGKILL at random moments never
// damages the database and is either wholly there or wholly absent; writers running at the same time
// as a reader never lose a write and never see "database is locked".
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

#include "argraph/error.h"
#include "argraph/store.h"
#include "store/sqlite.h"
#include "store/store_fixtures.h"

using namespace argraph;
using argraph::testing::MakeArgument;
using argraph::testing::MakeRequest;
using argraph::testing::TempDir;

namespace {

std::int64_t Count(store::Connection& db, const char* sql, std::int64_t version_id) {
  store::Statement statement(db, sql);
  statement.Bind(1, version_id);
  REQUIRE(statement.Step());
  return statement.Int(0);
}

// Runs `body` in a child process; the child exits 0 when it returns, 1 (after printing why) when it
// throws.
template <typename Body>
pid_t Spawn(Body body) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int code = 0;
    try {
      body();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "child %d: %s\n", static_cast<int>(getpid()), e.what());
      code = 1;
    }
    std::fflush(nullptr);
    _exit(code);
  }
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return status;
}

}  // namespace

TEST_CASE("an import killed at random moments is wholly there or wholly absent", "[store][slow]") {
  TempDir dir;
  const std::string path = dir.File("kill.db");
  { Store::Open(path); }
  constexpr int kRoots = 600;
  constexpr int kRuns = 50;
  const std::string big_text(50000, 'x');  // the "file" stored with each version
  std::vector<Argument> arguments;  // built before forking, so a child only opens and imports
  for (int run = -1; run < kRuns; ++run) {
    arguments.push_back(MakeArgument("big", kRoots, "run " + std::to_string(run)));
  }
  auto import = [&](int run) {
    Store store = Store::Open(path);
    store.Import({MakeRequest(arguments[static_cast<size_t>(run + 1)], dir.File("big.yaml"),
                              big_text + std::to_string(run))});
  };
  // How long one whole import takes in a child, so the kills spread over all of it.
  const auto start = std::chrono::steady_clock::now();
  REQUIRE(Wait(Spawn([&] { import(-1); })) == 0);
  const auto whole = std::chrono::steady_clock::now() - start;
  const auto whole_us = std::chrono::duration_cast<std::chrono::microseconds>(whole).count();

  std::mt19937 random(20261127);
  std::uniform_int_distribution<long> delay_us(0, whole_us + whole_us / 4);
  int completed = 1, killed = 0, committed_then_killed = 0;
  for (int run = 0; run < kRuns; ++run) {
    const pid_t pid = Spawn([&] { import(run); });
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    kill(pid, SIGKILL);
    const int status = Wait(pid);
    if (WIFEXITED(status)) {
      REQUIRE(WEXITSTATUS(status) == 0);
      ++completed;
    } else {
      REQUIRE(WIFSIGNALED(status));
      ++killed;
    }

    store::Connection db(path, false);
    {
      store::Statement check(db, "PRAGMA integrity_check");
      REQUIRE(check.Step());
      REQUIRE(check.Text(0) == "ok");
    }
    store::Statement versions(db, "SELECT id, version FROM versions ORDER BY version");
    int expected_version = 1;
    while (versions.Step()) {
      const std::int64_t id = versions.Int(0);
      INFO("run " << run << ", version " << versions.Int(1));
      REQUIRE(versions.Int(1) == expected_version++);
      REQUIRE(Count(db, "SELECT count(*) FROM claims WHERE version_id = ?1", id) == kRoots + 1);
      REQUIRE(Count(db, "SELECT count(*) FROM links WHERE version_id = ?1", id) == kRoots);
      REQUIRE(Count(db, "SELECT count(*) FROM parameters WHERE version_id = ?1", id) == 2 * kRoots + 1);
      REQUIRE(Count(db, "SELECT count(*) FROM files WHERE version_id = ?1 AND length(text) > 50000",
                    id) == 1);
    }
    // Every import that finished is there; one that was killed may or may not have committed.
    const int stored = expected_version - 1;
    REQUIRE(stored >= completed);
    REQUIRE(stored <= completed + killed);
    committed_then_killed = stored - completed;
  }
  // The kills must have landed both before and after commits for the test to mean anything.
  CHECK(killed > 0);
  INFO("kill test: " << killed << " of " << kRuns << " imports killed (" << committed_then_killed
                     << " after their commit); one import took " << whole_us / 1000 << " ms");
}

TEST_CASE("two writers and a reader at once lose nothing and never fail", "[store][slow]") {
  TempDir dir;
  const std::string path = dir.File("busy.db");
  {
    Store store = Store::Open(path);
    const Argument argument = MakeArgument("bridge", 2);
    store.Import({MakeRequest(argument, dir.File("bridge.yaml"), "x")});
  }
  const auto duration = std::chrono::milliseconds(2500);
  constexpr int kMinWrites = 20;
  int pipes[2][2];
  auto writer = [&](int which) {
    close(pipes[which][0]);
    const std::string name = which == 0 ? "ana" : "ben";
    const auto start = std::chrono::steady_clock::now();
    int written = 0;
    // For `duration`, and on a busy machine on until kMinWrites (within a minute): the test is about
    // the interleaving, which needs a number of writes, not about speed.
    while ((std::chrono::steady_clock::now() < start + duration || written < kMinWrites) &&
           std::chrono::steady_clock::now() < start + std::chrono::seconds(60)) {
      // Each writer opens the store anew every time, as separate argraph commands would.
      Store store = Store::Open(path);
      store.SetProfileValues("bridge", name, {{"r0", written / 1e6}, {"r1", 0.5}}, name,
                             "write " + std::to_string(written));
      ++written;
    }
    if (write(pipes[which][1], &written, sizeof written) != sizeof written) throw Error("pipe");
  };
  REQUIRE(pipe(pipes[0]) == 0);
  REQUIRE(pipe(pipes[1]) == 0);
  const pid_t a = Spawn([&] { writer(0); });
  const pid_t b = Spawn([&] { writer(1); });
  const pid_t reader = Spawn([&] {
    const auto end = std::chrono::steady_clock::now() + duration;
    size_t last = 0;
    while (std::chrono::steady_clock::now() < end) {
      Store store = Store::Open(path);
      if (!store.HasProfile("bridge", "ana")) continue;
      const size_t seen = store.ProfileHistory("bridge", "ana", "r0").size();
      if (seen < last) throw Error("the history of 'ana' shrank");
      last = seen;
    }
  });
  close(pipes[0][1]);
  close(pipes[1][1]);
  const int status_a = Wait(a), status_b = Wait(b), status_reader = Wait(reader);
  CHECK(WIFEXITED(status_a));
  CHECK(WEXITSTATUS(status_a) == 0);
  CHECK(WEXITSTATUS(status_b) == 0);
  CHECK(WEXITSTATUS(status_reader) == 0);
  int written[2] = {0, 0};
  REQUIRE(read(pipes[0][0], &written[0], sizeof(int)) == sizeof(int));
  REQUIRE(read(pipes[1][0], &written[1], sizeof(int)) == sizeof(int));
  close(pipes[0][0]);
  close(pipes[1][0]);

  Store store = Store::Open(path);
  for (int which = 0; which < 2; ++which) {
    const std::string name = which == 0 ? "ana" : "ben";
    const auto history = store.ProfileHistory("bridge", name, "r0");
    REQUIRE(static_cast<int>(history.size()) == written[which]);
    for (int i = 0; i < written[which]; ++i) {
      REQUIRE(history[static_cast<size_t>(i)].note == "write " + std::to_string(i));
    }
    CHECK(store.ProfileHistory("bridge", name).size() == 2 * history.size());
  }
  CHECK(written[0] > 10);
  CHECK(written[1] > 10);
  INFO("concurrency test: " << written[0] << " and " << written[1] << " profile writes in 2.5 s");
}
