// Scores query clauses over the flat posting lists of the index files exactly as lunr.js
// 2.3.9's Index.query would over the full index, without building a lunr.Index.
//
// lunr's scoring model is kept to the bit; its runtime objects are not (a lunr.Vector
// per field and document, lunr.Set, FieldRef strings and MatchData per match made a
// common term cost seconds at 60,000 documents). The clauses are those planClauses
// makes: presence required or optional, boost 1, no wildcard, no pipeline. lunr's rules:
//   - a clause whose term is not in the index: required → no results; optional → ignored;
//   - a required clause: the document holds the term in at least one of its fields;
//   - per field, a query vector: 1 at the term's index for every clause (with the term
//     in the index) naming the field; repeated terms add up;
//   - a (document, field) pair holding a clause term in that field scores
//     Σ query weight × document weight / ‖query vector of the field‖, the sum taken in
//     term-index order (lunr.Vector.dot), and a document scores the sum of its fields'
//     scores in the order lunr first met each pair (its matchingFields keys), so the
//     floating-point sums, hence ties, come out as lunr's.
// A term is "in the index" when `entries` holds it: the engine loads the term shards for
// word clauses and the gram shards for gram clauses (as it did for the lunr.Index it
// assembled before). Several queries (search-engine.js plans) are merged as mergeResults
// merges results; ranking is a radix sort, since a comparator sort of 60,000 is slow.
//
// entries: Map term → [lunr term index, {field: postings}, …]; a field's postings are
// [doc, weight × 1000, doc − previous doc, weight × 1000, …] (generator/search/shards.py).
// The loops over them are written out in each function, not shared through a callback:
// a call per posting that V8 cannot inline costs more than the work done per posting.

// Whether a required clause names a term the index does not hold: lunr then returns nothing.
export function missesRequiredTerm(clauses, entries) {
  return clauses.some((clause) => clause.presence === "required" && !entries.has(clause.term));
}

// The (term, field) pairs the clauses search, in the order lunr first visits them
// (clause order, then the clause's field order), each with its term index and postings
// (empty when the term has none in that field). Terms not in the index are left out.
export function termFields(clauses, entries) {
  const pairs = new Map();
  for (const clause of clauses) {
    const entry = entries.get(clause.term);
    if (!entry) continue;
    const [termIndex, lists] = entry;
    for (const field of clause.fields) {
      const key = `${field}\u0000${clause.term}`;
      if (!pairs.has(key)) {
        pairs.set(key, { term: clause.term, field, termIndex, postings: lists[field] ?? [] });
      }
    }
  }
  return [...pairs.values()];
}

// field → {termIndex → query weight} and field → ‖query vector‖ (lunr's queryVectors).
export function queryVectors(clauses, entries) {
  const weights = new Map();
  for (const clause of clauses) {
    const entry = entries.get(clause.term);
    if (!entry) continue;
    for (const field of clause.fields) {
      if (!weights.has(field)) weights.set(field, new Map());
      const vector = weights.get(field);
      vector.set(entry[0], (vector.get(entry[0]) ?? 0) + 1);
    }
  }
  const norms = new Map();
  for (const [field, vector] of weights) {
    const squares = [...vector].sort((a, b) => a[0] - b[0]).map(([, w]) => w * w);
    norms.set(field, Math.sqrt(squares.reduce((sum, square) => sum + square, 0)));
  }
  return { weights, norms };
}

// Uint8Array: 1 for the documents that satisfy every required clause (all of them when
// there is none). A document counts once per clause, whichever of its fields hold the term.
export function requiredDocuments(clauses, entries, documents) {
  const required = new Map();
  for (const clause of clauses) {
    if (clause.presence === "required") required.set(`${clause.term}\u0000${clause.fields}`, clause);
  }
  const allowed = new Uint8Array(documents);
  if (!required.size) return allowed.fill(1);
  const hits = new Uint16Array(documents);
  const seen = new Int32Array(documents).fill(-1);
  let number = 0;
  for (const clause of required.values()) {
    const lists = entries.get(clause.term)?.[1] ?? {};
    for (const field of clause.fields) {
      const list = lists[field] ?? [];
      for (let i = 0, doc = 0; i < list.length; i += 2) {
        doc += list[i];
        if (seen[doc] === number) continue;
        seen[doc] = number;
        hits[doc] += 1;
      }
    }
    number += 1;
  }
  for (let doc = 0; doc < documents; doc++) allowed[doc] = hits[doc] === required.size ? 1 : 0;
  return allowed;
}

