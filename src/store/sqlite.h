// A thin RAII layer over the SQLite C API, private to src/store (the only folder that includes
// sqlite3.h). Connection owns a sqlite3*, Statement a prepared sqlite3_stmt*, Transaction one
// BEGIN IMMEDIATE ... COMMIT. Every failure throws argraph::Error with a message that names the
// database file and says what to do; "database is locked" never escapes (writers wait and retry).
//
// Invariants: SQL text is always a constant of the program; values from users are bound as
// parameters, never spliced into SQL. A Transaction that is destroyed without Commit() rolls back.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace argraph::store {

struct ConnectionCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};

class Connection;

/// Throws the Error for a file that is not an SQLite database.
[[noreturn]] void ThrowNotSqlite(const std::string& path);

/// One prepared statement. Bind parameters are 1-based, columns 0-based (as in SQLite).
class Statement {
 public:
  Statement(Connection& connection, std::string_view sql);

  /// Binds a value to parameter `index`; an empty optional binds NULL.
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const std::string& text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const std::optional<double>& value);
  Statement& BindNull(int index);

  /// Advances to the next row: true when there is one, false when done.
  bool Step();
  /// Steps to completion (for statements that return no rows).
  void Run();
  /// Resets the statement so it can run again, keeping no bindings.
  void Reset();

  std::int64_t Int(int column) const;
  double Real(int column) const;
  std::string Text(int column) const;
  bool IsNull(int column) const;
  std::optional<double> OptionalReal(int column) const;

 private:
  Connection& connection_;
  std::unique_ptr<sqlite3_stmt, StatementFinalizer> statement_;
};

/// An open database file.
class Connection {
 public:
  /// Opens `path` read-write, creating the file when `create` (its folder must exist). Throws Error.
  Connection(const std::string& path, bool create);

  sqlite3* handle() const { return db_.get(); }
  const std::string& path() const { return path_; }

  /// Runs constant SQL (pragmas, the schema), possibly several statements. Throws Error.
  void Execute(const char* sql);
  /// How long a writer waits for another process's write before giving up (then: a clear Error).
  std::chrono::milliseconds lock_wait() const { return lock_wait_; }
  void set_lock_wait(std::chrono::milliseconds wait);

  /// Throws the Error for result code `code` of the operation `what` (e.g. "reading versions").
  [[noreturn]] void Fail(int code, std::string_view what) const;

 private:
  std::string path_;
  std::unique_ptr<sqlite3, ConnectionCloser> db_;
  std::chrono::milliseconds lock_wait_{60000};
};

/// BEGIN IMMEDIATE on construction (waiting for other writers, retrying on SQLITE_BUSY),
/// ROLLBACK on destruction unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  /// Commits; afterwards the destructor does nothing. Throws Error (and rolls back) on failure.
  void Commit();

 private:
  Connection& connection_;
  bool open_ = false;
};

}  // namespace argraph::store
