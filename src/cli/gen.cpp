// `argraph gen --claims N --seed S [-o FILE]`: writes a generated debate (generate.h) as an argraph/1
// YAML file, for benchmarks and for trying the tool on a large argument.
#include <fstream>
#include <iostream>

#include "argraph/argument_writer.h"
#include "argraph/error.h"
#include "argraph/generate.h"
#include "cli/commands.h"

namespace argraph::cli {

void AddGenCommand(CLI::App& app, int& exit_code) {
  struct Options {
    GenerateOptions generate;
    std::string output = "-";
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("gen", "Generate a large debate (tree-like, shared premises) as YAML");
  cmd->add_option("--claims", options->generate.claims, "Number of claims")->check(CLI::Range(size_t{1}, size_t{10000000}));
  cmd->add_option("--seed", options->generate.seed, "Random seed (the same seed gives the same file)");
  cmd->add_option("--max-fan-in", options->generate.max_fan_in, "Most reasons of one claim")
      ->check(CLI::Range(size_t{2}, size_t{1000}));
  cmd->add_option("--shared", options->generate.shared_fraction, "Fraction of claims that are shared premises")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("-o,--output", options->output, "The file to write ('-', the default: standard output)");
  cmd->callback([options, &exit_code] {
    const std::string text = WriteArgumentYaml(GenerateDebate(options->generate));
    if (options->output == "-") {
      std::cout << text;
    } else {
      std::ofstream out(options->output, std::ios::binary);
      out << text;
      out.close();
      if (!out) throw Error("cannot write '" + options->output + "'");
    }
    exit_code = 0;
  });
}

}  // namespace argraph::cli
