// Times engine.search(q) with every index file already loaded (the warm latency).
// usage: node benchmarks/query_latency.mjs <search-engine.js> <search-dir> <rounds>
// stdin: JSON array of queries; stdout: JSON {query: [ms per round]} and, per query, the
// number of results. The engine module is given by path so that another commit's copy
// can be timed over the same index; lunr.js is put on globalThis for engines that need it.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import lunr from "lunr";

globalThis.lunr = lunr;
const [enginePath, dir, roundsText] = process.argv.slice(2);
const { SearchEngine } = await import(pathToFileURL(resolve(enginePath)).href);
const load = async (path) => JSON.parse(readFileSync(join(dir, path), "utf-8"));
const engine = new SearchEngine({ load });
const queries = JSON.parse(readFileSync(0, "utf-8"));

const hits = {};
for (const query of queries) hits[query] = (await engine.search(query)).length; // load every file
const ms = Object.fromEntries(queries.map((query) => [query, []]));
for (let round = 0; round < Number(roundsText); round++) {
  for (const query of queries) {
    const start = performance.now();
    await engine.search(query);
    ms[query].push(performance.now() - start);
  }
}
process.stdout.write(JSON.stringify({ ms, hits }));
