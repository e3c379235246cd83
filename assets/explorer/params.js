// The explorer's state in the query string. This site writes its own parameters (`view`,
// `q`, `sort`, `dir`, `group`, `classify`, `zoom`, `sub`, `item`, one per filter facet) and reads those of
// landscape2 too (`view-mode`, `group=<normalized name>` or `all`, `sort-by`,
// `sort-direction`, `project`, `enduser=true`, ...), so README badges, bookmarks and links
// made for a landscape2 site land on the same view here. Values it does not know are ignored.
"use strict";
window.Landscape = window.Landscape || {};

Landscape.Params = class {
  static SORTS = ["name", "relevance", "stars", "commit", "contributors", "accepted", "funding"];
  // landscape2's `sort-by` values this site can honour (not first-commit).
  static L2_SORTS = {
    name: "name",
    stars: "stars",
    "date-added": "accepted",
    contributors: "contributors",
    "latest-commit": "commit",
    funding: "funding",
  };
  static CLASSIFY = { category: "subcategory", maturity: "maturity", tag: "tag" };

  // `defaults`: { view, group } when the URL names none.
  constructor(model, defaults) {
    this.model = model;
    this.defaults = defaults;
  }

  // A sort's own direction: names A to Z, figures and dates highest first.
  static natural(sort) {
    return !sort || sort === "name" ? "asc" : "desc";
  }

  // Fills `state` (all but the item and the filters) from URL parameters `p`.
  read(p, state) {
    const view = p.get("view") || p.get("view-mode");
    state.view = view === "grid" || view === "card" ? view : this.defaults.view;
    state.q = p.get("q") || "";
    let sort = "";
    let dir = "";
    if (p.has("sort")) {
      sort = this.sorts(p.get("sort")) ? p.get("sort") : "";
      dir = p.get("dir");
    } else if (p.has("sort-by")) {
      sort = Landscape.Params.L2_SORTS[p.get("sort-by")] || "";
      if (!this.sorts(sort)) sort = "";
      // landscape2 sorts ascending unless told otherwise.
      dir = p.get("sort-direction") || "asc";
    }
    state.sort = sort;
    state.dir = sort && (dir === "asc" || dir === "desc") && dir !== Landscape.Params.natural(sort) ? dir : "";
    const classify = p.get("classify");
    state.classify = this.classifies(classify) ? classify : "";
    state.group = this.group(p.get("group"));
    const zoom = Number(p.get("zoom"));
    state.zoom = p.has("zoom") && Number.isInteger(zoom) && zoom >= 0 && zoom < Landscape.Arrange.ZOOM.length ? zoom : this.defaults.zoom;
    state.sub = p.get("sub") || "";
  }

  // The group `id` names (this site's id, landscape2's normalized name, or `all`), else the
  // default one.
  group(id) {
    if (id === "all") return "all";
    const g = this.model.groups.find((g) => g.id === id || g.key === id);
    return g ? g.id : this.defaults.group;
  }

  // Whether the card view can sort by `sort` (funding only when the index has the column).
  sorts(sort) {
    return Landscape.Params.SORTS.includes(sort) && (sort !== "funding" || this.model.funding);
  }

  // Whether the card view can classify by `how` (the facet it needs exists).
  classifies(how) {
    const key = Landscape.Params.CLASSIFY[how];
    return !!key && this.model.facets.some((f) => f.key === key);
  }

  // The URL parameters for `state`; defaults are left out.
  write(state, filters) {
    const p = new URLSearchParams();
    if (state.group !== this.defaults.group) p.set("group", state.group);
    if (state.view !== this.defaults.view) p.set("view", state.view);
    if (state.q) p.set("q", state.q);
    if (state.sort) p.set("sort", state.sort);
    if (state.dir) p.set("dir", state.dir);
    if (state.classify) p.set("classify", state.classify);
    if (state.zoom !== this.defaults.zoom) p.set("zoom", state.zoom);
    if (state.sub) p.set("sub", state.sub);
    filters.toParams(p);
    if (state.item) p.set("item", state.item.url.split("/").filter(Boolean).pop());
    else if (state.pending) p.set("item", state.pending);
    return p;
  }
};
