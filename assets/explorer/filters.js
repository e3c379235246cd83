// Filters: which facet values are selected, which items pass, how many items each option
// would show (counted against every *other* active filter, so counts stay useful), and the
// filter panel and chips that show them. Options are built with DOM APIs only: labels are
// contributor text.
"use strict";
window.Landscape = window.Landscape || {};

Landscape.Filters = class {
  // Option lists longer than LONG are ordered by count and show the first SHOWN options;
  // WINDOW rows cover what a list shows without scrolling.
  static LONG = 40;
  static SHOWN = 60;
  static WINDOW = 12;

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
    // order, computed once, so an update only rewrites counts instead of rebuilding lists.
    this.order = this.facets.map((f) => {
      const t = new Int32Array(f.values.length);
      for (const v of f.vals) t[v]++;
      const order = f.values.map((_, v) => v);
      if (f.values.length > Landscape.Filters.LONG) order.sort((a, b) => t[b] - t[a] || a - b);
      return order;
    });
    this.items = Int32Array.from(model.items, (it) => it.i);
    this.stale = new Set();
    // Facets whose `hide` value the site leaves out until asked (settings
    // `hide_archived_items`): not filters but a switch in the toolbar, `?<key>=show`.
    this.hiding = this.facets.map((f) => f.hide >= 0);
    this.veil = null;
    this.switches = this.facets.map((f, k) => (f.hide >= 0 ? this.switchFor(k) : null));
    const maturity = this.facets.find((f) => f.key === "maturity");
    if (maturity && maturity.labels) {
      Landscape.maturityLabel = (name) => {
        const v = maturity.values.indexOf(name);
        return v >= 0 ? maturity.labels[v] : capitalize(name);
      };
    }
  }

  // The toolbar's "Show <label>" switch of hiding facet k.
  switchFor(k) {
    const f = this.facets[k];
    const input = el("input");
    input.type = "checkbox";
    input.id = `show-${f.key}`;
    input.addEventListener("change", () => {
      this.hiding[k] = !input.checked;
      this.veil = null;
      this.onChange();
    });
    const label = el("label", "hidden-switch");
    label.append(input, ` Show ${f.label.toLowerCase()}`);
    const anchor = document.getElementById("filters-toggle");
    if (anchor) anchor.before(label);
    else this.panel.before(label);
    return input;
  }

  // 1 for the items a hiding facet leaves out now.
  veiled() {
    if (this.veil) return this.veil;
    const veil = new Uint8Array(this.model.n);
    this.facets.forEach((f, k) => {
      if (!this.hiding[k]) return;
      for (let i = 0; i < this.model.n; i++) {
        for (let p = f.start[i]; p < f.start[i + 1]; p++) if (f.vals[p] === f.hide) veil[i] = 1;
      }
    });
    return (this.veil = veil);
  }

  active() {
    return this.selected.reduce((n, s) => n + s.size, 0);
  }

  clear() {
    this.selected.forEach((s) => s.clear());
  }

  // landscape2's names of facets whose key differs here.
  static ALIASES = { maturity: ["project"] };

  fromParams(params) {
    this.veil = null;
    this.facets.forEach((f, k) => {
      if (f.hide >= 0) {
        this.hiding[k] = params.get(f.key) !== "show";
        this.switches[k].checked = !this.hiding[k];
        return;
      }
      const sel = new Set();
      for (const key of [f.key, ...(Landscape.Filters.ALIASES[f.key] || [])]) {
        for (const id of params.getAll(key)) for (const v of this.lookup(f, id)) sel.add(v);
      }
      this.selected[k] = sel;
    });
  }

  // The values of facet f that URL value `id` names: its id; landscape2's id of "every
  // value but none" (`project=cncf`, `license=oss`); `true`/`false` for Yes/No; or a value
  // in any case (landscape2 names organizations as Crunchbase writes them).
  lookup(f, id) {
    if (f.all && id === f.all) return f.values.map((_, v) => v).filter((v) => v !== f.none);
    let v = f.ids.indexOf(id);
    if (v < 0 && (id === "true" || id === "false")) v = f.ids.indexOf(id === "true" ? "Yes" : "No");
    if (v < 0) {
      const low = id.toLowerCase();
      v = f.ids.findIndex((x) => x.toLowerCase() === low);
    }
    return v >= 0 ? [v] : [];
  }

  toParams(params) {
    this.facets.forEach((f, k) => {
      if (f.hide >= 0 && !this.hiding[k]) params.append(f.key, "show");
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
    const chosen = [];
    this.selected.forEach((s, k) => {
      if (!s.size) return;
      const bits = new Uint8Array(facets[k].values.length);
      for (const v of s) bits[v] = 1;
      active.push(k);
      chosen.push(bits);
    });
    const counts = this.counts;
    counts.forEach((c) => c.fill(0));
    const mask = new Uint8Array(this.model.n);
    const add = (f, c, i) => {
      for (let p = f.start[i], e = f.start[i + 1]; p < e; p++) c[f.vals[p]]++;
    };
    const veil = this.veiled();
    for (const i of this.items) {
      if (!base[i] || veil[i]) continue;
      let failed = -1;
      let fails = 0;
      for (let a = 0; a < active.length && fails < 2; a++) {
        const f = facets[active[a]];
        const bits = chosen[a];
        let ok = false;
        for (let p = f.start[i], e = f.start[i + 1]; p < e && !ok; p++) ok = bits[f.vals[p]] === 1;
        if (!ok && ++fails === 1) failed = active[a];
      }
      if (fails === 0) {
        mask[i] = 1;
        for (let k = 0; k < facets.length; k++) add(facets[k], counts[k], i);
      } else if (fails === 1) {
        add(facets[failed], counts[failed], i);
      }
    }
    if (!this.panel.hidden) this.render();
    return mask;
  }

  // How many items match the search (`scores`, null for none) and pass every filter, in
  // any group.
  count(scores) {
    const chosen = this.selected.map((s, k) => {
      if (!s.size) return null;
      const bits = new Uint8Array(this.facets[k].values.length);
      for (const v of s) bits[v] = 1;
      return bits;
    });
    let n = 0;
    const veil = this.veiled();
    for (const i of this.items) {
      if ((scores && !scores[i]) || veil[i]) continue;
      let ok = true;
      for (let k = 0; k < chosen.length && ok; k++) {
        const f = this.facets[k];
        const bits = chosen[k];
        if (!bits) continue;
        ok = false;
        for (let p = f.start[i], e = f.start[i + 1]; p < e && !ok; p++) ok = bits[f.vals[p]] === 1;
      }
      n += ok;
    }
    return n;
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
      if (f.hide >= 0) return this.lists.push(null);
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
      // Rows scrolled into view are brought up to date at once (see renderOptions).
      list.addEventListener(
        "scroll",
        () => {
          const row = list.firstElementChild;
          list.top = row ? Math.floor(list.scrollTop / Math.max(1, row.offsetHeight)) : 0;
          this.writeCounts(k, list.top - 2, list.top + Landscape.Filters.WINDOW);
        },
        { passive: true },
      );
      this.lists.push(list);
      box.append(list);
      this.panel.append(box);
    });
  }

  // Options of facet k in data order; long lists show the selected ones first, then the
  // others by count, capped at SHOWN.
  renderOptions(k) {
    if (!this.lists[k]) return;
    const f = this.facets[k];
    const sel = this.selected[k];
    const q = this.query[k];
    let parents = null;
    if (f.key === "subcategory") {
      const cats = this.selected[this.facets.findIndex((x) => x.key === "category")];
      if (cats && cats.size) parents = cats;
    }
    const long = f.values.length > Landscape.Filters.LONG;
    const keep = (v) =>
      (!parents || parents.has(f.parents[v])) &&
      (!q || Landscape.Search.normalize(f.values[v]).includes(q));
    const order = this.order[k];
    const shown = long ? order.filter((v) => sel.has(v)) : [];
    for (const v of order) {
      if (long && shown.length >= Landscape.Filters.SHOWN) break;
      if (sel.has(v) ? !long : keep(v)) shown.push(v);
    }
    const list = this.lists[k];
    const key = shown.join(",") + "|" + [...sel].join(",");
    if (list.dataset.key !== key) {
      list.dataset.key = key;
      // A keyboard user who just ticked an option keeps the focus on it.
      const focused = list.contains(document.activeElement) ? document.activeElement.value : null;
      list.replaceChildren(...shown.map((v) => this.option(k, v)));
      if (focused !== null) list.querySelector(`input[value="${focused}"]`)?.focus();
      list.style.setProperty("--rows", shown.length);
      this.writeCounts(k, 0, Infinity);
      return;
    }
    // A count written costs layout, even out of sight in a scrolled list: rows near the
    // list's scroll position are written now, the rest when the browser is idle.
    const top = list.top || 0;
    this.writeCounts(k, top - 2, top + Landscape.Filters.WINDOW);
    // One idle pass serves every list left stale meanwhile.
    if (!this.stale.size) {
      Landscape.whenIdle(() => {
        for (const j of this.stale) this.writeCounts(j, 0, Infinity);
        this.stale.clear();
      });
    }
    this.stale.add(k);
  }

  // Brings rows [from, to) of facet k's list up to date with this.counts.
  writeCounts(k, from, to) {
    const counts = this.counts[k];
    const sel = this.selected[k];
    const rows = this.lists[k].children;
    for (let r = Math.max(0, from); r < rows.length && r < to; r++) {
      const li = rows[r];
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
    label.append(input, el("span", "option-label", this.label(k, v)), el("small", "option-count", ""));
    if (f.parents) label.title = `${this.facets[0].values[f.parents[v]]} › ${f.values[v]}`;
    li.append(label);
    return li;
  }

  // How option v of facet k reads in the panel and on its chip.
  label(k, v) {
    const f = this.facets[k];
    if (!f || !(v >= 0)) return "";
    if (f.labels) return f.labels[v];
    return f.key === "maturity" ? capitalize(f.values[v]) : f.values[v];
  }

  // Chips for the active filters; clicking one removes it.
  chips(list) {
    const chips = [];
    this.facets.forEach((f, k) => {
      for (const v of this.selected[k]) {
        const b = el("button", "chip");
        b.type = "button";
        const text = this.label(k, v);
        b.append(el("span", "chip-facet", f.label + ":"), " " + text);
        b.setAttribute("aria-label", `Remove filter ${f.label}: ${text}`);
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

// Runs fn when the browser is idle (at the latest after `timeout` ms).
function whenIdle(fn, timeout = 300) {
  if (window.requestIdleCallback) return requestIdleCallback(fn, { timeout });
  return setTimeout(() => fn({ timeRemaining: () => 8 }), 16);
}

function capitalize(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// A maturity's CSS class name, as the pages write it (lowercase letters and digits, dashes).
function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

Landscape.el = el;
Landscape.slug = slug;
Landscape.maturityLabel = capitalize;
Landscape.capitalize = capitalize;
Landscape.whenIdle = whenIdle;
