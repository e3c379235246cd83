// The explorer: ties search, filters, views and the dialog to the URL. Every state (view,
// search, filters, group, sort, open item) is in the query string, so links can be shared
// and back/forward work. Without JavaScript the page is the plain grid.
"use strict";
(function () {
  const root = document.getElementById("explorer");
  if (!root || !window.Landscape || !Landscape.load) return;
  const $ = (id) => document.getElementById(id);

  Landscape.load(root).then(start, (err) => console.error(err));

  function start(model) {
    const search = new Landscape.Search(model.items, model.n);
    const grid = new Landscape.Grid($("landscape"), root.querySelector(".toc"));
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
    const input = $("search");
    const sort = $("sort");
    const state = { view: "grid", q: "", sort: "", group: "", item: null };
    let openedHere = false;
    let typing = false;
    Landscape.timings = [];

    function readURL() {
      const p = new URLSearchParams(location.search);
      state.view = p.get("view") === "card" ? "card" : "grid";
      state.q = p.get("q") || "";
      state.sort = p.get("sort") || "";
      state.group = model.groups.some((g) => g.id === p.get("group")) ? p.get("group") : "";
      const id = p.get("item");
      state.item = id ? model.items.find((it) => it.url.endsWith(`/items/${id}/`)) || null : null;
      filters.fromParams(p);
    }

    function writeURL(push) {
      const p = new URLSearchParams();
      if (state.group) p.set("group", state.group);
      if (state.view === "card") p.set("view", "card");
      if (state.q) p.set("q", state.q);
      if (state.sort) p.set("sort", state.sort);
      filters.toParams(p);
      if (state.item) p.set("item", state.item.url.split("/").filter(Boolean).pop());
      const url = (p.size ? "?" + p : location.pathname) + location.hash;
      if (push) history.pushState(null, "", url);
      else history.replaceState(null, "", url);
    }

    // Recomputes what is shown; returns the time it took (ms), kept for the benchmark.
    function update() {
      const t0 = performance.now();
      const scores = search.query(state.q);
      const group = model.groups.find((g) => g.id === state.group);
      const cat = model.facets[0];
      const base = new Uint8Array(model.n);
      for (const it of model.items) {
        const i = it.i;
        if (scores && !scores[i]) continue;
        if (group && !cat.of[i].some((c) => group.categories.includes(c))) continue;
        base[i] = 1;
      }
      const mask = filters.compute(base);
      let shown = 0;
      for (const it of model.items) shown += mask[it.i];
      const cardView = state.view === "card";
      if (cardView) {
        cards.show(Landscape.Cards.order(model, mask, state.sort, scores));
      } else {
        grid.group(state.group);
        grid.apply(mask);
      }
      $("landscape").hidden = cardView;
      root.querySelector(".toc").hidden = cardView;
      $("cards").hidden = !cardView;
      $("empty").hidden = shown > 0;
      const total = model.items.length;
      $("count").textContent = shown === total ? `${total} items` : `${shown} of ${total} items`;
      filters.chips($("chips"));
      const active = filters.active();
      $("clear").hidden = !active && !state.q && !state.group;
      $("filters-badge").hidden = !active;
      $("filters-badge").textContent = active;
      const ms = performance.now() - t0;
      Landscape.timings.push(ms);
      return ms;
    }

    function render() {
      input.value = state.q;
      sortOptions();
      for (const b of root.querySelectorAll(".view-switch button")) {
        b.setAttribute("aria-pressed", String(b.dataset.view === state.view));
      }
      $("sort-box").hidden = state.view !== "card";
      for (const b of $("groups").querySelectorAll("button")) {
        b.setAttribute("aria-pressed", String(b.dataset.group === state.group));
      }
      update();
      if (state.item) dialog.open(state.item);
      else dialog.close();
    }

    function sortOptions() {
      const relevance = sort.querySelector('option[value="relevance"]');
      relevance.disabled = !state.q;
      relevance.hidden = !state.q;
      // Without an explicit choice, results of a search come best match first.
      sort.value = state.sort && !(state.sort === "relevance" && !state.q) ? state.sort : state.q ? "relevance" : "name";
    }

    function changed(push) {
      typing = false;
      writeURL(push);
      update();
    }

    // Groups as tabs ("All" first).
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
      nav.append(tab("", "All"), ...model.groups.map((g) => tab(g.id, g.name)));
      nav.hidden = false;
    }

    input.addEventListener("input", () => {
      state.q = input.value;
      sortOptions();
      // A whole typing session is one history entry.
      writeURL(!typing);
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
      changed(true);
    });
    for (const b of root.querySelectorAll(".view-switch button")) {
      b.addEventListener("click", () => {
        if (state.view === b.dataset.view) return;
        state.view = b.dataset.view;
        render();
        writeURL(true);
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
      state.group = "";
      input.value = "";
      render();
      writeURL(true);
    };
    $("clear").addEventListener("click", clearAll);
    root.querySelector("[data-clear]").addEventListener("click", clearAll);

    // Tiles and cards open the dialog; modified clicks keep their link behaviour.
    root.addEventListener("click", (e) => {
      const a = e.target.closest("#landscape li[data-i] > a, a.card-link");
      if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const li = a.closest("[data-i]");
      const it = model.byIndex[Number((li || a).dataset.i)];
      if (!it) return;
      e.preventDefault();
      state.item = it;
      openedHere = true;
      writeURL(true);
      dialog.open(it, a);
    });
    // Names as tooltips, set on demand rather than on 2,400 tiles up front.
    $("landscape").addEventListener("pointerover", (e) => {
      const a = e.target.closest("li[data-i] > a");
      if (a && !a.title) a.title = (model.byIndex[Number(a.parentElement.dataset.i)] || {}).name || "";
    });
    window.addEventListener("popstate", () => {
      typing = false;
      openedHere = false;
      readURL();
      render();
    });

    readURL();
    render();
    // The search index is built when the browser is idle, not on the first keystroke.
    Landscape.whenIdle(() => search.words || search.build());
    Landscape.explorer = { state, update, search, model };
    root.classList.add("ready");
  }
})();
