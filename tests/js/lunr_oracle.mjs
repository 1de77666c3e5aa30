// The oracle of the search tests: lunr.js 2.3.9's own Index.query over one full index.
// The site scores with theme/assets/js/scorer.js, which must give the same results.
import lunr from "lunr";
import { mergeResults } from "../../theme/assets/js/search-engine.js";

export { lunr };

// Runs clauses ({term, fields, presence}) on a lunr.Index and returns plain results.
export function runClauses(index, clauses) {
  const presence = {
    required: lunr.Query.presence.REQUIRED,
    optional: lunr.Query.presence.OPTIONAL,
  };
  const results = index.query((query) => {
    for (const clause of clauses) {
      query.term(clause.term, {
        fields: clause.fields,
        presence: presence[clause.presence],
        usePipeline: false,
        wildcard: lunr.Query.wildcard.NONE,
      });
    }
  });
  return results.map((result) => ({
    ref: result.ref,
    score: result.score,
    matches: Object.fromEntries(
      Object.entries(result.matchData.metadata).map(([term, fields]) => [term, Object.keys(fields)]),
    ),
  }));
}

// The results SearchEngine.search must give for these plans: each plan run by lunr.js on
// the full index, merged as search() merges them (ties by ref).
export function oracleSearch(index, plans) {
  return mergeResults(plans.map((clauses) => (clauses.length ? runClauses(index, clauses) : [])));
}
