// The card view: one card per item, in the chosen order, under headings when classified
// (by subcategory, maturity or TAG). Cards are made a chunk at a time as the list scrolls,
// so a filter never builds 2,400 cards at once.
"use strict";
window.Landscape = window.Landscape || {};

Landscape.Cards = class {
  constructor(model, root) {
    this.model = model;
    this.root = root;
    this.order = [];
    this.done = 0;
    this.cache = new Map();
    this.sentinel = Landscape.el("div", "cards-more");
    this.observer = new IntersectionObserver(
      (entries) => entries.some((e) => e.isIntersecting) && this.more(),
      { rootMargin: "800px" },
    );
  }

  // How many cards a view shows at first; more are made as the list scrolls.
  static FIRST = 48;

  // The item field each sort orders by.
  static KEYS = { stars: "stars", contributors: "contributors", commit: "commit", accepted: "accepted", funding: "funding" };

  // Orders the items of `mask`: by `sort`, by search score, or by name. `dir` ("asc",
  // "desc", "" for the sort's own: names A to Z, figures and dates highest first) turns the
  // order round. Items without the sorted value go last either way; ties go by name.
  static order(model, mask, sort, scores, dir) {
    const list = model.items.filter((it) => mask[it.i]);
    const key = Landscape.Cards.KEYS[sort];
    if (key) {
      const s = dir === "asc" ? -1 : 1;
      const none = (x) => x == null || x === "";
      list.sort((a, b) => {
        const x = a[key];
        const y = b[key];
        if (none(x) || none(y)) return none(x) - none(y) || a.rank - b.rank;
        return s * ((y > x) - (y < x)) || a.rank - b.rank;
      });
    } else if (scores && sort !== "name") list.sort(Landscape.Search.compare(scores));
    else if (dir === "desc") list.sort((a, b) => b.rank - a.rank);
    else list.sort((a, b) => a.rank - b.rank);
    return list;
  }

  // `list` under headings, one per value of the classification (`category`: subcategories
  // in the landscape's order, where an item in two is in both; `maturity`; `tag`), each
  // keeping the list's order; items without a value come last, under "None".
  static sections(model, list, classify) {
    const key = classify === "category" ? "subcategory" : classify;
    const f = model.facets.find((x) => x.key === key);
    if (!f) return null;
    const by = f.values.map(() => []);
    const rest = [];
    for (const it of list) {
      const vs = f.of[it.i];
      if (!vs.length) rest.push(it);
      for (const v of vs) by[v].push(it);
    }
    const cats = model.facets[0].values;
    const title = (v) =>
      f.parents ? `${cats[f.parents[v]]} / ${f.values[v]}` : key === "maturity" ? Landscape.maturityLabel(f.values[v]) : f.labels ? f.labels[v] : f.values[v];
    const out = [];
    by.forEach((items, v) => items.length && out.push({ v, title: title(v), items }));
    if (rest.length) out.push({ v: -1, title: "None", items: rest });
    return out;
  }

  // Shows `list`, or its `sections` when given.
  show(list, sections) {
    this.order = sections ? sections.flatMap((s) => [s, ...s.items]) : list;
    this.used = sections ? new Set() : null;
    this.heads = new Map();
    this.done = 0;
    // Cards are reused: the one with the focus (back from the dialog) keeps it.
    const focused = this.root.contains(document.activeElement) ? document.activeElement : null;
    this.root.replaceChildren();
    this.more(Landscape.Cards.FIRST);
    if (focused && focused.isConnected) focused.focus({ preventScroll: true });
  }

  // Loads the logos of the first cards `list` would show, one at a time while the browser
  // is idle. The images are kept so that the cards' own reuse them, decoded.
  warm(list) {
    this.warmed = Landscape.warm(list.slice(0, Landscape.Cards.FIRST).map((it) => it.logo).filter(Boolean));
  }

  more(count = 96) {
    const end = Math.min(this.order.length, this.done + count);
    const frag = document.createDocumentFragment();
    for (let k = this.done; k < end; k++) {
      const entry = this.order[k];
      frag.append(entry.items ? this.head(entry) : this.card(entry));
    }
    this.done = end;
    this.root.append(frag);
    this.observer.disconnect();
    if (this.done < this.order.length) {
      this.root.append(this.sentinel);
      this.observer.observe(this.sentinel);
    }
  }

  // Scrolls to section `v` (making the cards up to it first); false if there is none.
  reveal(v) {
    const at = this.order.findIndex((e) => e.items && e.v === v);
    if (at < 0) return false;
    if (at >= this.done) this.more(at - this.done + 48);
    this.heads.get(v).scrollIntoView();
    return true;
  }

  head(section) {
    const h = Landscape.el("h2", "cards-section", section.title + " ");
    h.append(Landscape.el("small", "", String(section.items.length)));
    h.dataset.v = section.v;
    // A row of its own across the card grid.
    h.style.gridColumn = "1 / -1";
    h.style.margin = ".6rem 0 0";
    h.style.fontSize = "1rem";
    this.heads.set(section.v, h);
    return h;
  }

  card(it) {
    let card = this.cache.get(it.i);
    // An item in two sections gets a second card.
    if (card && this.used) card = this.used.has(it.i) ? card.cloneNode(true) : card;
    if (this.used) this.used.add(it.i);
    if (card) return card;
    const el = Landscape.el;
    card = el("article", "card");
    const a = el("a", "card-link");
    a.href = it.url;
    a.dataset.i = it.i;
    const logo = el("div", "card-logo");
    if (it.logo) {
      const img = el("img");
      img.src = it.logo;
      img.alt = "";
      img.loading = "lazy";
      logo.append(img);
    }
    const body = el("div", "card-body");
    body.append(el("h3", "card-name", it.name));
    if (it.org) body.append(el("p", "card-org", it.org));
    if (it.desc) body.append(el("p", "card-desc", it.desc));
    const meta = el("ul", "card-meta");
    if (it.maturity) meta.append(el("li", `maturity maturity-${Landscape.slug(it.maturity)}`, Landscape.maturityLabel(it.maturity)));
    if (it.stars != null) {
      const s = el("li", "card-stars", "★ " + short(it.stars));
      s.title = `${it.stars} GitHub stars`;
      meta.append(s);
    }
    if (it.funding != null) {
      const f = el("li", "card-funding", "$" + short(it.funding));
      f.title = `Funding: ${it.funding} USD`;
      meta.append(f);
    }
    if (it.commit) {
      const c = el("li", "card-commit", "Updated ");
      const t = el("time", "", it.commit);
      t.dateTime = it.commit;
      c.append(t);
      meta.append(c);
    }
    body.append(meta);
    const fields = Landscape.fieldList(it.cardFields, "card-fields");
    if (fields) body.append(fields);
    a.append(logo, body);
    card.append(a);
    this.cache.set(it.i, card);
    return card;
  }
};

// Custom fields as a description list (text only: values are contributor text), or null.
Landscape.fieldList = function (pairs, cls) {
  if (!pairs || !pairs.length) return null;
  const dl = Landscape.el("dl", cls);
  for (const [label, value] of pairs) dl.append(Landscape.el("dt", "", label), Landscape.el("dd", "", value));
  return dl;
};

function short(n) {
  if (n < 1000) return String(n);
  const [d, s] = n < 1e6 ? [1e3, "k"] : [1e6, "M"];
  const x = n / d;
  return (x < 100 ? x.toFixed(1).replace(/\.0$/, "") : Math.round(x)) + s;
}
