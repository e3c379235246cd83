// The explorer's model: the compact index (data/explorer.<hash>.json) joined with the
// grid's tiles, which already carry each item's name, logo and permalink (data-i = column).
// Pages without the grid (the header's search) take those from data/search.json instead.
"use strict";
window.Landscape = window.Landscape || {};

// A tile may show its logo's raster (`<name>.<hash>.tile.png`, named after the SVG): the
// SVG's URL from the tile's.
Landscape.svgOf = (src) => src.replace(/\.tile\.png$/, ".svg");

// Fetches and decodes `urls` while the browser is idle, `batch` at a time, so that showing
// them later costs neither their responses nor their decoding on the main thread. The
// images are returned and should be kept: the memory cache holds what is still referenced.
Landscape.warm = function (urls, batch = 1) {
  const queue = [...new Set(urls)];
  const kept = [];
  const next = () => {
    const loads = queue.splice(0, batch).map((url) => {
      const img = new Image();
      img.src = url;
      kept.push(img);
      return img.decode().catch(() => {});
    });
    if (loads.length) Promise.all(loads).then(() => Landscape.whenIdle(next));
  };
  Landscape.whenIdle(next);
  return kept;
};

Landscape.load = async function (root) {
  const res = await fetch(root.dataset.index, { credentials: "same-origin" });
  if (!res.ok) throw new Error(`cannot load the explorer index: HTTP ${res.status}`);
  return Landscape.model(await res.json(), root.querySelectorAll("#landscape li[data-i]"));
};

// The model for a page without the grid: names, permalinks and logos from
// data/search.json (revalidated: its name is the same in every build), which names the index.
Landscape.loadNames = async function (base) {
  const get = async (url, cache) => {
    const res = await fetch(url, { credentials: "same-origin", cache });
    if (!res.ok) throw new Error(`cannot load ${url}: HTTP ${res.status}`);
    return res.json();
  };
  const names = await get(`${base}/data/search.json`, "no-cache");
  const data = await get(names.index, "default");
  const byIndex = new Array(data.n);
  names.name.forEach((name, i) => {
    if (name !== null && i < data.n) byIndex[i] = { i, name, url: names.url[i], logo: names.logo[i], tiles: [] };
  });
  return Landscape.join(data, byIndex);
};

// Turns the columnar index into item records; only items with a tile take part.
Landscape.model = function (data, tiles) {
  const byIndex = new Array(data.n);
  for (const li of tiles) {
    const i = Number(li.dataset.i);
    if (!(i >= 0 && i < data.n)) continue;
    let it = byIndex[i];
    if (!it) {
      const a = li.querySelector("a");
      const img = a && a.querySelector("img");
      if (!a) continue;
      it = byIndex[i] = {
        i,
        name: img ? img.alt : a.textContent.trim(),
        url: a.getAttribute("href"),
        // Cards and the hover card show the SVG.
        logo: img ? Landscape.svgOf(img.getAttribute("src")) : null,
        tiles: [],
      };
    }
    it.tiles.push(li);
  }
  return Landscape.join(data, byIndex);
};

// The index joined with the items' names (`byIndex`: a record per shown item's column).
Landscape.join = function (data, byIndex) {
  const facets = data.facets.map((f) => ({
    key: f.key,
    label: f.label,
    values: f.values,
    labels: f.labels || null,
    hide: f.hide ?? -1,
    ids: f.ids || f.values,
    parents: f.parents || null,
    // landscape2's subcategory anchors; the value items without any other have; the URL id
    // of every value but that one.
    anchors: f.anchors || null,
    none: f.none ?? -1,
    all: f.all || null,
    // Every item's values as an array (empty when it has none).
    of: f.of.map((c) => (c === null ? [] : typeof c === "number" ? [c] : c)),
  }));
  // The same values packed flat (item i's are vals[start[i]] up to vals[start[i + 1]]):
  // counting every filter option on each click walks typed arrays, not 2,400 small ones.
  for (const f of facets) {
    f.start = new Int32Array(data.n + 1);
    for (let i = 0; i < data.n; i++) f.start[i + 1] = f.start[i] + f.of[i].length;
    f.vals = Int32Array.from(f.of.flat());
  }
  const facet = (key) => facets.find((f) => f.key === key);
  const label = (f, i) => (f && f.of[i].length && f.of[i][0] !== f.none ? f.values[f.of[i][0]] : null);
  const org = facet("organization");
  const maturity = facet("maturity");
  const items = [];
  for (let i = 0; i < data.n; i++) {
    const it = byIndex[i];
    if (!it) continue;
    it.desc = data.desc[i] || "";
    it.repo = data.repo[i] || "";
    it.topics = data.topics[i] || [];
    it.stars = data.stars[i];
    it.contributors = data.contributors[i];
    it.commit = data.commit[i];
    it.accepted = data.accepted[i];
    // Organizations' total funding (USD): a column only when some organization has one.
    it.funding = data.funding ? data.funding[i] : null;
    // Custom fields the settings show on cards or hover cards: [label, text] pairs.
    it.cardFields = [];
    it.hoverFields = [];
    for (const f of data.fields || []) {
      const v = f.of[i];
      if (v == null) continue;
      if (f.card) it.cardFields.push([f.label, v]);
      if (f.hovercard) it.hoverFields.push([f.label, v]);
    }
    it.org = label(org, i);
    it.maturity = label(maturity, i);
    items.push(it);
  }
  // Name order, computed once: sorting by a rank is an integer compare, where a collator
  // compare per pair made a keystroke in the card view cost tens of milliseconds.
  const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });
  [...items].sort((a, b) => collator.compare(a.name, b.name)).forEach((it, r) => (it.rank = r));
  return { n: data.n, items, byIndex, facets, groups: data.groups || [], github: data.github, funding: !!data.funding };
};
