// Text helpers of the presentation stage: escaping for HTML/XML and for Graphviz's escString, and
// word wrapping. Every text that came from an argument file goes through Escape* before it reaches
// markup (a claim text is never markup).
// Invariants: the escaped strings are valid UTF-8 without C0 control characters other than tab and
// newline (invalid bytes and controls become U+FFFD), so Graphviz's XML parser and browsers accept them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace argraph::present {

/// `text` as valid UTF-8: invalid bytes and control characters (other than \t and \n) become U+FFFD.
std::string SanitizeUtf8(std::string_view text);

/// `text` escaped for HTML/XML text and attribute values: & < > " ' become entities.
std::string EscapeHtml(std::string_view text);

/// `text` escaped for a plain Graphviz string attribute (escString): backslashes are doubled so
/// "\N", "\G" or "\l" in a claim text stay literal.
std::string EscapeGraphviz(std::string_view text);

/// `text` escaped for a Graphviz tooltip, which Graphviz 2.43 unescapes twice (once for "\N" and the
/// like, once more when writing SVG): each backslash becomes four.
std::string EscapeGraphvizTooltip(std::string_view text);

/// `text` broken into lines of at most `width` characters (code points) at spaces; a word longer than
/// `width` is cut. At most `max_lines` lines: the last one then ends with "…".
std::vector<std::string> WrapText(std::string_view text, size_t width, size_t max_lines);

}  // namespace argraph::present
