// The grid view: the server-rendered landscape, filtered in place. Only tiles whose state
// changes are touched, and subcategories and categories left empty are hidden.
//
// Showing or hiding a tile is a DOM write, and a filter that changes most of 2,400 tiles
// cost tens of milliseconds. So tiles are updated at once only in categories near the
// viewport (or appearing, or disappearing); the others catch up when the browser is idle,
// or as soon as they scroll near. Counts and category visibility never wait.
"use strict";
window.Landscape = window.Landscape || {};

Landscape.Grid = class {
  constructor(model, root, toc) {
    this.root = root;
    this.cats = [];
    this.mask = null;
    this.pending = new Set();
    this.near = new Set();
    this.idle = 0;
    for (const cat of root.querySelectorAll("section.category")) {
      const link = toc && toc.querySelector(`a[href="#${CSS.escape(cat.id)}"]`);
      const c = { el: cat, subs: [], link, count: link && link.querySelector("small"), visible: -1 };
      for (const sub of cat.querySelectorAll("section.subcategory")) {
        const tiles = [...sub.querySelectorAll("li[data-i]")];
        c.subs.push({
          el: sub,
          tiles,
          items: Int32Array.from(tiles, (li) => Number(li.dataset.i)),
          shown: new Uint8Array(tiles.length).fill(1),
          visible: tiles.length,
          count: sub.querySelector(".subcategory-title small"),
        });
      }
      this.cats.push(c);
    }
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const c = this.cats.find((x) => x.el === e.target);
          if (!c) continue;
          if (e.isIntersecting) {
            this.near.add(c);
            this.flush(c);
          } else this.near.delete(c);
        }
      },
      { rootMargin: "600px 0px" },
    );
    for (const c of this.cats) io.observe(c.el);
  }

  apply(mask) {
    // The first view (filters from the URL) is drawn whole: before the observer's first
    // report nothing counts as near, and deferring would flash unfiltered tiles.
    const first = !this.mask;
    this.mask = mask;
    for (const c of this.cats) {
      let tiles = 0;
      for (const s of c.subs) {
        let visible = 0;
        for (let t = 0; t < s.items.length; t++) visible += mask[s.items[t]];
        if (visible !== s.visible) {
          s.visible = visible;
          s.el.hidden = visible === 0;
          if (s.count) s.count.textContent = visible;
        }
        tiles += visible;
      }
      const any = tiles > 0;
      const toggles = c.el.hidden === any;
      if (toggles) {
        c.el.hidden = !any;
        if (c.link) c.link.hidden = !any;
      }
      // The contents links count tiles like the server does, so they follow the filters.
      if (c.count && tiles !== c.visible) {
        c.visible = tiles;
        c.count.textContent = tiles;
      }
      if (first || toggles || this.near.has(c)) this.flush(c);
      else this.pending.add(c);
    }
    this.schedule();
  }

  // Brings one category's tiles up to date with the latest mask.
  flush(c) {
    if (!this.mask) return;
    this.pending.delete(c);
    const mask = this.mask;
    for (const s of c.subs) {
      for (let t = 0; t < s.tiles.length; t++) {
        const show = mask[s.items[t]];
        if (show !== s.shown[t]) {
          s.shown[t] = show;
          s.tiles[t].hidden = !show;
        }
      }
    }
  }

  schedule() {
    if (this.idle || !this.pending.size) return;
    const idle = window.requestIdleCallback || ((f) => setTimeout(() => f({ timeRemaining: () => 8 }), 16));
    this.idle = idle(
      (deadline) => {
        this.idle = 0;
        for (const c of this.pending) {
          this.flush(c);
          if (deadline.timeRemaining() < 4) break;
        }
        this.schedule();
      },
      { timeout: 300 },
    );
  }
};
