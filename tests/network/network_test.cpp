// StateNames (network.h): the shared {"true", "false"} list reads like the vector it stands for, copies
// of it share it, and changing one copy changes no other copy and not the shared list. The oracle is a
// plain std::vector<std::string> put through the same operations.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "argraph/network.h"

using namespace argraph;

TEST_CASE("StateNames::Binary reads as the vector {true, false}", "[network]") {
  const StateNames binary = StateNames::Binary();
  const std::vector<std::string> expected{"true", "false"};
  CHECK(binary == expected);
  CHECK(binary.size() == 2);
  CHECK_FALSE(binary.empty());
  CHECK(binary[0] == "true");
  CHECK(binary[1] == "false");
  CHECK(binary.front() == "true");
  CHECK(binary.back() == "false");
  CHECK(std::vector<std::string>(binary.begin(), binary.end()) == expected);
  const std::vector<std::string>& as_vector = binary;
  CHECK(as_vector == expected);
  CHECK(binary == StateNames{"true", "false"});
  CHECK_FALSE(binary == StateNames{"false", "true"});
}

TEST_CASE("StateNames copies share the binary list until one is changed", "[network]") {
  const StateNames a = StateNames::Binary();
  StateNames b = a;
  CHECK(&b.names() == &a.names());  // one list, not a copy
  CHECK(&StateNames::Binary().names() == &a.names());

  std::vector<std::string> oracle = a.names();
  b.push_back("maybe");
  oracle.push_back("maybe");
  CHECK(b == oracle);
  CHECK(&b.names() != &a.names());
  CHECK(a == std::vector<std::string>{"true", "false"});
  CHECK(StateNames::Binary() == std::vector<std::string>{"true", "false"});

  StateNames c = StateNames::Binary();
  c.back() += "!";
  CHECK(c == std::vector<std::string>{"true", "false!"});
  CHECK(StateNames::Binary().back() == "false");

  StateNames d = StateNames::Binary();
  CHECK(d.emplace_back(3, 'x') == "xxx");
  CHECK(d == std::vector<std::string>{"true", "false", "xxx"});
  CHECK(StateNames::Binary().size() == 2);
}

TEST_CASE("StateNames owns any other list", "[network]") {
  std::vector<std::string> oracle{"low", "mid"};
  StateNames names = oracle;
  StateNames copy = names;
  names.push_back("high");
  oracle.push_back("high");
  CHECK(names == oracle);
  CHECK(copy == std::vector<std::string>{"low", "mid"});
  StateNames empty;
  CHECK(empty.empty());
  CHECK(empty.size() == 0);
  empty.emplace_back("only");
  CHECK(empty == std::vector<std::string>{"only"});
}
