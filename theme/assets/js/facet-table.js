// The facet table in the browser (the files of generator/search/facet_table.py): each
// facet's value codes per document, kept as integer columns, and the counting and
// filtering the results page does over tens of thousands of results. A label list per
// result and a Map per facet took about 60 ms for 中間サーバー's 48,000 results at 60,000
// assessments; counting codes in typed arrays takes a few.

// Calls visit(first document, run length, codes) for each run of a facet's list: [k,
// code₁ … codeₖ] for one document, preceded by −n for n documents alike
// (generator/search/facet_table.py encode_runs).
export function decodeRuns(runs, visit) {
  let doc = 0;
  let at = 0;
  while (at < runs.length) {
    const length = runs[at] < 0 ? -runs[at++] : 1;
    const codes = runs.slice(at + 1, at + 1 + runs[at]);
    visit(doc, length, codes);
    doc += length;
    at += 1 + codes.length;
  }
}

const NONE = -1;
const SEVERAL = -2;

// One facet: its labels (code n is labels[n]) and, per range file of `perFile`
// documents, each document's codes as offsets into one Int32Array.
export class FacetColumn {
  constructor(labels, perFile) {
    this.labels = labels;
    this.perFile = perFile;
    this.files = [];
    this.codeOf = new Map(labels.map((label, code) => [label, code]));
  }

  // The runs of the range file whose first document is `first`.
  addFile(first, runs) {
    const offsets = [0];
    const codes = [];
    decodeRuns(runs, (_doc, length, run) => {
      for (let i = 0; i < length; i++) {
        codes.push(...run);
        offsets.push(codes.length);
      }
    });
    // Per document its one code, or NONE or SEVERAL: most documents have one value of a
    // facet, and counting them then reads one number instead of a range of codes.
    const single = new Int32Array(offsets.length - 1);
    for (let at = 0; at < single.length; at++) {
      const width = offsets[at + 1] - offsets[at];
      single[at] = width === 1 ? codes[offsets[at]] : width === 0 ? NONE : SEVERAL;
    }
    this.files[first / this.perFile] = {
      first,
      offsets: Int32Array.from(offsets),
      codes: Int32Array.from(codes),
      single,
    };
  }

  // The codes of document `ref` (a view, empty when it has none).
  codes(ref) {
    const file = this.files[Math.floor(ref / this.perFile)];
    const at = ref - file.first;
    return file.codes.subarray(file.offsets[at], file.offsets[at + 1]);
  }

  values(ref) {
    return Array.from(this.codes(ref), (code) => this.labels[code]);
  }

  // codes → 1 for the given labels (a label the table does not have matches nothing).
  mask(labels) {
    const mask = new Uint8Array(this.labels.length);
    for (const label of labels) if (this.codeOf.has(label)) mask[this.codeOf.get(label)] = 1;
    return mask;
  }

  hasAny(ref, mask) {
    for (const code of this.codes(ref)) if (mask[code]) return true;
    return false;
  }

  // Per code, the number of `refs` with that value (a document listing it twice counts once).
  count(refs) {
    const counts = new Int32Array(this.labels.length);
    const lastRef = new Int32Array(this.labels.length).fill(-1);
    for (const ref of refs) {
      const file = this.files[Math.floor(ref / this.perFile)];
      const at = ref - file.first;
      const code = file.single[at];
      if (code >= 0) {
        counts[code]++;
        continue;
      }
      for (let k = file.offsets[at]; k < file.offsets[at + 1]; k++) {
        const listed = file.codes[k];
        if (lastRef[listed] !== ref) {
          counts[listed]++;
          lastRef[listed] = ref;
        }
      }
    }
    return counts;
  }
}

// The columns of the facets loaded so far.
export class FacetTable {
  constructor(columns = {}) {
    this.columns = columns;
  }

  column(facet) {
    return this.columns[facet];
  }

  // {facet: [label, …]} of document `ref`, over the loaded facets it has values for.
  row(ref) {
    const out = {};
    for (const [facet, column] of Object.entries(this.columns)) {
      const values = column.values(ref);
      if (values.length) out[facet] = values;
    }
    return out;
  }
}
