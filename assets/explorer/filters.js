// Filters: which facet values are selected, which items pass, how many items each option
// would show (counted against every *other* active filter, so counts stay useful), and the
// filter panel and chips that show them. Options are built with DOM APIs only: labels are
// contributor text.
"use strict";
window.Landscape = window.Landscape || {};

Landscape.Filters = class {
  constructor(model, panel, onChange) {
    this.model = model;
    this.facets = model.facets;
    this.panel = panel;
    this.onChange = onChange;
    this.selected = this.facets.map(() => new Set());
    this.counts = this.facets.map((f) => new Int32Array(f.values.length));
    this.built = false;
    this.query = this.facets.map(() => "");
    // Long option lists are ordered by how many items have each value overall: a fixed
    // order, so an update only rewrites counts instead of rebuilding the lists.
    this.totals = this.facets.map((f) => {
      const t = new Int32Array(f.values.length);
      for (const vals of f.of) for (const v of vals) t[v]++;
      return t;
    });
  }

  active() {
    return this.selected.reduce((n, s) => n + s.size, 0);
  }

  clear() {
    this.selected.forEach((s) => s.clear());
  }

  fromParams(params) {
    this.facets.forEach((f, k) => {
      this.selected[k] = new Set(
        params.getAll(f.key).map((id) => f.ids.indexOf(id)).filter((v) => v >= 0),
      );
    });
  }

  toParams(params) {
    this.facets.forEach((f, k) => {
      for (const v of [...this.selected[k]].sort((a, b) => a - b)) params.append(f.key, f.ids[v]);
    });
  }

  toggle(k, v, on) {
    if (on) this.selected[k].add(v);
    else this.selected[k].delete(v);
    this.onChange();
  }

  // `base[i]` says whether item i passes search and group. Returns the items passing every
  // filter too, and fills this.counts.
  compute(base) {
    const facets = this.facets;
    const active = [];
    this.selected.forEach((s, k) => s.size && active.push(k));
    const sel = this.selected;
    const counts = this.counts;
    counts.forEach((c) => c.fill(0));
    const mask = new Uint8Array(this.model.n);
    for (const it of this.model.items) {
      const i = it.i;
      if (!base[i]) continue;
      let failed = -1;
      let fails = 0;
      for (const k of active) {
        const vals = facets[k].of[i];
        let ok = false;
        for (const v of vals) if (sel[k].has(v)) { ok = true; break; }
        if (!ok && ++fails === 1) failed = k;
        if (fails > 1) break;
      }
      if (fails === 0) {
        mask[i] = 1;
        for (let k = 0; k < facets.length; k++) for (const v of facets[k].of[i]) counts[k][v]++;
      } else if (fails === 1) {
        for (const v of facets[failed].of[i]) counts[failed][v]++;
      }
    }
    if (!this.panel.hidden) this.render();
    return mask;
  }

  // The panel: one box per facet. Built once, then only counts and order change.
  render() {
    if (!this.built) this.build();
    this.facets.forEach((f, k) => this.renderOptions(k));
  }

  build() {
    this.built = true;
    this.lists = [];
    this.panel.replaceChildren();
    this.facets.forEach((f, k) => {
      const box = el("fieldset", "facet");
      box.append(el("legend", "", f.label));
      if (f.values.length > 12) {
        const input = el("input", "facet-search");
        input.type = "search";
        input.placeholder = `Find ${f.label.toLowerCase()}`;
        input.setAttribute("aria-label", `Find ${f.label.toLowerCase()}`);
        input.addEventListener("input", () => {
          this.query[k] = Landscape.Search.normalize(input.value.trim());
          this.renderOptions(k);
        });
        box.append(input);
      }
      const list = el("ul", "options");
      list.addEventListener("change", (e) => {
        const box = e.target;
        if (box.type === "checkbox") this.toggle(k, Number(box.value), box.checked);
      });
      this.lists.push(list);
      box.append(list);
      this.panel.append(box);
    });
  }

  // Options of facet k: selected first, then in data order (long lists: by count), capped.
  renderOptions(k) {
    const f = this.facets[k];
    const counts = this.counts[k];
    const sel = this.selected[k];
    const q = this.query[k];
    let values = f.values.map((_, v) => v);
    if (f.key === "subcategory") {
      const cats = this.selected[this.facets.findIndex((x) => x.key === "category")];
      if (cats && cats.size) values = values.filter((v) => cats.has(f.parents[v]) || sel.has(v));
    }
    if (q) values = values.filter((v) => sel.has(v) || Landscape.Search.normalize(f.values[v]).includes(q));
    const long = f.values.length > 40;
    const totals = this.totals[k];
    if (long) values.sort((a, b) => sel.has(b) - sel.has(a) || totals[b] - totals[a]);
    const shown = long ? values.slice(0, 60) : values;
    const list = this.lists[k];
    const key = shown.join(",") + "|" + [...sel].join(",");
    if (list.dataset.key !== key) {
      list.dataset.key = key;
      list.replaceChildren(...shown.map((v) => this.option(k, v)));
    }
    // Only counts that changed are written: each write costs style work on a big page.
    for (const li of list.children) {
      const v = Number(li.dataset.v);
      const n = counts[v];
      if (li.count !== n) {
        li.count = n;
        li.lastChild.lastChild.textContent = n;
      }
      const zero = n === 0 && !sel.has(v);
      if (li.zero !== zero) {
        li.zero = zero;
        li.classList.toggle("zero", zero);
      }
    }
  }

  option(k, v) {
    const f = this.facets[k];
    const li = el("li");
    li.dataset.v = v;
    const label = el("label");
    const input = el("input");
    input.type = "checkbox";
    input.value = v;
    input.checked = this.selected[k].has(v);
    const text = f.key === "maturity" ? capitalize(f.values[v]) : f.values[v];
    label.append(input, el("span", "option-label", text), el("small", "option-count", ""));
    if (f.parents) label.title = `${this.facets[0].values[f.parents[v]]} › ${f.values[v]}`;
    li.append(label);
    return li;
  }

  // Chips for the active filters; clicking one removes it.
  chips(list) {
    const chips = [];
    this.facets.forEach((f, k) => {
      for (const v of this.selected[k]) {
        const b = el("button", "chip");
        b.type = "button";
        b.append(el("span", "chip-facet", f.label + ":"), " " + f.values[v]);
        b.setAttribute("aria-label", `Remove filter ${f.label}: ${f.values[v]}`);
        b.addEventListener("click", () => this.toggle(k, v, false));
        const li = el("li");
        li.append(b);
        chips.push(li);
      }
    });
    list.replaceChildren(...chips);
  }
};

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function capitalize(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

Landscape.el = el;
Landscape.capitalize = capitalize;
