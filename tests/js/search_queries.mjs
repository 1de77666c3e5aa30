// Runs queries through a built site's own search code: its assets/js/search-engine.js,
// over its search-index/ files (as a browser would).
// usage: node --experimental-detect-module tests/js/search_queries.mjs <site-dir> [limit]
// stdin: JSON array of queries; stdout: JSON array of {query, refs, scores}, best first
// (refs read from the results' display fragments).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [site, limitText = "10"] = process.argv.slice(2);
const limit = Number(limitText);

const { SearchEngine } = await import(pathToFileURL(join(site, "assets/js/search-engine.js")).href);

const indexDir = join(site, "search-index");
const load = async (path) => JSON.parse(readFileSync(join(indexDir, path), "utf-8"));
const engine = new SearchEngine({ load });

const queries = JSON.parse(readFileSync(0, "utf-8"));
const out = [];
for (const query of queries) {
  const results = (await engine.search(query)).slice(0, limit);
  const fragments = await engine.fragments(results.map((r) => r.ref));
  const refs = results.map((r) => fragments[r.ref].ref);
  out.push({ query, refs, scores: results.map((r) => r.score) });
}
process.stdout.write(JSON.stringify(out));
