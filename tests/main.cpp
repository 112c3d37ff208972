// The Catch2 main of argraph_tests (compiled once).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
