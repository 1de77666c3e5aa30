// Times engine.search(q) with every index file already loaded (the warm latency).
// usage: node benchmarks/query_latency.mjs <search-engine.js> <search-dir> <rounds> [copies] [answer]
// With "answer", times what the results page computes instead: answer() of search-ui.js
// (next to search-engine.js): the search, the facet table and counts, the first fragments.
// stdin: JSON array of queries; stdout: JSON {query: [ms per round]} and, per query, the
// number of results. The engine module is given by path so that another commit's copy
// can be timed over the same index; lunr.js is put on globalThis for engines that need it.
// With copies > 1 every posting list is repeated that many times over document numbers
// N…2N−1 and so on (the manifest says copies × N documents): a stand-in for a larger
// corpus with as many postings per term, for timing only (its scores are not a real index's).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import lunr from "lunr";

globalThis.lunr = lunr;
const [enginePath, dir, roundsText, copiesText = "1", mode = "search"] = process.argv.slice(2);
const copies = Number(copiesText);
const { SearchEngine } = await import(pathToFileURL(resolve(enginePath)).href);
const searchUi = resolve(enginePath, "..", "search-ui.js");
const run =
  mode === "answer"
    ? await import(pathToFileURL(searchUi).href).then(
        ({ answer }) => async (query) => (await answer(engine, query, {})).results,
      )
    : async (query) => engine.search(query);
const read = (path) => JSON.parse(readFileSync(join(dir, path), "utf-8"));
const documents = read("manifest.json").documents;

// [doc, w, Δdoc, w, …] repeated `copies` times, copy k offset by k × documents.
function repeated(list) {
  const out = [];
  let previous = 0;
  for (let copy = 0; copy < copies; copy++) {
    let doc = 0;
    for (let i = 0; i < list.length; i += 2) {
      doc += list[i];
      out.push(copy * documents + doc - previous, list[i + 1]);
      previous = copy * documents + doc;
    }
  }
  return out;
}

function load(path) {
  const json = read(path);
  if (copies === 1) return json;
  if (path === "manifest.json") return { ...json, documents: documents * copies };
  if (!/\/[tg]\/\d+\.json$/.test(path)) return json;
  for (const entry of Object.values(json.terms)) {
    for (const field of Object.keys(entry[1])) entry[1][field] = repeated(entry[1][field]);
  }
  return json;
}
const engine = new SearchEngine({ load: async (path) => load(path) });
const queries = JSON.parse(readFileSync(0, "utf-8"));

const hits = {};
for (const query of queries) hits[query] = (await run(query)).length; // load every file
// Wall time, and this process's CPU time (steadier on a machine other work shares).
const ms = Object.fromEntries(queries.map((query) => [query, []]));
const cpuMs = Object.fromEntries(queries.map((query) => [query, []]));
for (let round = 0; round < Number(roundsText); round++) {
  for (const query of queries) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    await run(query);
    const used = process.cpuUsage(cpu);
    ms[query].push(performance.now() - start);
    cpuMs[query].push((used.user + used.system) / 1000);
  }
}
process.stdout.write(JSON.stringify({ ms, cpuMs, hits }));
