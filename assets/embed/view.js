// The embeddable view landscape2 sites hand out as `embed/embed.html?<params>`: the same
// query parameters, the same `data/embed_<classify>_<key>.json` datasets and the same look,
// so iframes pasted for a landscape2 site keep working here.
//
// The data is untrusted text: every node is built with textContent and attributes. Query
// parameters reach CSS only as values checked to be what they claim: a colour that parses
// as a colour (and nothing that could fetch), a font from a fixed list, a number in range.
"use strict";
(function () {
  const root = document.getElementById("landscape-embeddable-view");
  if (!root) return;
  const q = new URLSearchParams(location.search);
  const siteBase = root.dataset.base || "";

  const FONTS = {
    serif: 'Times, "Times New Roman", Georgia, Palatino, serif',
    "sans-serif":
      '"Clarity City", -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif, Roboto, "Noto Sans", Ubuntu, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol"',
    monospace: 'Courier, Consolas, "Andale Mono", monospace',
  };
  const STYLES = ["clean", "bordered", "shadowed", "card"];
  const SIZES = ["xs", "sm", "md", "lg", "xl"];
  const ALIGNMENTS = ["left", "center", "right"];
  const CLASSIFY = ["category", "maturity", "tag"];
  // Keys are normalized names: letters, numbers (and the marks lowercasing can add), `+`, `-`.
  const KEY = /^[\p{L}\p{N}\p{M}+-]*$/u;
  // A base path: `/segment` parts of plain URL path characters.
  const BASE_PATH = /^(\/[A-Za-z0-9._~+-]+)*$/;

  const flag = (name, fallback) => (q.has(name) ? q.get(name) === "true" : fallback);
  const oneOf = (value, list, fallback) => (list.includes(value) ? value : fallback);
  // parseInt like landscape2 ("12px" is 12), kept only within [lo, hi].
  const number = (name, lo, hi) => {
    if (!q.has(name)) return undefined;
    const n = parseInt(q.get(name), 10);
    return n >= lo && n <= hi ? n : undefined;
  };
  const color = (name, fallback) => {
    const v = q.get(name);
    if (v === null || v.length > 64 || /[;{}\\]|url\(|var\(|env\(|attr\(|image/i.test(v)) return fallback;
    return CSS.supports("color", v) ? v : fallback;
  };

  const o = {
    classify: q.get("classify") ?? "category",
    headers: q.get("headers") === "true",
    categoryHeader: flag("category-header", true),
    categoryInSubcategory: flag("category-in-subcategory", false),
    uppercase: flag("title-uppercase", false),
    titleAlignment: oneOf(q.get("title-alignment"), ALIGNMENTS, "left"),
    font: FONTS[q.get("title-font-family")] ? q.get("title-font-family") : "sans-serif",
    titleSize: number("title-font-size", 10, 60) ?? 13,
    style: q.get("style") ?? "shadowed",
    size: q.get("size") ?? "md",
    bg: color("bg-color", "#323437"),
    fg: color("fg-color", "#ffffff"),
    itemName: flag("item-name", false),
    itemNameSize: 11,
    itemsAlignment: oneOf(q.get("items-alignment"), ALIGNMENTS, "left"),
    spacing: number("items-spacing", 0, Number.MAX_SAFE_INTEGER),
    itemModal: flag("item-modal", false),
    hideOrganization: false,
  };
  // landscape2 reads these two only beside the parameter they refine.
  if (q.has("item-name")) o.itemNameSize = number("item-name-font-size", 10, 40) ?? 11;
  if (q.has("item-modal")) o.hideOrganization = flag("hide-organization-section", false);
  const basePathParam = q.get("base-path");
  // Without a usable base-path, this site's own: links then open the page that exists.
  const basePath =
    basePathParam !== null && BASE_PATH.test(basePathParam.replace(/\/$/, ""))
      ? basePathParam.replace(/\/$/, "")
      : siteBase;
  const transparent = o.bg === "transparent";
  const margin = o.spacing > 16 ? o.spacing : 16;

  if (q.get("iframe-resizer") === "true" && root.dataset.resizer) {
    const s = document.createElement("script");
    s.src = root.dataset.resizer;
    document.body.append(s);
  }

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const str = (v) => (typeof v === "string" ? v : "");
  const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);
  const tagName = (t) => t.replace(/-/g, " ").split(" ").map(capitalize).join(" ");
  const byName = (items) =>
    [...items].sort((a, b) => str(a.name).toLowerCase().localeCompare(str(b.name).toLowerCase()));
  const httpUrl = (u) => (/^https?:\/\//i.test(str(u)) ? u : null);

  const content = el("div", "l2e");
  content.style.setProperty("--bg-color", o.bg);
  content.style.setProperty("--fg-color", o.fg);
  content.style.setProperty("--font", FONTS[o.font]);
  root.replaceChildren(content);

  const itemUrl = (item) => `${location.origin}${basePath}/?item=${encodeURIComponent(str(item.id))}`;

  // Opening an item's details: in the host page's `embed-item` frame, or in a new tab.
  let showItem = null;

  const SVG = "http://www.w3.org/2000/svg";
  const icon = (shapes, cls) => {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "1em");
    svg.setAttribute("height", "1em");
    svg.setAttribute("aria-hidden", "true");
    if (cls) svg.setAttribute("class", cls);
    for (const [tag, attrs] of shapes) {
      const s = document.createElementNS(SVG, tag);
      for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
      svg.append(s);
    }
    return svg;
  };
  const line = { fill: "none", stroke: "currentColor", "stroke-width": "2", "stroke-linecap": "round" };
  const placeholderIcon = () =>
    icon([
      ["rect", { x: "3", y: "3", width: "18", height: "18", rx: "2", ...line }],
      ["circle", { cx: "8.5", cy: "8.5", r: "1.5", fill: "currentColor" }],
      ["path", { d: "M21 15l-5-5L5 21", ...line }],
      ["path", { d: "M2 2l20 20", ...line }],
    ]);
  const worldIcon = () =>
    icon([
      ["circle", { cx: "12", cy: "12", r: "10", ...line }],
      ["path", { d: "M2 12h20M12 2a15 15 0 0 1 0 20M12 2a15 15 0 0 0 0 20", ...line }],
    ]);
  const repoIcon = () =>
    icon([["path", { d: "M8 6l-6 6 6 6M16 6l6 6-6 6", ...line }]]);

  const logo = (item, cls) => {
    const path = str(item.logo);
    const broken = () => {
      const p = el("div", "l2e-placeholder");
      p.append(placeholderIcon());
      return p;
    };
    if (!/^logos\/[^/\\?#]+$/.test(path)) return broken();
    const img = el("img", cls);
    img.alt = `${str(item.name)} logo`;
    img.src = new URL(`../${path}`, location.href).href;
    img.addEventListener("error", () => img.replaceWith(broken()), { once: true });
    return img;
  };

  // A link to the item, or a button asking the host page to show it.
  const opener = (item, cls, label) => {
    if (o.itemModal) {
      const b = el("button", cls);
      b.type = "button";
      b.setAttribute("aria-label", `${str(item.name)} info`);
      b.addEventListener("click", () => showItem(item));
      return b;
    }
    const a = el("a", cls);
    a.href = itemUrl(item);
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.setAttribute("aria-label", label || "Open external link");
    return a;
  };

  const tile = (item) => {
    const box = el("div", `l2e-item l2e-${o.style}`);
    const link = opener(item, "l2e-link");
    if (o.itemName) link.style.paddingBottom = `${o.itemNameSize + 8}px`;
    link.append(logo(item, "l2e-logo"));
    if (o.itemName) {
      const name = el("div", "l2e-name", str(item.name));
      name.style.fontSize = `${o.itemNameSize}px`;
      name.style.lineHeight = `${o.itemNameSize - 2}px`;
      link.append(name);
    }
    box.append(link);
    return box;
  };

  const externalIcon = (href, title, svg) => {
    const a = el("a", "l2e-card-icon");
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.title = title;
    a.setAttribute("aria-label", title);
    a.append(svg);
    return a;
  };

  const card = (item, foundation) => {
    const col = el("div", "l2e-col");
    const wrap = el("div", "l2e-card-wrap");
    wrap.append(opener(item, "l2e-card-open", str(item.name)));
    const c = el("div", "l2e-card");
    const header = el("div", "l2e-card-header");
    const image = el("div", "l2e-card-logo");
    image.append(logo(item, "l2e-card-img"));
    const body = el("div", "l2e-card-body");
    body.append(el("div", "l2e-card-name", str(item.name)), el("div", "l2e-card-org", str(item.organization_name)));
    const info = el("div", "l2e-card-info");
    const badge = (cls, text, title) => {
      const b = el("div", `l2e-badge ${cls}`, text);
      b.title = title;
      return b;
    };
    if (str(item.maturity)) {
      info.append(badge("l2e-badge-foundation", foundation, item.maturity));
      info.append(badge("l2e-badge-maturity", item.maturity, item.maturity));
    } else if (str(item.member_subcategory)) {
      const text = `${item.member_subcategory} member`;
      info.append(badge("l2e-badge-member", text, text));
    }
    const website = httpUrl(item.website);
    if (website) info.append(externalIcon(website, "Website", worldIcon()));
    const repo = httpUrl(item.primary_repository_url);
    if (repo) info.append(externalIcon(repo, "Repository", repoIcon()));
    body.append(info);
    header.append(image, body);
    const desc = el("div", "l2e-card-desc", str(item.description) || "This item does not have a description available yet");
    c.append(header, desc);
    wrap.append(c);
    col.append(wrap);
    return col;
  };

  const view = (items, foundation) => {
    if (o.style === "card") {
      const cards = el("div", "l2e-cards");
      for (const item of items) cards.append(card(item, foundation));
      return cards;
    }
    const grid = el("div", `l2e-grid l2e-size-${o.size}`);
    grid.style.justifyContent = o.itemsAlignment;
    if (o.spacing !== undefined) grid.style.gap = `${o.spacing}px`;
    for (const item of items) grid.append(tile(item));
    return grid;
  };

  const heading = (cls, text, spacing) => {
    const h = el("div", cls, text);
    h.style.fontSize = `${o.titleSize}px`;
    h.style.textAlign = o.titleAlignment;
    h.style.textTransform = o.uppercase ? "uppercase" : "none";
    h.style.padding = transparent ? "0.5rem 0" : "0.5rem 0.75rem";
    h.style.margin = spacing;
    return h;
  };
  const title = (text, first, multi) =>
    heading("l2e-title", text, multi && !first ? `${margin * 2}px 0 ${margin}px 0` : `0 0 ${margin}px 0`);
  const subtitle = (text, first) =>
    heading("l2e-subtitle", text, first ? `0 0 ${margin}px 0` : `${margin}px 0 ${margin}px 0`);

  const inSubcategory = (items, category, sub) =>
    byName(
      items.filter(
        (i) =>
          (i.category === category && i.subcategory === sub) ||
          (Array.isArray(i.additional_categories) &&
            i.additional_categories.some((ac) => ac && ac.category === category && ac.subcategory === sub)),
      ),
    );
  const uniqueById = (items) => {
    const seen = new Set();
    return items.filter((i) => !seen.has(i.id) && seen.add(i.id));
  };
  const subcategoriesOf = (category) =>
    Array.isArray(category.subcategories) ? category.subcategories.filter((s) => s && typeof s.name === "string") : [];

  // One category's sections; `index` is its place among the categories shown.
  const categorySections = (category, items, foundation, index, multi) => {
    if (o.categoryHeader) content.append(title(category.name, index === 0, multi));
    subcategoriesOf(category).forEach((sub, i) => {
      const shown = inSubcategory(items, category.name, sub.name);
      if (shown.length === 0) return;
      const prefix = o.categoryInSubcategory ? `${category.name} - ` : "";
      content.append(subtitle(`${prefix}${sub.name} (${shown.length})`, index === 0 && i === 0), view(shown, foundation));
    });
  };

  const invalid = () => {
    const setup = `${location.origin}${siteBase}/embed/`;
    const alert = el("div", "l2e-alert");
    alert.setAttribute("role", "alert");
    const inner = el("div");
    const p = el("p", null, "Please visit: ");
    const a = el("a", null, setup);
    a.href = setup;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    p.append(a);
    inner.append(el("h4", null, "Invalid embed url"), p);
    alert.append(inner);
    content.replaceChildren(alert);
    root.dataset.state = "invalid";
  };

  const loading = () => {
    const l = el("div", "l2e-loading");
    l.setAttribute("role", "status");
    l.setAttribute("aria-label", "Loading");
    l.append(el("div", "l2e-spinner"));
    content.replaceChildren(l);
  };

  const fetchView = async (classify, key) => {
    if (!KEY.test(key)) return null;
    try {
      const res = await fetch(new URL(`../data/embed_${classify}_${key}.json`, location.href));
      if (!res.ok) return null;
      const data = await res.json();
      if (!data || typeof data.classification !== "object" || data.classification === null) return null;
      data.items = Array.isArray(data.items) ? data.items.filter((i) => i && typeof i === "object") : [];
      data.foundation = str(data.foundation);
      return data;
    } catch {
      return null;
    }
  };

  const ready = () => {
    root.dataset.state = "ready";
  };

  const render = async () => {
    if (!STYLES.includes(o.style) || !SIZES.includes(o.size) || !CLASSIFY.includes(o.classify)) return invalid();
    const categories = [
      ...new Set((q.get("categories") || "").split(",").map((c) => c.trim()).filter((c) => c !== "")),
    ];
    const key = q.get("key");
    loading();

    if (o.classify === "category" && categories.length > 1) {
      const fetched = await Promise.all(categories.map((c) => fetchView("category", c)));
      const entries = fetched.filter((d) => d && d.classification.category && typeof d.classification.category.name === "string");
      if (entries.length === 0) return invalid();
      const foundation = entries.map((e) => e.foundation).find((f) => f !== "") || "";
      const keys = entries.map((e) => str(e.classification.category.normalized_name));
      showItem = messenger(keys.join("__"), foundation, keys);
      content.replaceChildren();
      if (!o.headers) {
        const all = entries.flatMap((e) =>
          subcategoriesOf(e.classification.category).flatMap((s) => inSubcategory(e.items, e.classification.category.name, s.name)),
        );
        content.append(view(byName(uniqueById(all)), foundation));
      } else {
        entries.forEach((e, index) => {
          if (e.items.length === 0) return;
          categorySections(e.classification.category, e.items, foundation, index, true);
        });
      }
      return ready();
    }

    const effectiveKey = key ?? (o.classify === "category" && categories.length === 1 ? categories[0] : null);
    if (effectiveKey === null) return invalid();
    const data = await fetchView(o.classify, effectiveKey);
    const c = data && data.classification;
    if (!data || (o.classify === "category" ? !c.category || typeof c.category.name !== "string" : !Array.isArray(c[o.classify]))) {
      return invalid();
    }
    if (o.classify === "category" && key !== null && q.get("subcategories")) {
      const wanted = new Set(
        q.get("subcategories").split(",").map((s) => s.trim()).filter((s) => s !== "" && s !== "all"),
      );
      const subs = subcategoriesOf(c.category).filter((s) => wanted.has(s.normalized_name));
      if (subs.length > 0) c.category = { ...c.category, subcategories: subs };
    }
    showItem = messenger(effectiveKey, data.foundation);
    content.replaceChildren();
    if (o.classify === "category") {
      if (!o.headers) {
        const all = subcategoriesOf(c.category).flatMap((s) => inSubcategory(data.items, c.category.name, s.name));
        content.append(view(byName(uniqueById(all)), data.foundation));
      } else {
        categorySections(c.category, data.items, data.foundation, 0, false);
      }
      return ready();
    }
    if (!o.headers) {
      content.append(view(byName(data.items), data.foundation));
      return ready();
    }
    const options = c[o.classify].filter((opt) => opt && typeof opt.name === "string");
    options.forEach((opt, index) => {
      const shown = byName(
        data.items.filter((i) => (o.classify === "maturity" ? i.maturity === opt.name : Array.isArray(i.tag) && i.tag.includes(opt.name))),
      );
      const label = o.classify === "maturity" ? capitalize(opt.name) : tagName(opt.name);
      content.append(subtitle(`${label} (${shown.length})`, index === 0), view(shown, data.foundation));
    });
    return ready();
  };

  // What landscape2's embeds post to the host page, whose `embed-item.js` shows the item.
  const messenger = (key, foundation, categories) => (item) =>
    window.parent.postMessage(
      {
        type: "showItemDetails",
        itemId: item.id,
        classifyBy: o.classify,
        key,
        foundation,
        basePath,
        hideOrganizationSection: o.hideOrganization,
        categories,
      },
      "*",
    );

  render();
})();
