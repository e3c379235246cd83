// Instant, ranked, typo-tolerant search. Every word of every searchable field goes into one
// vocabulary; a query token is matched against the vocabulary (exact, prefix, inside a word,
// or within 1-2 edits), then the matching words' postings score the items. Fields rank:
// name, organization, description, repository, topics.
"use strict";
window.Landscape = window.Landscape || {};

Landscape.Search = class {
  constructor(items, n) {
    this.items = items;
    this.n = n;
    this.words = null; // built on first use
    this.memo = new Map();
  }

  static normalize(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  static tokens(text) {
    return Landscape.Search.normalize(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  build() {
    const index = new Map();
    const add = (word, posting) => {
      let list = index.get(word);
      if (!list) index.set(word, (list = []));
      if (list[list.length - 1] !== posting) list.push(posting);
    };
    const T = Landscape.Search.tokens;
    for (const it of this.items) {
      const base = it.i * 8;
      const name = T(it.name);
      for (const w of name) add(w, base);
      if (name.length > 1) add(name.join(""), base); // "cri-o" is found by "crio"
      if (it.org) for (const w of T(it.org)) add(w, base + 1);
      for (const w of T(it.desc)) add(w, base + 2);
      for (const w of T(it.repo)) add(w, base + 3);
      for (const t of it.topics) for (const w of T(t)) add(w, base + 4);
    }
    this.words = [...index.keys()];
    this.postings = this.words.map((w) => index.get(w));
    this.names = new Array(this.n);
    for (const it of this.items) this.names[it.i] = Landscape.Search.normalize(it.name);
  }

  // Vocabulary words matching `t`, with a match quality in (0, 1].
  matchToken(t) {
    let hits = this.memo.get(t);
    if (hits) return hits;
    hits = [];
    const maxEdits = t.length >= 8 ? 2 : t.length >= 4 ? 1 : 0;
    const words = this.words;
    for (let k = 0; k < words.length; k++) {
      const w = words[k];
      let q = 0;
      if (w === t) q = 1;
      else if (w.startsWith(t)) q = 0.75;
      else if (t.length >= 3 && w.includes(t)) q = 0.4;
      else if (maxEdits && Math.abs(w.length - t.length) <= maxEdits) {
        const d = editDistance(w, t, maxEdits);
        if (d <= maxEdits) q = d === 1 ? 0.45 : 0.3;
      }
      if (q) hits.push(k, q);
    }
    if (this.memo.size > 256) this.memo.clear();
    this.memo.set(t, hits);
    return hits;
  }

  // Scores per item index (Float64Array, 0 = no match), or null for an empty query.
  query(text) {
    const tokens = Landscape.Search.tokens(text);
    if (!tokens.length) return null;
    if (!this.words) this.build();
    const n = this.n;
    const total = new Float64Array(n);
    const best = new Float64Array(n);
    const WEIGHT = [10, 6, 3, 2, 1.5];
    tokens.forEach((t, ti) => {
      best.fill(0);
      const hits = this.matchToken(t);
      for (let h = 0; h < hits.length; h += 2) {
        const q = hits[h + 1];
        for (const p of this.postings[hits[h]]) {
          const i = p >> 3;
          const s = q * WEIGHT[p & 7];
          if (s > best[i]) best[i] = s;
        }
      }
      // Every token must match somewhere: an item missing one drops out.
      for (let i = 0; i < n; i++) total[i] = best[i] && (ti === 0 || total[i]) ? total[i] + best[i] : 0;
    });
    const whole = Landscape.Search.normalize(text.trim());
    for (let i = 0; i < n; i++) {
      if (!total[i]) continue;
      const name = this.names[i];
      if (name === whole) total[i] += 40;
      else if (name.startsWith(whole)) total[i] += 20;
    }
    return total;
  }
};

// The ranking order of a query's `scores`: best score first, ties by name. The card view's
// "Best match" and the header's search box both order by it.
Landscape.Search.compare = (scores) => (a, b) => scores[b.i] - scores[a.i] || a.rank - b.rank;

// Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. The two
// rows are reused between calls: a keystroke compares thousands of words.
let prevRow = new Int32Array(64);
let curRow = new Int32Array(64);
function editDistance(a, b, max) {
  const m = a.length;
  const n = b.length;
  if (prevRow.length <= n) {
    prevRow = new Int32Array(n + 1);
    curRow = new Int32Array(n + 1);
  }
  let prev = prevRow;
  let cur = curRow;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[n];
}
