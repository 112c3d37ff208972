// Rendering a Diagram to bytes (render.h): format names and extensions, Graphviz layout and render
// through RAII owners, DOT without layout. Graphviz reports problems through one process-wide hook;
// MessageCapture installs ours for the duration of a render and restores the previous one, so its
// messages end up in our Error instead of on stderr.
#include <algorithm>
#include <cctype>
#include <string>

#include "argraph/error.h"
#include "argraph/render.h"
#include "present/graphviz.h"

namespace argraph {
namespace {

using present::GraphPtr;
using present::LayoutScope;
using present::RenderDataPtr;

thread_local std::string captured_messages;

int CollectMessage(char* message) {
  if (captured_messages.size() < 4096) captured_messages += message;
  return 0;
}

/// While alive, Graphviz's messages are collected instead of printed.
class MessageCapture {
 public:
  MessageCapture() : previous_(agseterrf(&CollectMessage)) { captured_messages.clear(); }
  ~MessageCapture() { agseterrf(previous_); }
  MessageCapture(const MessageCapture&) = delete;
  MessageCapture& operator=(const MessageCapture&) = delete;
  /// The messages so far, on one line.
  std::string Text() const {
    std::string text = captured_messages;
    std::replace(text.begin(), text.end(), '\n', ' ');
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
  }

 private:
  agusererrf previous_;
};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const char* EngineName(DiagramLayout layout) { return layout == DiagramLayout::kSfdp ? "sfdp" : "dot"; }

}  // namespace

const char* DiagramFormatName(DiagramFormat format) {
  switch (format) {
    case DiagramFormat::kSvg: return "svg";
    case DiagramFormat::kPng: return "png";
    case DiagramFormat::kPdf: return "pdf";
    case DiagramFormat::kDot: return "dot";
  }
  return "svg";
}

std::optional<DiagramFormat> ParseDiagramFormat(std::string_view name) {
  const std::string lower = Lower(name);
  if (lower == "svg") return DiagramFormat::kSvg;
  if (lower == "png") return DiagramFormat::kPng;
  if (lower == "pdf") return DiagramFormat::kPdf;
  if (lower == "dot" || lower == "gv") return DiagramFormat::kDot;
  return std::nullopt;
}

std::optional<DiagramFormat> DiagramFormatFromPath(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return std::nullopt;
  return ParseDiagramFormat(path.substr(dot + 1));
}

std::string RenderDiagram(const Diagram& diagram, DiagramFormat format) {
  MessageCapture capture;
  GraphPtr graph = present::ToGraphviz(diagram);
  if (format == DiagramFormat::kDot) {
    std::string out;
    if (agwrite(graph.get(), &out) != 0) throw Error("Graphviz could not write the diagram as DOT");
    return out;
  }
  GVC_t* context = present::SharedContext();
  LayoutScope layout(context, graph.get(), EngineName(diagram.layout));
  char* data = nullptr;
  unsigned int length = 0;
  const int status = gvRenderData(context, graph.get(), DiagramFormatName(format), &data, &length);
  RenderDataPtr owned(data);
  if (status != 0 || !data) {
    const std::string messages = capture.Text();
    throw Error(std::string("Graphviz could not render the diagram as ") + DiagramFormatName(format) +
                (messages.empty() ? "" : ": " + messages) +
                "; is its render plugin installed (Debian package libgvc6)?");
  }
  return std::string(data, length);
}

std::string RenderInlineSvg(const Diagram& diagram) {
  std::string svg = RenderDiagram(diagram, DiagramFormat::kSvg);
  const size_t start = svg.find("<svg");
  if (start == std::string::npos) throw Error("Graphviz produced no <svg> element");
  return svg.substr(start);
}

}  // namespace argraph
