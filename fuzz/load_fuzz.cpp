// libFuzzer entry point for the argument loader: any bytes, loaded as an argument file, must give a
// result with diagnostics, never a crash, a hang, a leak or undefined behaviour. Built by scripts/fuzz.
// When the text loads without errors, the model is also put through the claim graph's algorithms.
#include <cstddef>
#include <cstdint>
#include <string>

#include "argraph/graph.h"
#include "argraph/load.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  argraph::LoadOptions options;
  options.max_file_bytes = 1 << 20;
  // Imports resolve relative to this path: inside the fuzzing directory, where no argument files lie.
  argraph::LoadResult result = argraph::LoadArgumentText("fuzz-input.yaml", text, options);
  for (const argraph::Diagnostic& d : result.diagnostics.items()) {
    (void)argraph::FormatDiagnostic(d, result.sources, false);
  }
  if (!result.diagnostics.HasErrors()) {
    argraph::ClaimGraph graph(result.argument);
    (void)graph.TopologicalOrder();
    const int conclusion = graph.Vertex(result.argument.conclusion);
    if (conclusion >= 0) (void)graph.Ancestors(conclusion);
  }
  return 0;
}
