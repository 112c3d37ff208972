// libFuzzer entry point, differential: ParseYaml through its fast paths (yaml_scan.cpp, yaml_fast.cpp)
// must give exactly the tree, the result and the diagnostics that yaml-cpp alone gives, on any bytes and
// nesting limit. This is the invariant those files state; a difference aborts with both trees printed.
// Built by scripts/fuzz.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "load/yaml_tree.h"

namespace {

std::string Dump(const argraph::load::YamlDocument& document, const argraph::Diagnostics& diagnostics, bool ok) {
  std::string out = ok ? "ok\n" : "failed\n";
  for (const argraph::load::YamlNode& node : document.nodes) {
    out += std::to_string(static_cast<int>(node.kind)) + (node.plain ? " plain" : " quoted") +
           (node.alias ? " alias " : " ") + std::to_string(node.line) + ":" + std::to_string(node.column) + " [" +
           std::string(node.value) + "] {";
    for (int child : node.children) out += std::to_string(child) + ",";
    out += "}\n";
  }
  for (const argraph::Diagnostic& d : diagnostics.items()) {
    out += std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + " " + d.message + "\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  argraph::load::YamlDocument fast_tree, slow_tree;
  argraph::Diagnostics fast_diagnostics, slow_diagnostics;
  argraph::load::YamlLimits fast_limits;
  // One input in four is read with a small nesting limit, so that the agreement of the line scanner
  // (which runs before the nesting check) with that check is fuzzed too. The limit follows from the
  // input's size, so a replay reproduces it.
  if (size % 4 == 0) fast_limits.max_nesting = 3 + static_cast<int>(size / 4 % 6);
  argraph::load::YamlLimits slow = fast_limits;
  slow.fast_path = false;
  const bool fast_ok = argraph::load::ParseYaml("input.yaml", text, fast_tree, fast_diagnostics, fast_limits);
  const bool slow_ok = argraph::load::ParseYaml("input.yaml", text, slow_tree, slow_diagnostics, slow);
  const std::string fast = Dump(fast_tree, fast_diagnostics, fast_ok);
  const std::string reference = Dump(slow_tree, slow_diagnostics, slow_ok);
  if (fast != reference) {
    std::fprintf(stderr, "the fast path differs from yaml-cpp\n--- fast path\n%s--- yaml-cpp\n%s", fast.c_str(),
                 reference.c_str());
    std::abort();
  }
  return 0;
}
