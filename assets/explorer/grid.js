// The grid view: the server-rendered landscape, filtered in place. Only tiles whose state
// changes are touched, and subcategories and categories left empty are hidden.
"use strict";
window.Landscape = window.Landscape || {};

Landscape.Grid = class {
  constructor(model, root, toc) {
    this.root = root;
    this.subs = [];
    this.cats = [];
    for (const cat of root.querySelectorAll("section.category")) {
      const link = toc && toc.querySelector(`a[href="#${CSS.escape(cat.id)}"]`);
      const c = { el: cat, subs: [], link, count: link && link.querySelector("small"), visible: -1 };
      for (const sub of cat.querySelectorAll("section.subcategory")) {
        const tiles = [...sub.querySelectorAll("li[data-i]")];
        const s = {
          el: sub,
          tiles,
          items: Int32Array.from(tiles, (li) => Number(li.dataset.i)),
          shown: new Uint8Array(tiles.length).fill(1),
          visible: tiles.length,
          count: sub.querySelector(".subcategory-title small"),
        };
        this.subs.push(s);
        c.subs.push(s);
      }
      this.cats.push(c);
    }
  }

  apply(mask) {
    for (const c of this.cats) {
      let any = false;
      let tiles = 0;
      for (const s of c.subs) {
        let visible = 0;
        for (let t = 0; t < s.tiles.length; t++) {
          const show = mask[s.items[t]];
          if (show !== s.shown[t]) {
            s.shown[t] = show;
            s.tiles[t].hidden = !show;
          }
          visible += show;
        }
        if (visible !== s.visible) {
          s.visible = visible;
          s.el.hidden = visible === 0;
          if (s.count) s.count.textContent = visible;
        }
        any = any || visible > 0;
        tiles += visible;
      }
      // The contents links count tiles like the server does, so they follow the filters.
      if (c.count && tiles !== c.visible) {
        c.visible = tiles;
        c.count.textContent = tiles;
      }
      if (c.el.hidden === any) {
        c.el.hidden = !any;
        if (c.link) c.link.hidden = !any;
      }
    }
  }
};
