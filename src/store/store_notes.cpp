// What people add to a stored argument (store.h): profiles and the history of their values,
// objections and their answers, and the evaluations that were run. Every write is one transaction.
#include <fmt/format.h>

#include "argraph/error.h"
#include "argraph/parameters.h"
#include "argraph/store.h"
#include "store/sqlite.h"
#include "store/store_internal.h"

namespace argraph {
namespace {

std::int64_t ProfileId(store::Connection& db, const std::string& argument_id, const std::string& name) {
  store::Statement row(db, "SELECT id FROM profiles WHERE argument_id = ?1 AND name = ?2");
  row.Bind(1, argument_id).Bind(2, name);
  if (row.Step()) return row.Int(0);
  std::vector<std::string> names;
  store::Statement all(db, "SELECT name FROM profiles WHERE argument_id = ?1 ORDER BY name");
  all.Bind(1, argument_id);
  while (all.Step()) names.push_back(all.Text(0));
  throw Error(fmt::format("argument '{}' has no profile '{}' in {}{} (`argraph db profile list {}` "
                          "shows its profiles)",
                          argument_id, name, db.path(), DidYouMean(name, names), argument_id));
}

ProfileValue ReadValue(const store::Statement& row) {
  return {row.Int(0), row.Text(1), row.Real(2), row.Text(3), row.Text(4), row.Text(5)};
}

constexpr const char* kObjectionColumns =
    "id, argument_id, target, author, text, created_at, status, coalesce(answer, ''), "
    "coalesce(answered_at, '')";

ObjectionInfo ReadObjection(const store::Statement& row) {
  return {row.Int(0),  row.Text(1), row.Text(2), row.Text(3), row.Text(4),
          row.Text(5), row.Text(6), row.Text(7), row.Text(8)};
}

}  // namespace

void Store::SetProfileValues(const std::string& argument_id, const std::string& profile,
                             const std::vector<std::pair<std::string, double>>& values,
                             const std::string& author, const std::string& note,
                             const std::string& description) {
  store::Connection& db = *connection_;
  const std::string now = store::NowUtc();
  store::Transaction transaction(db);
  store::RequireArgument(db, argument_id);
  store::Statement upsert(db,
                          "INSERT INTO profiles (argument_id, name, author, description, created_at) "
                          "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (argument_id, name) DO UPDATE SET "
                          "description = CASE WHEN excluded.description <> '' "
                          "THEN excluded.description ELSE description END");
  upsert.Bind(1, argument_id).Bind(2, profile).Bind(3, author).Bind(4, description).Bind(5, now).Run();
  const std::int64_t id = ProfileId(db, argument_id, profile);
  store::Statement insert(db,
                          "INSERT INTO profile_values (profile_id, parameter, value, author, note, set_at) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  for (const auto& [parameter, value] : values) {
    insert.Bind(1, id).Bind(2, parameter).Bind(3, value).Bind(4, author).Bind(5, note).Bind(6, now).Run();
    insert.Reset();
  }
  transaction.Commit();
}

std::vector<ProfileInfo> Store::Profiles(const std::string& argument_id) {
  store::RequireArgument(*connection_, argument_id);
  store::Statement rows(*connection_,
                        "SELECT p.argument_id, p.name, p.author, p.description, p.created_at, "
                        "coalesce((SELECT max(set_at) FROM profile_values v WHERE v.profile_id = p.id), ''), "
                        "(SELECT count(DISTINCT parameter) FROM profile_values v WHERE v.profile_id = p.id) "
                        "FROM profiles p WHERE p.argument_id = ?1 ORDER BY p.name");
  rows.Bind(1, argument_id);
  std::vector<ProfileInfo> out;
  while (rows.Step()) {
    out.push_back({rows.Text(0), rows.Text(1), rows.Text(2), rows.Text(3), rows.Text(4), rows.Text(5),
                   static_cast<int>(rows.Int(6))});
  }
  return out;
}

bool Store::HasProfile(const std::string& argument_id, const std::string& profile) {
  store::Statement row(*connection_, "SELECT 1 FROM profiles WHERE argument_id = ?1 AND name = ?2");
  row.Bind(1, argument_id).Bind(2, profile);
  return row.Step();
}

std::vector<ProfileValue> Store::ProfileValues(const std::string& argument_id,
                                               const std::string& profile) {
  store::RequireArgument(*connection_, argument_id);
  const std::int64_t id = ProfileId(*connection_, argument_id, profile);
  store::Statement rows(*connection_,
                        "SELECT v.id, v.parameter, v.value, v.author, v.note, v.set_at "
                        "FROM profile_values v WHERE v.profile_id = ?1 AND v.id = "
                        "(SELECT max(w.id) FROM profile_values w "
                        " WHERE w.profile_id = v.profile_id AND w.parameter = v.parameter) "
                        "ORDER BY (SELECT min(w.id) FROM profile_values w "
                        " WHERE w.profile_id = v.profile_id AND w.parameter = v.parameter)");
  rows.Bind(1, id);
  std::vector<ProfileValue> out;
  while (rows.Step()) out.push_back(ReadValue(rows));
  return out;
}

std::vector<ProfileValue> Store::ProfileHistory(const std::string& argument_id,
                                                const std::string& profile,
                                                const std::string& parameter) {
  store::RequireArgument(*connection_, argument_id);
  const std::int64_t id = ProfileId(*connection_, argument_id, profile);
  store::Statement rows(*connection_,
                        "SELECT id, parameter, value, author, note, set_at FROM profile_values "
                        "WHERE profile_id = ?1 AND (?2 = '' OR parameter = ?2) ORDER BY id");
  rows.Bind(1, id).Bind(2, parameter);
  std::vector<ProfileValue> out;
  while (rows.Step()) out.push_back(ReadValue(rows));
  return out;
}

std::int64_t Store::AddObjection(const std::string& argument_id, const std::string& target,
                                 const std::string& author, const std::string& text) {
  store::Connection& db = *connection_;
  const std::string now = store::NowUtc();
  store::Transaction transaction(db);
  store::RequireArgument(db, argument_id);
  store::Statement insert(db,
                          "INSERT INTO objections (argument_id, target, author, text, created_at) "
                          "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id");
  insert.Bind(1, argument_id).Bind(2, target).Bind(3, author).Bind(4, text).Bind(5, now);
  insert.Step();
  const std::int64_t id = insert.Int(0);
  insert.Run();
  transaction.Commit();
  return id;
}

std::vector<ObjectionInfo> Store::Objections(const std::string& argument_id, bool open_only) {
  store::RequireArgument(*connection_, argument_id);
  store::Statement rows(*connection_, std::string("SELECT ") + kObjectionColumns +
                                          " FROM objections WHERE argument_id = ?1 "
                                          "AND (?2 = 0 OR status = 'open') ORDER BY id");
  rows.Bind(1, argument_id).Bind(2, open_only ? 1 : 0);
  std::vector<ObjectionInfo> out;
  while (rows.Step()) out.push_back(ReadObjection(rows));
  return out;
}

ObjectionInfo Store::AnswerObjection(std::int64_t id, const std::string& answer) {
  store::Connection& db = *connection_;
  const std::string now = store::NowUtc();
  store::Transaction transaction(db);
  store::Statement update(db,
                          "UPDATE objections SET status = 'answered', answer = ?2, answered_at = ?3 "
                          "WHERE id = ?1 RETURNING " +
                              std::string(kObjectionColumns));
  update.Bind(1, id).Bind(2, answer).Bind(3, now);
  if (!update.Step()) {
    throw Error(fmt::format("there is no objection {} in {}; `argraph db objection list ID` shows "
                            "their numbers",
                            id, db.path()));
  }
  ObjectionInfo info = ReadObjection(update);
  update.Run();
  transaction.Commit();
  return info;
}

void Store::RecordEvaluation(const VersionInfo& version, const EvaluationRecord& record) {
  store::Connection& db = *connection_;
  store::Transaction transaction(db);
  const std::int64_t id = store::VersionRowId(db, version);
  store::Statement insert(db,
                          "INSERT INTO evaluations (version_id, profile, target, method, credence, "
                          "evidence, settings, evaluated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  insert.Bind(1, id).Bind(2, record.profile).Bind(3, record.target).Bind(4, record.method);
  insert.Bind(5, record.credence).Bind(6, record.evidence.empty() ? "{}" : record.evidence);
  insert.Bind(7, record.settings.empty() ? "{}" : record.settings);
  insert.Bind(8, record.evaluated_at.empty() ? store::NowUtc() : record.evaluated_at).Run();
  transaction.Commit();
}

std::vector<EvaluationRecord> Store::Evaluations(const std::string& argument_id) {
  store::RequireArgument(*connection_, argument_id);
  store::Statement rows(*connection_,
                        "SELECT v.argument_id, v.version, e.profile, e.target, e.method, e.credence, "
                        "e.evidence, e.settings, e.evaluated_at FROM evaluations e "
                        "JOIN versions v ON v.id = e.version_id WHERE v.argument_id = ?1 ORDER BY e.id");
  rows.Bind(1, argument_id);
  std::vector<EvaluationRecord> out;
  while (rows.Step()) {
    out.push_back({rows.Text(0), static_cast<int>(rows.Int(1)), rows.Text(2), rows.Text(3), rows.Text(4),
                   rows.Real(5), rows.Text(6), rows.Text(7), rows.Text(8)});
  }
  return out;
}

}  // namespace argraph
