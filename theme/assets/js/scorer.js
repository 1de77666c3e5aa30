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
//
// entries: Map term → [lunr term index, {field: postings}, …]; a field's postings are
// [doc, weight × 1000, doc − previous doc, weight × 1000, …] (generator/search/shards.py).

// Calls visit(doc, weight) for every posting of a flat list.
export function forEachPosting(list, visit) {
  let doc = 0;
  for (let i = 0; i < list.length; i += 2) {
    doc += list[i];
    visit(doc, list[i + 1] / 1000);
  }
}

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
      forEachPosting(lists[field] ?? [], (doc) => {
        if (seen[doc] === number) return;
        seen[doc] = number;
        hits[doc] += 1;
      });
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
    forEachPosting(pair.postings, (doc, weight) => {
      dots[doc] += queryWeight * weight;
      if (first[doc] === 0 || first[doc] > step + 1) first[doc] = step + 1;
    });
  }
  return fields;
}

// Float64Array of document scores and Int32Array of the documents that score (a
// matching field and every required clause), by document number.
export function documentScores(fields, norms, allowed, documents) {
  const scores = new Float64Array(documents);
  const scored = new Int32Array(documents);
  let total = 0;
  const columns = [...fields].map(([field, column]) => ({ ...column, norm: norms.get(field) }));
  const steps = new Uint16Array(columns.length); // the document's fields, by first step
  const parts = new Float64Array(columns.length);
  for (let doc = 0; doc < documents; doc++) {
    if (!allowed[doc]) continue;
    let count = 0;
    for (let c = 0; c < columns.length; c++) {
      const { dots, first, norm } = columns[c];
      if (!first[doc]) continue;
      let at = count++;
      for (; at > 0 && steps[at - 1] > first[doc]; at--) {
        steps[at] = steps[at - 1];
        parts[at] = parts[at - 1];
      }
      steps[at] = first[doc];
      parts[at] = dots[doc] / norm || 0;
    }
    if (!count) continue;
    let score = parts[0];
    for (let i = 1; i < count; i++) score += parts[i];
    scores[doc] = score;
    scored[total++] = doc;
  }
  return { scores, scored: scored.subarray(0, total) };
}

// The documents (given by ascending number) best first, ties by number. A comparator sort
// of 60,000 numbers takes tens of milliseconds; instead the scores are sorted as a typed
// array and the documents counted into their distinct scores, in ascending order.
export function rankByScore(docs, scores) {
  const values = new Float64Array(docs.length);
  for (let i = 0; i < docs.length; i++) values[i] = scores[docs[i]];
  values.sort();
  const distinct = []; // descending
  for (let i = values.length - 1; i >= 0; i--) {
    if (i === values.length - 1 || values[i] !== values[i + 1]) distinct.push(values[i]);
  }
  const bucket = new Int32Array(docs.length);
  const starts = new Int32Array(distinct.length + 1);
  for (let i = 0; i < docs.length; i++) {
    const score = scores[docs[i]];
    let low = 0;
    let high = distinct.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (distinct[middle] > score) low = middle + 1;
      else high = middle;
    }
    bucket[i] = low;
    starts[low + 1] += 1;
  }
  for (let b = 1; b < starts.length; b++) starts[b] += starts[b - 1];
  const ranked = new Int32Array(docs.length);
  for (let i = 0; i < docs.length; i++) ranked[starts[bucket[i]]++] = docs[i];
  return ranked;
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
    forEachPosting(postings, (doc) => {
      mask[doc] |= bit;
    });
  });
  const shared = new Map();
  return (doc) => {
    const key = masks.length === 1 ? masks[0][doc] : masks.map((mask) => mask[doc]).join();
    if (!shared.has(key)) {
      const matches = {};
      pairs.forEach(({ term, field }, p) => {
        if (masks[p >> 5][doc] & (1 << (p & 31))) (matches[term] ??= []).push(field);
      });
      Object.values(matches).forEach(Object.freeze);
      shared.set(key, Object.freeze(matches));
    }
    return shared.get(key);
  };
}

// → [{ref, score, matches: {term: [field]}}], best first, ties by ref (document number):
// lunr's Index.query results over the full index, through mergeResults.
export function scoreClauses(clauses, entries, documents) {
  if (!clauses.length || missesRequiredTerm(clauses, entries)) return [];
  const pairs = termFields(clauses, entries);
  const { weights, norms } = queryVectors(clauses, entries);
  const allowed = requiredDocuments(clauses, entries, documents);
  const fields = fieldDots(pairs, weights, documents);
  const { scores, scored } = documentScores(fields, norms, allowed, documents);
  const matchesOf = documentMatches(pairs, documents);
  return Array.from(rankByScore(scored, scores), (doc) => ({
    ref: doc,
    score: scores[doc],
    matches: matchesOf(doc),
  }));
}
