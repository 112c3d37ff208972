// The XMLBIF reader: the XML it must accept (prolog, DOCTYPE with an internal subset, comments, CDATA,
// entities, letter case, attributes in either quotes, unknown elements), the table layout (child
// fastest, last GIVEN next), and an XMLBIF asia giving the same network as asia.bif.
#include <catch2/catch.hpp>

#include "argraph/bif.h"
#include "load/network_file_util.h"

using namespace argraph;

namespace {


}  // namespace

TEST_CASE("XMLBIF with the XML a GeNIe or SamIam export may hold", "[bif]") {
  const std::string text = R"(<?xml version="1.0" encoding="UTF-8"?>
<!-- exported -->
<!DOCTYPE BIF [
  <!ELEMENT BIF ( NETWORK )*>
  <!ATTLIST BIF VERSION CDATA #REQUIRED>
]>
<BIF VERSION='0.3'>
<NETWORK>
<NAME>R&amp;D &#x3b1;</NAME>
<PROPERTY>author = someone</PROPERTY>
<VARIABLE TYPE="nature">
  <NAME>rain</NAME>
  <OUTCOME>yes</OUTCOME>
  <OUTCOME><![CDATA[no <really>]]></OUTCOME>
  <PROPERTY>position = (1, 2)</PROPERTY>
</VARIABLE>
<variable type="nature"><name>season</name><outcome>dry</outcome><outcome>wet</outcome><outcome>mid</outcome></variable>
<VARIABLE TYPE="nature">
  <NAME>grass</NAME>
  <OUTCOME>wet</OUTCOME>
  <OUTCOME>dry</OUTCOME>
  <EXTENSION vendor="x"/>
</VARIABLE>
<DEFINITION>
  <FOR>grass</FOR>
  <GIVEN>season</GIVEN>
  <GIVEN>rain</GIVEN>
  <TABLE>0.9 0.1  0.2 0.8
         0.95 0.05 0.3 0.7 <!-- middle -->
         1 0 0 1</TABLE>
</DEFINITION>
<definition><for>season</for><table>0.5 0.25 0.25</table></definition>
<DEFINITION><FOR>rain</FOR><GIVEN>season</GIVEN><TABLE>0.1 0.9 0.7 0.3 0.4 0.6</TABLE></DEFINITION>
</NETWORK>
</BIF>
)";
  NetworkLoadResult r = ReadXmlBif("g.xmlbif", text);
  INFO(Formatted(r));
  REQUIRE(r.diagnostics.empty());
  const Network& net = r.network;
  CHECK(net.name == "R&D \xCE\xB1");
  REQUIRE(net.variables.size() == 3);
  CHECK(net.variables[0].states == std::vector<std::string>{"yes", "no <really>"});
  CHECK(net.variables[1].name == "season");
  const Family& grass = net.families[2];
  CHECK(grass.parents == std::vector<int>{1, 0});
  // (season, rain) columns: (dry,yes) (dry,no) (wet,yes) (wet,no) (mid,yes) (mid,no), grass fastest.
  CHECK(grass.table == std::vector<double>{0.9, 0.1, 0.2, 0.8, 0.95, 0.05, 0.3, 0.7, 1, 0, 0, 1});
  CHECK(net.families[0].table == std::vector<double>{0.1, 0.9, 0.7, 0.3, 0.4, 0.6});
  CHECK(net.variables[2].location.line == 19);
  CHECK(net.variables[2].location.column == 9);
}

TEST_CASE("asia written as pgmpy writes XMLBIF equals asia.bif", "[bif]") {
  NetworkLoadResult bif = LoadNetworkFile(std::string(ARGRAPH_SOURCE_DIR) + "/tests/data/bif/asia.bif");
  REQUIRE(bif.diagnostics.empty());
  // The layout pgmpy's XMLBIFWriter produces (child fastest), spelled out by hand for three families.
  const std::string text = R"(<?xml version='1.0' encoding='utf-8'?>
<BIF VERSION="0.3">
  <NETWORK>
    <NAME>unknown</NAME>
    <VARIABLE TYPE="nature"><NAME>asia</NAME><OUTCOME>yes</OUTCOME><OUTCOME>no</OUTCOME></VARIABLE>
    <VARIABLE TYPE="nature"><NAME>tub</NAME><OUTCOME>yes</OUTCOME><OUTCOME>no</OUTCOME></VARIABLE>
    <VARIABLE TYPE="nature"><NAME>either</NAME><OUTCOME>yes</OUTCOME><OUTCOME>no</OUTCOME></VARIABLE>
    <VARIABLE TYPE="nature"><NAME>lung</NAME><OUTCOME>yes</OUTCOME><OUTCOME>no</OUTCOME></VARIABLE>
    <DEFINITION><FOR>asia</FOR><TABLE>0.01 0.99 </TABLE></DEFINITION>
    <DEFINITION><FOR>tub</FOR><GIVEN>asia</GIVEN><TABLE>0.05 0.95 0.01 0.99 </TABLE></DEFINITION>
    <DEFINITION><FOR>lung</FOR><TABLE>0.055 0.945 </TABLE></DEFINITION>
    <DEFINITION><FOR>either</FOR><GIVEN>lung</GIVEN><GIVEN>tub</GIVEN><TABLE>1.0 0.0 1.0 0.0 1.0 0.0 0.0 1.0 </TABLE></DEFINITION>
  </NETWORK>
</BIF>)";
  NetworkLoadResult xml = ReadXmlBif("asia.xml", text);
  INFO(Formatted(xml));
  REQUIRE(xml.diagnostics.empty());
  for (const char* name : {"tub", "either"}) {
    const Family& a = bif.network.families[static_cast<size_t>(bif.network.FindVariable(name))];
    const Family& b = xml.network.families[static_cast<size_t>(xml.network.FindVariable(name))];
    CHECK(a.table == b.table);
  }
}

TEST_CASE("hostile XML gives diagnostics, never a crash", "[bif]") {
  const std::vector<std::string> inputs = {
      "", "<", "<BIF", "<BIF>", "<BIF a=>", "<BIF a='x>", "</BIF>", "<BIF></BIF><BIF></BIF>", "text",
      "<BIF><NETWORK></NETWORK></BIF><!--", "<!DOCTYPE [[[", "<BIF>&#0;</BIF>", "<BIF>&#xFFFFFFFFF;</BIF>",
      "<BIF><![CDATA[</BIF>", "<NOTBIF/>",
      "<BIF><NETWORK><VARIABLE><NAME>a</NAME><OUTCOME>x</OUTCOME></VARIABLE>"
      "<DEFINITION><FOR>a</FOR><TABLE>1e999</TABLE></DEFINITION></NETWORK></BIF>",
      std::string(100000, '<'),
  };
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<a>";
  for (const std::string& text : inputs) {
    INFO(text.substr(0, 80));
    CHECK(ReadXmlBif("h.xml", text).diagnostics.HasErrors());
  }
  CHECK(ReadXmlBif("deep.xml", deep).diagnostics.HasErrors());
}
