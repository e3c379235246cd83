// The grid view: the server-rendered landscape, filtered in place. Only tiles whose state
// changes are touched, and subcategories and categories left empty are hidden.
//
// Every tile that can be seen is brought up to date within the update: categories and
// tiles carry `content-visibility: auto`, so Chromium skips the style and layout of those
// out of view and a tile written there costs only the write. Deferring far tiles to idle
// time saved about 1 ms but let a category pulled into view by a filter show stale tiles
// for a frame.
"use strict";
window.Landscape = window.Landscape || {};

Landscape.Grid = class {
  constructor(root, toc) {
    this.root = root;
    this.cats = [];
    for (const cat of root.querySelectorAll("section.category")) {
      const link = toc && toc.querySelector(`a[href="#${CSS.escape(cat.id)}"]`);
      const c = { el: cat, subs: [], link, count: link && link.querySelector("small"), visible: -1 };
      for (const el of cat.querySelectorAll("section.subcategory")) {
        const tiles = [...el.querySelectorAll("li[data-i]")];
        c.subs.push({
          el,
          tiles,
          items: Int32Array.from(tiles, (li) => Number(li.dataset.i)),
          shown: new Uint8Array(tiles.length).fill(1),
          visible: tiles.length,
          count: el.querySelector(".subcategory-title small"),
        });
      }
      this.cats.push(c);
    }
    // Featured tiles that some groups show at normal size (`featured_items` `exclude`).
    this.plain = [...root.querySelectorAll("li[data-plain-in]")].map((li) => ({
      li,
      groups: li.dataset.plainIn.split(" "),
    }));
    this.shownGroup = "";
    this.warmed = null;
  }

  // Sizes the featured tiles for the group shown ("" when every group is).
  group(id) {
    if (id === this.shownGroup) return;
    this.shownGroup = id;
    for (const p of this.plain) p.li.classList.toggle("tile-large", !p.groups.includes(id));
  }

  // Loads the first logos of every group but `current` while the browser is idle: their
  // responses and decoding were half of a group's first visit. As many per group as this
  // view has loaded by then (its screen and the browser's lazy-loading margin), and none
  // when the visitor saves data or has a slow connection (`warmed` stays null then).
  warmGroups(groups, current) {
    const conn = navigator.connection;
    if (conn && (conn.saveData || /2g/.test(conn.effectiveType))) return;
    this.warmed = [];
    Landscape.whenIdle(() => {
      const loaded = [...this.root.querySelectorAll("img")].filter((img) => img.naturalWidth > 0).length;
      const count = Math.max(Landscape.Cards.FIRST, loaded);
      const others = groups.filter((g) => g.id !== current).map((g) => g.categories);
      if (current !== "all") others.push(null);
      this.warmed = Landscape.warm(others.flatMap((cats) => this.firstLogos(cats, count)), 16);
    });
  }

  // The logos of the first `count` tiles of categories `cats` (indices; null: all), in page
  // order: what showing those categories would load first.
  firstLogos(cats, count) {
    const urls = [];
    const chosen = cats ? [...cats].sort((a, b) => a - b).map((c) => this.cats[c]) : this.cats;
    for (const c of chosen) {
      for (const s of c ? c.subs : []) {
        for (const li of s.tiles) {
          if (urls.length >= count) return urls;
          const img = li.querySelector("img");
          if (img) urls.push(img.src);
        }
      }
    }
    return urls;
  }

  apply(mask) {
    for (const c of this.cats) {
      let tiles = 0;
      for (const s of c.subs) {
        let visible = 0;
        for (let t = 0; t < s.items.length; t++) visible += mask[s.items[t]];
        // A subcategory left empty is hidden whole; its tiles are updated when it shows
        // again, often with nothing to write then.
        if (visible > 0) {
          for (let t = 0; t < s.items.length; t++) {
            const show = mask[s.items[t]];
            if (show !== s.shown[t]) {
              s.shown[t] = show;
              s.tiles[t].hidden = !show;
            }
          }
        }
        if (visible !== s.visible) {
          s.visible = visible;
          s.el.hidden = visible === 0;
          if (s.count) s.count.textContent = visible;
        }
        tiles += visible;
      }
      const any = tiles > 0;
      if (c.el.hidden === any) {
        c.el.hidden = !any;
        if (c.link) c.link.hidden = !any;
      }
      // The contents links count tiles like the server does, so they follow the filters.
      if (c.count && tiles !== c.visible) {
        c.visible = tiles;
        c.count.textContent = tiles;
      }
    }
  }
};
