// The grid's arrangements beyond the server's: classified by maturity or TAG (bands per
// value, a box per category inside), tiles in a chosen order within their boxes, and the
// zoom levels. Classified grids are made from the server's tiles (cloned) the first time
// they are asked for, in the same markup, so Landscape.Grid filters them the same way.
"use strict";
window.Landscape = window.Landscape || {};

Landscape.Arrange = {
  // Tile widths in pixels, smallest first; settings `grid_items_size` picks the default
  // (small 68, medium 84, large 104).
  ZOOM: [40, 52, 68, 84, 104, 128, 156],

  // A tile shows its logo's raster (`….tile.png`, drawn `raster` device pixels wide) while
  // that is sharp, else the SVG: the raster paints without the document Chromium builds
  // for each SVG image, the SVG is sharp at any size. Tiles in `root` are `px` wide, large
  // ones two columns and a gap; their logo box is that less the link's border and padding
  // (`.tiles a`, `.tile-large a`).
  fitLogos(root, px, raster) {
    const dpr = devicePixelRatio;
    const small = (px - 12) * dpr > raster;
    if ((2 * px + 5 - 20) * dpr <= raster) return;
    for (const img of root.querySelectorAll('img[src$=".tile.png"]')) {
      if (small || img.closest(".tile-large")) img.src = Landscape.svgOf(img.getAttribute("src"));
    }
  },

  // Calls `refit` each time the device pixels per CSS pixel change (browser zoom, a window
  // moved to another screen): a raster sharp at one resolution may not be at the next.
  onResolutionChange(refit) {
    const watch = () =>
      matchMedia(`(resolution: ${devicePixelRatio}dppx)`).addEventListener(
        "change",
        () => {
          refit();
          watch();
        },
        { once: true },
      );
    watch();
  },

  // The level whose width is `px` (else the nearest).
  zoomLevel(px) {
    const Z = Landscape.Arrange.ZOOM;
    let best = 0;
    Z.forEach((w, k) => Math.abs(w - px) < Math.abs(Z[best] - px) && (best = k));
    return best;
  },

  // A grid classified by facet `key` (maturity or tag): one band per value in the facet's
  // order (items without one last, under "None"), one box per category inside.
  classified(model, key, source) {
    const f = model.facets.find((x) => x.key === key);
    const cats = model.facets[0];
    const el = Landscape.el;
    const root = el("div", "landscape landscape-classified");
    if (!f) return root;
    const label = (v) => (v < 0 ? "None" : key === "maturity" ? Landscape.capitalize(f.values[v]) : f.values[v]);
    const bands = new Map();
    const add = (v, it) => {
      let band = bands.get(v);
      if (!band) bands.set(v, (band = new Map()));
      // An item in two categories shows in the first, like its first tile.
      const c = cats.of[it.i][0] ?? -1;
      if (!band.has(c)) band.set(c, []);
      band.get(c).push(it);
    };
    for (const it of model.items) {
      const vs = f.of[it.i].filter((v) => v !== f.none);
      if (!vs.length) add(-1, it);
      for (const v of vs) add(v, it);
    }
    const order = [...f.values.keys()].filter((v) => bands.has(v));
    if (bands.has(-1)) order.push(-1);
    for (const v of order) {
      const id = `by-${key}-${v < 0 ? "none" : Landscape.Search.normalize(f.values[v]).replace(/[^a-z0-9]+/g, "-")}`;
      const band = el("section", "category");
      band.id = id;
      band.setAttribute("aria-labelledby", id + "-t");
      const h = el("h2", "category-title", label(v));
      h.id = id + "-t";
      const boxes = el("div", "subcategories");
      for (const [c, items] of [...bands.get(v)].sort((a, b) => a[0] - b[0])) {
        const box = el("section", "subcategory");
        const title = el("h3", "subcategory-title", (c < 0 ? "Other" : cats.values[c]) + " ");
        title.append(el("small", "", String(items.length)));
        const ul = el("ul", "tiles");
        for (const it of items) {
          const li = it.tiles[0].cloneNode(true);
          li.hidden = false;
          li.removeAttribute("data-plain-in");
          ul.append(li);
        }
        box.append(title, ul);
        boxes.append(box);
      }
      band.append(h, boxes);
      root.append(band);
    }
    root.style.setProperty("--tile", source.style.getPropertyValue("--tile"));
    return root;
  },

  // Orders the tiles in each box of `root`: featured tiles first as the settings order
  // them, then by `sort` ("" keeps the server's order) in direction `dir`.
  sort(root, model, sort, dir) {
    const key = sort && sort !== "relevance" ? sort : "";
    let pos = null;
    if (key || dir) {
      const all = new Uint8Array(model.n).fill(1);
      pos = new Int32Array(model.n);
      Landscape.Cards.order(model, all, key || "name", null, dir).forEach((it, k) => (pos[it.i] = k));
    }
    for (const ul of root.querySelectorAll("ul.tiles")) {
      const tiles = [...ul.children];
      for (const [k, li] of tiles.entries()) if (li.first === undefined) li.first = k;
      const large = (li) => (li.classList.contains("tile-large") ? 0 : 1);
      tiles.sort((a, b) =>
        pos ? large(a) - large(b) || pos[a.dataset.i] - pos[b.dataset.i] || a.first - b.first : a.first - b.first,
      );
      if (tiles.some((li, k) => ul.children[k] !== li)) ul.append(...tiles);
    }
  },
};