// Per field: Float64Array dot products with the query vector and Uint16Array of the
// (1-based) position in `pairs` of the first pair that reached each document (0: none).
export function fieldDots(pairs, weights, documents) {
  const fields = new Map();
  const steps = pairs.map((pair, step) => ({ pair, step }));
  for (const { pair, step } of steps.sort((a, b) => a.pair.termIndex - b.pair.termIndex)) {
    if (!fields.has(pair.field)) {
      fields.set(pair.field, { dots: new Float64Array(documents), first: new Uint16Array(documents) });
    }
    const { dots, first } = fields.get(pair.field);
    const queryWeight = weights.get(pair.field).get(pair.termIndex);
    const list = pair.postings;
    for (let i = 0, doc = 0; i < list.length; i += 2) {
      doc += list[i];
      dots[doc] += queryWeight * (list[i + 1] / 1000);
      if (first[doc] === 0 || first[doc] > step + 1) first[doc] = step + 1;
    }
  }
  return fields;
}

// Float64Array of document scores and Int32Array of the documents that score (a
// matching field and every required clause), by document number.
export function documentScores(fields, norms, allowed, documents) {
  const scores = new Float64Array(documents);
  const scored = new Int32Array(documents);
  let total = 0;
  const dots = [...fields.values()].map((column) => column.dots);
  const firsts = [...fields.values()].map((column) => column.first);
  const fieldNorms = [...fields.keys()].map((field) => norms.get(field));
  const steps = new Uint16Array(dots.length); // the document's fields, by first step
  const parts = new Float64Array(dots.length);
  for (let doc = 0; doc < documents; doc++) {
    if (!allowed[doc]) continue;
    let count = 0;
    for (let c = 0; c < dots.length; c++) {
      const step = firsts[c][doc];
      if (!step) continue;
      let at = count++;
      for (; at > 0 && steps[at - 1] > step; at--) {
        steps[at] = steps[at - 1];
        parts[at] = parts[at - 1];
      }
      steps[at] = step;
      parts[at] = dots[c][doc] / fieldNorms[c] || 0;
    }
    if (!count) continue;
    let score = parts[0];
    for (let i = 1; i < count; i++) score += parts[i];
    scores[doc] = score;
    scored[total++] = doc;
  }
  return { scores, scored: scored.subarray(0, total) };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
// Below this many documents a comparator sort is quicker than the radix sort's passes
// over its 65,536 counters.
export const RADIX_SORT_FROM = 4096;

// The documents (given by ascending number) best first, ties by number. A comparator sort
// of 60,000 numbers takes tens of milliseconds; this is a stable radix sort, 16 bits a
// pass, of the scores' IEEE 754 bits (ordered as the values, scores being ≥ 0), inverted
// so that the best come first; stable, so equal scores keep the ascending numbers.
export function rankByScore(docs, scores, radixFrom = RADIX_SORT_FROM) {
  const count = docs.length;
  if (count < radixFrom) {
    return Int32Array.from(docs).sort((a, b) => scores[b] - scores[a] || a - b);
  }
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = scores[docs[i]];
  const words = new Uint32Array(keys.buffer); // two per key: low and high 32 bits
  let order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  let next = new Int32Array(count);
  const starts = new Int32Array(65537);
  for (let pass = 0; pass < 4; pass++) {
    const word = (pass < 2) === LITTLE_ENDIAN ? 0 : 1;
    const shift = (pass % 2) * 16;
    starts.fill(0);
    for (let i = 0; i < count; i++) starts[((~words[2 * i + word] >>> shift) & 0xffff) + 1] += 1;
    for (let digit = 1; digit < starts.length; digit++) starts[digit] += starts[digit - 1];
    for (let i = 0; i < count; i++) {
      const key = order[i];
      next[starts[(~words[2 * key + word] >>> shift) & 0xffff]++] = key;
    }
    [order, next] = [next, order];
  }
  for (let i = 0; i < count; i++) order[i] = docs[order[i]];
  return order;
}

// doc → its matches {term: [field]}: the clause terms it holds, in which fields. Documents
// with the same (term, field) pairs share one frozen object (one per distinct set, not one
// per document: a common term matches tens of thousands).
export function documentMatches(pairs, documents) {
  const words = Math.ceil(pairs.length / 32);
  const masks = Array.from({ length: words }, () => new Uint32Array(documents));
  pairs.forEach(({ postings }, p) => {
    const mask = masks[p >> 5];
    const bit = 1 << (p & 31);
    for (let i = 0, doc = 0; i < postings.length; i += 2) {
      doc += postings[i];
      mask[doc] |= bit;
    }
  });
  const shared = new Map();
  return (doc) => {
    const key = words === 1 ? masks[0][doc] : masks.map((mask) => mask[doc]).join();
    let matches = shared.get(key);
    if (matches === undefined) {
      matches = {};
      pairs.forEach(({ term, field }, p) => {
        if (masks[p >> 5][doc] & (1 << (p & 31))) (matches[term] ??= []).push(field);
      });
      Object.values(matches).forEach(Object.freeze);
      shared.set(key, Object.freeze(matches));
    }
    return matches;
  };
}

// One query's scores: {scores: Float64Array by document, docs: Int32Array of the scoring
// documents by number, matchesOf(doc)}; lunr's Index.query over the full index.
export function scorePlan(clauses, entries, documents) {
  if (!clauses.length || missesRequiredTerm(clauses, entries)) {
    return { scores: new Float64Array(0), docs: new Int32Array(0), matchesOf: () => ({}) };
  }
  const pairs = termFields(clauses, entries);
  const { weights, norms } = queryVectors(clauses, entries);
  const allowed = requiredDocuments(clauses, entries, documents);
  const fields = fieldDots(pairs, weights, documents);
  const { scores, scored } = documentScores(fields, norms, allowed, documents);
  return { scores, docs: scored, matchesOf: documentMatches(pairs, documents) };
}

// The union of two frozen matches objects, frozen; `cache` keeps one per pair of objects.
function unionMatches(a, b, cache) {
  let known = cache.get(a);
  if (known === undefined) cache.set(a, (known = new Map()));
  let union = known.get(b);
  if (union === undefined) {
    union = { ...a };
    for (const [term, fields] of Object.entries(b)) {
      union[term] = Object.freeze([...new Set([...(a[term] ?? []), ...fields])]);
    }
    known.set(b, Object.freeze(union));
  }
  return union;
}

// Several queries' scores as one, by mergeResults' rule (search-engine.js): a document
// keeps its best score and all its matches. Without building a result object per query.
export function mergePlans(plans, documents) {
  const scores = new Float64Array(documents);
  const from = new Uint32Array(documents); // bit p: query p scored the document
  plans.forEach((plan, p) => {
    for (const doc of plan.docs) {
      if (!from[doc] || plan.scores[doc] > scores[doc]) scores[doc] = plan.scores[doc];
      from[doc] |= 1 << p;
    }
  });
  const docs = [];
  for (let doc = 0; doc < documents; doc++) if (from[doc]) docs.push(doc);
  const cache = new Map();
  const matchesOf = (doc) => {
    let matches = null;
    for (let p = 0; p < plans.length; p++) {
      if (!(from[doc] & (1 << p))) continue;
      const own = plans[p].matchesOf(doc);
      matches = matches === null ? own : unionMatches(matches, own, cache);
    }
    return matches;
  };
  return { scores, docs: Int32Array.from(docs), matchesOf };
}

// The queries (lists of clauses) merged and ranked: {refs: Int32Array of the documents
// best first, ties by ref (document number), scores: Float64Array by document number,
// matchesOf(doc)}. What searchPlans gives, without an object per result (a common term
// has tens of thousands, and a results page shows twenty).
export function rankPlans(plans, entries, documents) {
  const scored = plans.map((clauses) => scorePlan(clauses, entries, documents));
  const { scores, docs, matchesOf } = scored.length === 1 ? scored[0] : mergePlans(scored, documents);
  return { refs: rankByScore(docs, scores), scores, matchesOf };
}

// → [{ref, score, matches: {term: [field]}}] of the queries (lists of clauses) merged,
// best first, ties by ref (document number): what lunr.js's Index.query over the full
// index gives for each, through mergeResults.
export function searchPlans(plans, entries, documents) {
  const { refs, scores, matchesOf } = rankPlans(plans, entries, documents);
  const results = new Array(refs.length);
  for (let i = 0; i < refs.length; i++) {
    const doc = refs[i];
    results[i] = { ref: doc, score: scores[doc], matches: matchesOf(doc) };
  }
  return results;
}
