// The card view: one card per item, in the chosen order. Cards are made a chunk at a time as
// the list scrolls, so a filter never builds 2,400 cards at once.
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

  static sorters() {
    const num = (key) => (a, b) => (b[key] ?? -1) - (a[key] ?? -1);
    const date = (key) => (a, b) => (b[key] || "").localeCompare(a[key] || "");
    return {
      stars: num("stars"),
      contributors: num("contributors"),
      commit: date("commit"),
      accepted: date("accepted"),
    };
  }

  // Orders the items of `mask`: by `sort`, by search score, or by name. Items without the
  // sorted value go last; ties go by name.
  static order(model, mask, sort, scores) {
    const list = model.items.filter((it) => mask[it.i]);
    const byName = (a, b) => a.rank - b.rank;
    const cmp = Landscape.Cards.sorters()[sort];
    if (cmp) list.sort((a, b) => cmp(a, b) || byName(a, b));
    else if (scores && sort !== "name") list.sort((a, b) => scores[b.i] - scores[a.i] || byName(a, b));
    else list.sort(byName);
    return list;
  }

  show(list) {
    this.order = list;
    this.done = 0;
    this.root.replaceChildren();
    this.more(48);
  }

  more(count = 96) {
    const end = Math.min(this.order.length, this.done + count);
    const frag = document.createDocumentFragment();
    for (let k = this.done; k < end; k++) frag.append(this.card(this.order[k]));
    this.done = end;
    this.root.append(frag);
    this.observer.disconnect();
    if (this.done < this.order.length) {
      this.root.append(this.sentinel);
      this.observer.observe(this.sentinel);
    }
  }

  card(it) {
    let card = this.cache.get(it.i);
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
    if (it.maturity) meta.append(el("li", `maturity maturity-${it.maturity}`, Landscape.capitalize(it.maturity)));
    if (it.stars != null) {
      const s = el("li", "card-stars", "★ " + short(it.stars));
      s.title = `${it.stars} GitHub stars`;
      meta.append(s);
    }
    if (it.commit) {
      const c = el("li", "card-commit", "Updated ");
      const t = el("time", "", it.commit);
      t.dateTime = it.commit;
      c.append(t);
      meta.append(c);
    }
    body.append(meta);
    a.append(logo, body);
    card.append(a);
    this.cache.set(it.i, card);
    return card;
  }
};

function short(n) {
  if (n < 1000) return String(n);
  const [d, s] = n < 1e6 ? [1e3, "k"] : [1e6, "M"];
  const x = n / d;
  return (x < 100 ? x.toFixed(1).replace(/\.0$/, "") : Math.round(x)) + s;
}
