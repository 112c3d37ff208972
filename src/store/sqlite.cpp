// The RAII layer over SQLite (sqlite.h): error messages for every result code, and the waiting and
// retrying that keeps "database is locked" from reaching the user.
#include "store/sqlite.h"

#include <fmt/format.h>

#include <thread>

#include "argraph/error.h"

namespace argraph::store {
namespace {

bool IsBusy(int code) {
  const int primary = code & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

// Sleeps a little before retrying a busy operation; false once `deadline` has passed.
bool WaitBeforeRetry(std::chrono::steady_clock::time_point deadline) {
  if (std::chrono::steady_clock::now() >= deadline) return false;
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return true;
}

}  // namespace

Connection::Connection(const std::string& path, bool create) : path_(path) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) |
                    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int code = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  db_.reset(db);  // closed even when the open failed
  if (code != SQLITE_OK) Fail(code, "opening it");
  sqlite3_extended_result_codes(db, 1);
  set_lock_wait(lock_wait_);
}

void Connection::set_lock_wait(std::chrono::milliseconds wait) {
  lock_wait_ = wait;
  sqlite3_busy_timeout(db_.get(), static_cast<int>(wait.count()));
}

void Connection::Execute(const char* sql) {
  const auto deadline = std::chrono::steady_clock::now() + lock_wait_;
  for (;;) {
    const int code = sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr);
    if (code == SQLITE_OK) return;
    // Outside a transaction a busy statement can simply run again.
    if (IsBusy(code) && sqlite3_get_autocommit(db_.get()) && WaitBeforeRetry(deadline)) continue;
    Fail(code, "updating it");
  }
}

void ThrowNotSqlite(const std::string& path) {
  throw Error(fmt::format("{} is not an SQLite database, so argraph leaves it untouched; choose "
                          "another file with --db or $ARGRAPH_DB",
                          path));
}

void Connection::Fail(int code, std::string_view what) const {
  const std::string detail = db_ ? sqlite3_errmsg(db_.get()) : sqlite3_errstr(code);
  switch (code & 0xff) {
    case SQLITE_NOTADB:
      ThrowNotSqlite(path_);
    case SQLITE_CORRUPT:
      throw Error(fmt::format("the database {} is damaged ({}) and argraph leaves it as it is; "
                              "restore it from a backup or choose another file with --db",
                              path_, detail));
    case SQLITE_CANTOPEN:
      throw Error(fmt::format("cannot open the database {} ({}); check that its folder exists and "
                              "that you may write there, or choose another file with --db",
                              path_, detail));
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      throw Error(fmt::format("cannot write to the database {} while {}: the file or its folder "
                              "is read-only; change its permissions or choose another file with --db",
                              path_, what));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw Error(fmt::format("the database {} stayed busy with another argraph for {} s while {}; "
                              "try again when that one has finished",
                              path_, lock_wait_.count() / 1000, what));
    case SQLITE_FULL:
      throw Error(fmt::format("the disk holding the database {} is full ({} was not saved); "
                              "free some space and try again",
                              path_, what));
    case SQLITE_IOERR:
      throw Error(fmt::format("cannot read or write the database {} while {} ({}); check the disk "
                              "and the file's permissions",
                              path_, what, detail));
    default:
      throw Error(fmt::format("the database {} failed while {}: {}", path_, what, detail));
  }
}

Statement::Statement(Connection& connection, std::string_view sql) : connection_(connection) {
  sqlite3_stmt* statement = nullptr;
  const int code = sqlite3_prepare_v2(connection.handle(), sql.data(), static_cast<int>(sql.size()),
                                      &statement, nullptr);
  statement_.reset(statement);
  if (code != SQLITE_OK) connection.Fail(code, "preparing a query");
}

Statement& Statement::Bind(int index, std::int64_t value) {
  const int code = sqlite3_bind_int64(statement_.get(), index, value);
  if (code != SQLITE_OK) connection_.Fail(code, "binding a value");
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  const int code = sqlite3_bind_double(statement_.get(), index, value);
  if (code != SQLITE_OK) connection_.Fail(code, "binding a value");
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  const int code = sqlite3_bind_text64(statement_.get(), index, text.data(), text.size(),
                                       SQLITE_TRANSIENT, SQLITE_UTF8);
  if (code != SQLITE_OK) connection_.Fail(code, "binding a value");
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<double>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::BindNull(int index) {
  const int code = sqlite3_bind_null(statement_.get(), index);
  if (code != SQLITE_OK) connection_.Fail(code, "binding a value");
  return *this;
}

bool Statement::Step() {
  const auto deadline = std::chrono::steady_clock::now() + connection_.lock_wait();
  for (;;) {
    const int code = sqlite3_step(statement_.get());
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    sqlite3_reset(statement_.get());
    if (IsBusy(code) && sqlite3_get_autocommit(connection_.handle()) && WaitBeforeRetry(deadline))
      continue;
    connection_.Fail(code, "running a query");
  }
}

void Statement::Run() {
  while (Step()) {
  }
}

void Statement::Reset() {
  sqlite3_reset(statement_.get());
  sqlite3_clear_bindings(statement_.get());
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(statement_.get(), column); }

double Statement::Real(int column) const { return sqlite3_column_double(statement_.get(), column); }

std::string Statement::Text(int column) const {
  const auto* text = sqlite3_column_text(statement_.get(), column);
  const int size = sqlite3_column_bytes(statement_.get(), column);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size)) : "";
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL;
}

std::optional<double> Statement::OptionalReal(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Real(column);
}

Transaction::Transaction(Connection& connection) : connection_(connection) {
  // The busy handler waits for other writers; BEGIN IMMEDIATE is retried for the cases it does not
  // cover (a WAL being recovered), until the connection's lock wait has passed.
  const auto deadline = std::chrono::steady_clock::now() + connection.lock_wait();
  for (;;) {
    const int code = sqlite3_exec(connection.handle(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    if (code == SQLITE_OK) break;
    if (IsBusy(code) && WaitBeforeRetry(deadline)) continue;
    connection.Fail(code, "starting to write");
  }
  open_ = true;
}

Transaction::~Transaction() {
  if (open_) sqlite3_exec(connection_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::Commit() {
  const auto deadline = std::chrono::steady_clock::now() + connection_.lock_wait();
  for (;;) {
    const int code = sqlite3_exec(connection_.handle(), "COMMIT", nullptr, nullptr, nullptr);
    if (code == SQLITE_OK) break;
    // A busy COMMIT may be retried; it stays pending until then.
    if (IsBusy(code) && WaitBeforeRetry(deadline)) continue;
    connection_.Fail(code, "saving the changes");  // the destructor rolls back
  }
  open_ = false;
}

}  // namespace argraph::store
