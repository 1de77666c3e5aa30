// Queries a built search index the way one browser tab does, timing each query.
// usage: node benchmarks/search_session.mjs <search-dir>   (stdin: JSON array of queries)
// stdout: JSON array of {query, results, ms, files: {path: bytes}} where `files` are the
// files this query fetched that earlier queries of the session had not, and `fresh_ms`,
// `fresh_files` the same query as the first of a new engine (cold cache).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SearchEngine } from "../theme/assets/js/search-engine.js";

function engine(dir, sizes) {
  const load = async (path) => {
    const text = readFileSync(join(dir, path));
    sizes.set(path, text.length);
    return JSON.parse(text.toString("utf-8"));
  };
  return new SearchEngine({ load });
}

async function timed(searchEngine, query) {
  const start = performance.now();
  const results = await searchEngine.search(query);
  await searchEngine.fragments(results.slice(0, 10).map((r) => r.ref));
  return { results, ms: performance.now() - start };
}

const dir = process.argv[2];
const queries = JSON.parse(readFileSync(0, "utf-8"));
if (queries.length) await timed(engine(dir, new Map()), queries[0]); // JIT warm-up, untimed
const sizes = new Map();
const session = engine(dir, sizes);
const out = [];
for (const query of queries) {
  const before = new Set(sizes.keys());
  const { results, ms } = await timed(session, query);
  const files = Object.fromEntries([...sizes].filter(([path]) => !before.has(path)));
  const freshSizes = new Map();
  const fresh = await timed(engine(dir, freshSizes), query);
  out.push({
    query,
    results: results.length,
    top: results.slice(0, 10).map((r) => r.ref),
    ms,
    files,
    fresh_ms: fresh.ms,
    fresh_files: Object.fromEntries(freshSizes),
  });
}
process.stdout.write(JSON.stringify(out));
