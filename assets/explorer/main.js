// The explorer: ties search, filters, views and the dialog to the URL. Every state (view,
// search, filters, group, sort, open item) is in the query string, so links can be shared
// and back/forward work (params.js reads landscape2's parameters too). Without JavaScript
// the page is the plain grid.
"use strict";
(function () {
  const root = document.getElementById("explorer");
  if (!root || !window.Landscape || !Landscape.load) return;
  const $ = (id) => document.getElementById(id);

  Landscape.load(root).then(start, (err) => console.error(err));

  function start(model) {
    const search = new Landscape.Search(model.items, model.n);
    const grid = new Landscape.Grid($("landscape"), root.querySelector(".toc"));
    // Grids classified by maturity or TAG, made when first asked for.
    const classified = new Map();
    const Arrange = Landscape.Arrange;
    // The settings' tile size (none: the stylesheet's, smaller on phones) is the default zoom.
    const serverTile = $("landscape").style.getPropertyValue("--tile");
    const defaultPx = parseFloat(getComputedStyle($("landscape")).getPropertyValue("--tile")) || 68;
    const zoomDefault = Arrange.zoomLevel(defaultPx);
    // Tiles show logo rasters up to this many device pixels wide (see Arrange.fitLogos).
    const raster = Number($("landscape").dataset.raster) || 0;
    let fittedPx = 0;
    const roots = () => [$("landscape"), ...[...classified.values()].map((g) => g.el)];
    let arranged = "";
    const cards = new Landscape.Cards(model, $("cards"));
    const filters = new Landscape.Filters(model, $("filters"), () => changed(true));
    const dialog = new Landscape.Dialog($("item-dialog"), () => {
      if (state.item) {
        state.item = null;
        if (openedHere) history.back();
        else writeURL(false);
        openedHere = false;
      }
    });
    // Like landscape2: the first group when settings define groups, the settings' view.
    const params = new Landscape.Params(model, {
      view: root.dataset.view === "card" ? "card" : "grid",
      group: model.groups.length ? model.groups[0].id : "all",
      zoom: zoomDefault,
    });
    new Landscape.HoverCard(model, root);
    const input = $("search");
    const sort = $("sort");
    const state = {
      view: "grid", q: "", sort: "", dir: "", classify: "", group: "all", zoom: zoomDefault, sub: "", item: null, pending: null,
    };
    let openedHere = false;
    let typing = false;
    Landscape.timings = [];

    function readURL() {
      const p = new URLSearchParams(location.search);
      params.read(p, state);
      const id = p.get("item");
      state.item = id ? bySlug(id) : null;
      // Not a slug: maybe landscape2's id, resolved from the id map (see render).
      state.pending = id && !state.item ? id : null;
      filters.fromParams(p);
    }

    function bySlug(slug) {
      return model.items.find((it) => it.url.endsWith(`/items/${slug}/`)) || null;
    }

    // A history write costs several milliseconds: the URL follows once the view is painted,
    // and while typing, once the keys pause. `urlTimer` is non-zero while a write waits.
    let urlTimer = 0;
    let urlPush = false;
    let urlSeq = 0;
    function writeURLSoon(push, typed) {
      urlPush = urlPush || push;
      const seq = ++urlSeq;
      clearTimeout(urlTimer);
      urlTimer = -1;
      const write = () => seq === urlSeq && urlTimer && writeURL(false);
      if (typed) urlTimer = setTimeout(write, 300);
      else requestAnimationFrame(() => setTimeout(write, 0));
    }

    function writeURL(push) {
      if (urlTimer) {
        clearTimeout(urlTimer);
        urlTimer = 0;
        push = push || urlPush;
        urlPush = false;
      }
      const p = params.write(state, filters);
      const url = (p.size ? "?" + p : location.pathname) + location.hash;
      if (push) history.pushState(null, "", url);
      else history.replaceState(null, "", url);
    }

    // Recomputes what is shown; returns the time it took (ms), kept for the benchmark.
    function update() {
      const t0 = performance.now();
      const scores = search.query(state.q);
      // One subcategory opened large: whatever group holds it.
      const sub = state.view === "grid" && state.sub ? subcategory(state.sub) : null;
      const group = sub ? null : model.groups.find((g) => g.id === state.group);
      const cat = model.facets[0];
      const base = new Uint8Array(model.n);
      for (const it of model.items) {
        const i = it.i;
        if (scores && !scores[i]) continue;
        if (group && !cat.of[i].some((c) => group.categories.includes(c))) continue;
        base[i] = 1;
      }
      const mask = filters.compute(base);
      shownNow = { mask, scores };
      let shown = 0;
      for (const it of model.items) shown += mask[it.i];
      const cardView = state.view === "card";
      if (cardView) {
        const list = Landscape.Cards.order(model, mask, state.sort, scores, state.dir);
        cards.show(list, state.classify && Landscape.Cards.sections(model, list, state.classify));
      } else {
        const shownGrid = gridFor(sub ? "" : state.classify);
        if (shownGrid === grid) grid.group(group ? group.id : "");
        shownGrid.apply(mask);
      }
      const alt = !cardView && !sub && classified.get(state.classify);
      park($("landscape"), cardView || !!alt);
      for (const g of classified.values()) park(g.el, g !== alt);
      root.querySelector(".toc").hidden = cardView || !!alt || !!sub;
      park($("cards"), !cardView);
      $("empty").hidden = shown > 0;
      // Nothing here, but maybe in the other groups: offer them.
      const elsewhere = !shown && group ? filters.count(scores) : 0;
      $("all-groups").hidden = !elsewhere;
      text($("all-groups"), `Show ${elsewhere} in all groups`);
      const total = model.items.length;
      text($("count"), shown === total ? `${total} items` : `${shown} of ${total} items`);
      // Chips are redrawn only when the filters changed, not on every keystroke.
      const fp = new URLSearchParams();
      filters.toParams(fp);
      const chipKey = fp.toString();
      if (chipKey !== chipsShown) {
        chipsShown = chipKey;
        filters.chips($("chips"));
      }
      const active = filters.active();
      $("clear").hidden = !active && !state.q;
      $("filters-badge").hidden = !active;
      text($("filters-badge"), String(active));
      const ms = performance.now() - t0;
      Landscape.timings.push(ms);
      return ms;
    }

    let chipsShown = null;
    // What the last update let through: the card view would list the same items.
    let shownNow = null;

    // The views not shown are parked, not hidden: `content-visibility: hidden` keeps their
    // style and layout, so switching back to a view costs a frame, not a restyle of 2,400
    // tiles. Parked content is out of the accessibility tree and the focus order too.
    function park(el, parked) {
      if (el.hidden) el.hidden = false;
      if (el.classList.contains("parked") !== parked) el.classList.toggle("parked", parked);
    }

    // Writes text only when it changes: an unchanged write still costs style and layout.
    function text(el, value) {
      if (el.textContent !== value) el.textContent = value;
    }

    // The grid `classify` asks for: the server's (by category) or a classified one.
    function gridFor(classify) {
      if (classify !== "maturity" && classify !== "tag") return grid;
      let g = classified.get(classify);
      if (!g) {
        const el = Arrange.classified(model, classify === "tag" ? "tag" : "maturity", $("landscape"));
        el.classList.add("parked");
        $("landscape").after(el);
        g = new Landscape.Grid(el, null);
        g.el = el;
        classified.set(classify, g);
        arranged = "";
      }
      return g;
    }

    // The subcategory section whose anchor is `id`, if it is one of the grid's.
    function subcategory(id) {
      const el = document.getElementById(id);
      return el && el.matches("#landscape section.subcategory") ? el : null;
    }

    // Tiles are fitted again for the new resolution (the opened subcategory too).
    Arrange.onResolutionChange(() => {
      const open = $("landscape").querySelector(".sub-open");
      if (open) open.style.removeProperty("--tile");
      fittedPx = 0;
      arrange();
    });

    // Zoom, tile order and the opened subcategory: the grid's own state.
    function arrange() {
      const px = state.zoom === zoomDefault ? serverTile : `${Arrange.ZOOM[state.zoom]}px`;
      for (const el of roots()) {
        if (el.style.getPropertyValue("--tile") === px) continue;
        if (px) el.style.setProperty("--tile", px);
        else el.style.removeProperty("--tile");
      }
      const tilePx = state.zoom === zoomDefault ? defaultPx : Arrange.ZOOM[state.zoom];
      if (tilePx !== fittedPx) {
        fittedPx = tilePx;
        for (const el of roots()) Arrange.fitLogos(el, tilePx, raster);
      }
      $("zoom-level").textContent = `${state.zoom + 1}/${Arrange.ZOOM.length}`;
      $("zoom-out").disabled = state.zoom === 0;
      $("zoom-in").disabled = state.zoom === Arrange.ZOOM.length - 1;
      const key = `${state.sort}|${state.dir}|${classified.size}`;
      if (state.view === "grid" && key !== arranged) {
        arranged = key;
        Arrange.sort($("landscape"), model, state.sort, state.dir);
        for (const g of classified.values()) Arrange.sort(g.el, model, state.sort, state.dir);
      }
      const sub = state.view === "grid" && state.sub ? subcategory(state.sub) : null;
      const open = $("landscape").querySelector(".sub-open");
      if (open !== sub) {
        if (open) {
          open.style.removeProperty("--tile");
          open.classList.remove("sub-open");
          open.closest(".category").classList.remove("cat-open");
        }
        if (sub) {
          sub.classList.add("sub-open");
          sub.closest(".category").classList.add("cat-open");
        }
      }
      // Opened large: two zoom levels up.
      const largePx = Arrange.ZOOM[Math.min(state.zoom + 2, Arrange.ZOOM.length - 1)];
      if (sub && sub.style.getPropertyValue("--tile") !== `${largePx}px`) {
        sub.style.setProperty("--tile", `${largePx}px`);
        Arrange.fitLogos(sub, largePx, raster);
      }
      $("landscape").classList.toggle("one-sub", !!sub);
      $("sub-bar").hidden = !sub;
      if (sub) $("sub-title").textContent = sub.querySelector(".subcategory-title a").textContent;
    }

    function render() {
      input.value = state.q;
      if (state.view === "grid") gridFor(state.classify);
      sortOptions();
      for (const b of root.querySelectorAll(".view-switch button")) {
        b.setAttribute("aria-pressed", String(b.dataset.view === state.view));
      }
      $("zoom-box").hidden = state.view !== "grid";
      $("sort-box").hidden = false;
      $("classify-box").hidden = false;
      // The grid is classified by category unless told otherwise; cards by nothing.
      $("classify").querySelector('option[value="none"]').hidden = state.view === "grid";
      $("classify").value = state.classify || (state.view === "grid" ? "category" : "none");
      arrange();
      for (const b of $("groups").querySelectorAll("button")) {
        b.setAttribute("aria-pressed", String(b.dataset.group === state.group));
      }
      update();
      if (state.item) dialog.open(state.item);
      else dialog.close();
      if (state.pending) resolve(state.pending);
    }

    // Opens the item a landscape2 id names. An item without a tile here (in a subcategory
    // the settings hide) is shown on its own page.
    function resolve(id) {
      const done = (it) => {
        if (state.pending !== id) return;
        state.pending = null;
        state.item = it;
        writeURL(false);
        if (it) dialog.open(it);
      };
      if (!Landscape.itemSlug) return done(null);
      Landscape.itemSlug(id).then(
        (slug) => {
          const it = slug && bySlug(slug);
          if (slug && !it && state.pending === id) location.replace(Landscape.itemPage(slug));
          else done(it);
        },
        (err) => {
          console.warn(err);
          done(null);
        },
      );
    }

    function sortOptions() {
      const relevance = sort.querySelector('option[value="relevance"]');
      // The grid keeps its boxes: best match first has no meaning there.
      const ranked = !!state.q && state.view === "card";
      relevance.disabled = !ranked;
      relevance.hidden = !ranked;
      // Without an explicit choice, results of a search come best match first.
      sort.value = state.sort && !(state.sort === "relevance" && !ranked) ? state.sort : ranked ? "relevance" : "name";
      $("sort-dir").hidden = sort.value === "relevance";
      const dir = state.dir || Landscape.Params.natural(sort.value);
      $("sort-dir").textContent = dir === "asc" ? "↑" : "↓";
      $("sort-dir").setAttribute("aria-label", dir === "asc" ? "Ascending order" : "Descending order");
      $("sort-dir").title = dir === "asc" ? "Ascending: click for descending" : "Descending: click for ascending";
    }

    function changed(push) {
      typing = false;
      writeURLSoon(push, false);
      arrange();
      update();
    }

    // Opens subcategory `id` large (or closes it: ""), as a history entry.
    function openSub(id) {
      state.sub = id;
      changed(true);
      if (id) $("sub-close").focus();
      else window.scrollTo(0, 0);
    }

    // Lands on the subcategory the URL's hash names: landscape2's `#<category>--<subcategory>`
    // (normalized) or this site's anchors. Another group is shown if the current one does not
    // hold it; in the card view, the cards are classified by subcategory to show it.
    function land() {
      let hash = "";
      try {
        hash = decodeURIComponent(location.hash.slice(1));
      } catch {
        return; // not an anchor of this page
      }
      if (!hash) return;
      const subs = model.facets[1];
      const k = subs.anchors ? subs.anchors.indexOf(hash) : -1;
      const target = document.getElementById(k >= 0 ? subs.ids[k] : hash);
      const section = target && $("landscape").contains(target) && target.closest("section.category");
      if (!section) return;
      const c = grid.cats.findIndex((x) => x.el === section);
      const group = model.groups.find((g) => g.id === state.group);
      const was = state.group + " " + state.classify;
      if (c >= 0 && group && !group.categories.includes(c)) {
        const holder = model.groups.find((g) => g.categories.includes(c));
        state.group = holder ? holder.id : "all";
      }
      if (state.view === "card" && k >= 0) state.classify = "category";
      if (state.group + " " + state.classify !== was) {
        render();
        writeURL(false);
      }
      if (state.view === "card") {
        if (k >= 0) cards.reveal(k);
      } else {
        // The category's boxes are drawn whole, not as placeholders (content-visibility),
        // so that the page below the target is as tall as it will be.
        for (const x of $("landscape").querySelectorAll(".landed")) x.classList.remove("landed");
        section.classList.add("landed");
        target.scrollIntoView();
      }
    }

    // Groups as tabs, "All" last.
    if (model.groups.length) {
      const nav = $("groups");
      const tab = (id, name) => {
        const b = Landscape.el("button", "group", name);
        b.type = "button";
        b.dataset.group = id;
        b.addEventListener("click", () => {
          state.group = id;
          for (const x of nav.children) x.setAttribute("aria-pressed", String(x === b));
          changed(true);
        });
        return b;
      };
      nav.append(...model.groups.map((g) => tab(g.id, g.name)), tab("all", "All"));
      nav.hidden = false;
    }
    // The funding sort, when organizations have funding figures.
    if (model.funding) sort.append(new Option("Funding", "funding"));
    for (const [how, label] of [
      ["category", "Category"],
      ["maturity", "Maturity"],
      ["tag", "TAG"],
    ]) {
      if (params.classifies(how)) $("classify").append(new Option(label, how));
    }

    input.addEventListener("input", () => {
      state.q = input.value;
      sortOptions();
      // A whole typing session is one history entry.
      writeURLSoon(!typing, true);
      typing = true;
      update();
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && input.value) {
        e.preventDefault();
        input.value = "";
        input.dispatchEvent(new Event("input"));
      }
    });
    sort.addEventListener("change", () => {
      state.sort = sort.value;
      state.dir = "";
      sortOptions();
      changed(true);
    });
    $("sort-dir").addEventListener("click", () => {
      const natural = Landscape.Params.natural(sort.value);
      const next = (state.dir || natural) === "asc" ? "desc" : "asc";
      state.sort = sort.value;
      state.dir = next === natural ? "" : next;
      sortOptions();
      changed(true);
    });
    $("classify").addEventListener("change", () => {
      const v = $("classify").value;
      state.classify = v === "none" || (v === "category" && state.view === "grid") ? "" : v;
      if (state.view === "grid") gridFor(state.classify);
      changed(true);
    });
    for (const [id, step] of [["zoom-out", -1], ["zoom-in", 1]]) {
      $(id).addEventListener("click", () => {
        state.zoom = Math.max(0, Math.min(Arrange.ZOOM.length - 1, state.zoom + step));
        changed(true);
      });
    }
    // A subcategory's title opens it large; its link names its anchor, so without
    // JavaScript it leads there.
    $("landscape").addEventListener("click", (e) => {
      const a = e.target.closest(".subcategory-title a");
      if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      openSub(state.sub === a.closest("section").id ? "" : a.closest("section").id);
    });
    $("sub-close").addEventListener("click", () => openSub(""));
    root.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && state.sub && !e.defaultPrevented && e.target !== input && !$("item-dialog").open) openSub("");
    });
    for (const b of root.querySelectorAll(".view-switch button")) {
      b.addEventListener("click", () => {
        if (state.view === b.dataset.view) return;
        state.view = b.dataset.view;
        render();
        writeURLSoon(true, false);
      });
    }
    const toggle = $("filters-toggle");
    toggle.addEventListener("click", () => {
      const panel = $("filters");
      panel.hidden = !panel.hidden;
      toggle.setAttribute("aria-expanded", String(!panel.hidden));
      if (!panel.hidden) filters.render();
    });
    const clearAll = () => {
      filters.clear();
      state.q = "";
      input.value = "";
      render();
      writeURL(true);
    };
    $("clear").addEventListener("click", clearAll);
    root.querySelector("[data-clear]").addEventListener("click", clearAll);
    $("all-groups").addEventListener("click", () => {
      state.group = "all";
      render();
      writeURL(true);
    });

    // Tiles and cards open the dialog; modified clicks keep their link behaviour.
    root.addEventListener("click", (e) => {
      const a = e.target.closest(".landscape li[data-i] > a, a.card-link");
      if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const li = a.closest("[data-i]");
      const it = model.byIndex[Number((li || a).dataset.i)];
      if (!it) return;
      e.preventDefault();
      state.item = it;
      state.pending = null;
      openedHere = true;
      writeURL(true);
      dialog.open(it, a);
    });
    window.addEventListener("popstate", () => {
      clearTimeout(urlTimer);
      urlTimer = 0;
      urlPush = false;
      typing = false;
      openedHere = false;
      const had = document.activeElement;
      readURL();
      render();
      // Chromium drops the focus to the body once a history traversal's popstate is
      // handled: a keyboard user back from the dialog keeps their place.
      if (had && had !== document.body) {
        setTimeout(() => {
          if (document.activeElement === document.body && had.isConnected) had.focus({ preventScroll: true });
        }, 0);
      }
    });
    window.addEventListener("hashchange", land);

    readURL();
    render();
    // The browser scrolled to the hash before the view was drawn: land there again.
    land();
    // The search index is built when the browser is idle, not on the first keystroke.
    Landscape.whenIdle(() => search.words || search.build());
    // The card view's first logos (of the items shown now) are fetched and decoded while
    // idle: each SVG logo takes milliseconds to parse, which would otherwise come on the
    // first switch to cards.
    if (state.view === "grid") {
      const { mask, scores } = shownNow;
      Landscape.whenIdle(() => cards.warm(Landscape.Cards.order(model, mask, state.sort, scores, state.dir)));
    }
    // So are the first logos of the other groups.
    if (state.view === "grid" && model.groups.length) grid.warmGroups(model.groups, state.group);
    Landscape.explorer = { state, update, search, model, cards, grid };
    root.classList.add("ready");
  }
})();
