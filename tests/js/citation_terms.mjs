// Test runner for the browser twins: reads {"registry": ..., "queries": [...],
// "numerals": [...]} as JSON on stdin, writes {"terms": [[...]...], "numerals": [...]}.
// A query that throws gives {"error": message} in place of its terms.
import { queryCitationTerms } from "../../theme/assets/js/citations.js";
import { toInt } from "../../theme/assets/js/numerals.js";

process.stdin.setEncoding("utf8");
let input = "";
for await (const chunk of process.stdin) input += chunk;
const { registry, queries = [], numerals = [] } = JSON.parse(input);
const numeralValue = (text) => {
  try {
    return toInt(text);
  } catch {
    return null;
  }
};
const termsOrError = (query) => {
  try {
    return queryCitationTerms(query, registry);
  } catch (error) {
    return { error: String(error) };
  }
};
process.stdout.write(
  JSON.stringify({
    terms: queries.map(termsOrError),
    numerals: numerals.map(numeralValue),
  }),
);
