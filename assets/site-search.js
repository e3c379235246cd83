// The header's search box on every page but the landscape: a combobox listing the items that
// match, ranked by the explorer's own search (explorer/search.js, over the index data.js
// loads). Arrow keys move through the list, Enter opens the item (or, with none chosen,
// submits the form: the landscape filtered by `?q=`), Escape closes the list.
"use strict";
(function () {
  const form = document.getElementById("site-search");
  if (!form || !window.Landscape || !Landscape.Search || !Landscape.loadNames) return;
  const input = document.getElementById("site-search-input");
  const list = document.getElementById("site-search-results");
  const LIMIT = 8;
  let search = null; // a promise of { model, search }, made on first use
  let options = []; // [{ el, url }]
  let active = -1;
  let asked = 0;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  function ready() {
    if (!search) {
      search = Landscape.loadNames(form.dataset.base || "").then((model) => ({
        model,
        search: new Landscape.Search(model.items, model.n),
      }));
      search.catch((err) => {
        console.error(err);
        search = null;
      });
    }
    return search;
  }

  async function update() {
    const q = input.value;
    const ask = ++asked;
    if (!q.trim()) return close();
    let found;
    try {
      found = await ready();
    } catch {
      return close();
    }
    if (ask !== asked) return; // a later keystroke took over
    const scores = found.search.query(q);
    const hits = scores ? found.model.items.filter((it) => scores[it.i]).sort(Landscape.Search.compare(scores)) : [];
    show(hits, q);
  }

  function show(hits, q) {
    list.replaceChildren();
    options = [];
    hits.slice(0, LIMIT).forEach((it) => {
      const li = option(it.url);
      if (it.logo) {
        const img = document.createElement("img");
        img.src = it.logo;
        img.alt = "";
        li.append(img);
      }
      const name = document.createElement("span");
      name.className = "site-search-name";
      name.textContent = it.name;
      li.append(name);
      if (it.org && it.org !== it.name) {
        const org = document.createElement("small");
        org.textContent = it.org;
        li.append(" ", org);
      }
    });
    // The whole result list, where the landscape's filters apply too.
    const all = option(`${form.action}?q=${encodeURIComponent(q)}`);
    all.classList.add("site-search-all");
    all.textContent = hits.length ? `All ${hits.length} results on the landscape` : "No item matches: search the landscape";
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function option(url) {
    const li = document.createElement("li");
    li.id = `site-search-option-${options.length}`;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    const k = options.length;
    // Keep the focus in the box; the click opens the item.
    li.addEventListener("mousedown", (e) => e.preventDefault());
    li.addEventListener("click", () => open(k));
    options.push({ el: li, url });
    list.append(li);
    return li;
  }

  function move(to) {
    if (!options.length) return;
    if (active >= 0) options[active].el.setAttribute("aria-selected", "false");
    active = (to + options.length) % options.length;
    const el = options[active].el;
    el.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", el.id);
    el.scrollIntoView({ block: "nearest" });
  }

  function open(k) {
    location.assign(options[k].url);
  }

  function close() {
    asked++;
    list.hidden = true;
    list.replaceChildren();
    options = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  input.addEventListener("focus", () => ready());
  input.addEventListener("input", update);
  input.addEventListener("blur", close);
  input.addEventListener("keydown", (e) => {
    const open_ = !list.hidden;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!open_) return void update();
      move(e.key === "ArrowDown" ? active + 1 : active < 0 ? -1 : active - 1);
    } else if (e.key === "Enter" && open_ && active >= 0) {
      e.preventDefault();
      open(active);
    } else if (e.key === "Escape" && open_) {
      e.preventDefault();
      close();
    }
  });
})();
