// The embed configurator on /embed/: the choices landscape2's "Embeddable view setup"
// offers, a live preview (an iframe of embed.html with the chosen parameters) and the code
// to paste, written as landscape2 wrote it (same parameters, same order, same iframe
// style), so either site's snippets read the same.
"use strict";
(function () {
  const box = document.getElementById("embed-setup");
  const data = document.getElementById("embed-options");
  if (!box || !data) return;
  const options = JSON.parse(data.textContent);
  const base = box.dataset.base || "";
  const hideOrganization = box.dataset.hideOrganization === "true";
  const $ = (id) => document.getElementById(id);
  const el = (tag, text) => {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);
  const tagName = (t) => t.replace(/-/g, " ").split(" ").map(capitalize).join(" ");
  const embedOrigin = `${location.origin}${base}/embed`;

  const categories = options.categories;
  if (categories.length === 0) return;
  box.hidden = false;

  // Selection: categories (normalized names, in list order) and, for one category, the
  // subcategories chosen (empty: all).
  let chosenCategories = [categories[0].normalized_name];
  let chosenSubcategories = categories[0].subcategories.length > 0 ? [categories[0].subcategories[0].normalized_name] : [];

  const check = (name, value, label, checked, onChange, disabled) => {
    const l = el("label");
    l.className = "setup-check";
    const input = el("input");
    input.type = "checkbox";
    input.name = name;
    input.value = value;
    input.checked = checked;
    input.disabled = !!disabled;
    input.addEventListener("change", () => onChange(input.checked));
    l.append(input, ` ${label}`);
    return l;
  };

  const drawCategories = () => {
    $("setup-categories").replaceChildren(
      ...categories.map((c) =>
        check("category", c.normalized_name, c.name, chosenCategories.includes(c.normalized_name), (on) => {
          const next = on
            ? [...chosenCategories, c.normalized_name]
            : chosenCategories.filter((v) => v !== c.normalized_name);
          if (next.length === 0) return drawCategories();
          chosenCategories = categories.map((x) => x.normalized_name).filter((v) => next.includes(v));
          const first = categories.find((x) => x.normalized_name === chosenCategories[0]);
          chosenSubcategories =
            chosenCategories.length === 1 && first.subcategories.length > 0 ? [first.subcategories[0].normalized_name] : [];
          drawCategories();
          update();
        }),
      ),
    );
    drawSubcategories();
  };

  const drawSubcategories = () => {
    const multi = chosenCategories.length > 1;
    const category = categories.find((c) => c.normalized_name === chosenCategories[0]);
    const all = check("subcategory", "all", "All", multi || chosenSubcategories.length === 0, () => {
      chosenSubcategories = [];
      drawSubcategories();
      update();
    }, multi);
    const subs = category.subcategories.map((s) =>
      check("subcategory", s.normalized_name, s.name, !multi && chosenSubcategories.includes(s.normalized_name), (on) => {
        const next = on
          ? [...chosenSubcategories, s.normalized_name]
          : chosenSubcategories.filter((v) => v !== s.normalized_name);
        chosenSubcategories = category.subcategories.map((x) => x.normalized_name).filter((v) => next.includes(v));
        drawSubcategories();
        update();
      }, multi),
    );
    $("setup-subcategories").replaceChildren(all, ...subs);
    $("setup-multi-note").hidden = !multi;
  };

  const fill = (select, list, label) => {
    for (const o of list) {
      const option = el("option", label(o.name));
      option.value = o.normalized_name;
      select.append(option);
    }
    if (list.length > 0) select.value = list[0].normalized_name;
  };
  fill($("setup-maturity"), options.maturity, capitalize);
  fill($("setup-tag"), options.tags, tagName);

  const value = (id) => $(id).value;
  const checked = (id) => $(id).checked;

  // The embed.html URL for the current choices, parameters in landscape2's order.
  const url = () => {
    const p = new URLSearchParams();
    const classify = value("setup-classify");
    p.append("base-path", base);
    p.append("classify", classify);
    if (classify === "category") {
      if (chosenCategories.length > 1) {
        p.append("categories", chosenCategories.join(","));
      } else {
        const c = chosenCategories[0];
        p.append("key", chosenSubcategories.length === 1 ? `${c}--${chosenSubcategories[0]}` : c);
        if (chosenSubcategories.length > 1) p.append("subcategories", chosenSubcategories.join(","));
      }
    } else {
      p.append("key", value(classify === "maturity" ? "setup-maturity" : "setup-tag"));
    }
    const bool = (id) => (checked(id) ? "true" : "false");
    p.append("headers", bool("setup-headers"));
    p.append("category-header", bool("setup-category-header"));
    p.append("category-in-subcategory", bool("setup-category-in-subcategory"));
    p.append("title-uppercase", bool("setup-uppercase"));
    p.append("title-alignment", value("setup-title-alignment"));
    p.append("title-font-family", value("setup-font-family"));
    p.append("title-font-size", String(parseInt(value("setup-title-size"), 10) || 13));
    const style = value("setup-style");
    p.append("style", style);
    p.append("bg-color", value("setup-bg-color"));
    p.append("fg-color", value("setup-fg-color"));
    p.append("item-modal", bool("setup-item-modal"));
    p.append("hide-organization-section", checked("setup-item-modal") && hideOrganization ? "true" : "false");
    if (style !== "card") {
      p.append("item-name", bool("setup-item-name"));
      p.append("size", value("setup-size"));
      p.append("items-alignment", value("setup-items-alignment"));
      if (checked("setup-item-name")) p.append("item-name-font-size", String(parseInt(value("setup-item-name-size"), 10) || 11));
      if (checked("setup-spacing-custom")) p.append("items-spacing", String(parseInt(value("setup-items-spacing"), 10) || 0));
    }
    return `${embedOrigin}/embed.html?${p.toString()}`;
  };

  const code = (src) => {
    let text = `<!-- Landscape embed view -->\n<iframe src="${src}" style="width:100%;height:100%;display:block;border:none;"></iframe>`;
    if (checked("setup-item-modal")) {
      text +=
        "\n<!-- Landscape embed item details view -->\n<!-- NOTE: the script and the iframe below should only be added once, even when adding multiple embed views to the page -->\n" +
        `<script src="${embedOrigin}/embed-item.js"></script>\n` +
        `<iframe id="embed-item" src="${embedOrigin}/embed-item.html" style="width:100%;height:100%;display:block;border:none;position:fixed;top:0;bottom:0;left:0;right:0;z-index:2147483647;display:none;"></iframe>`;
    }
    return text;
  };

  // The details frame the preview's item buttons open (embed-item.js on this page relays).
  const itemFrame = () => {
    let f = $("embed-item");
    if (!f) {
      f = el("iframe");
      f.id = "embed-item";
      f.title = "Embed item details view";
      f.src = `${embedOrigin}/embed-item.html`;
      f.className = "setup-item-frame";
      f.style.setProperty("display", "none", "important");
      document.body.append(f);
    }
    return f;
  };

  const update = () => {
    const classify = value("setup-classify");
    const style = value("setup-style");
    $("setup-category-box").hidden = classify !== "category";
    $("setup-maturity-box").hidden = classify !== "maturity";
    $("setup-tag-box").hidden = classify !== "tag";
    $("setup-category-header-box").hidden = classify !== "category";
    $("setup-category-in-subcategory-box").hidden = classify !== "category";
    $("setup-grid-box").hidden = style === "card";
    $("setup-item-name-box").hidden = style === "card";
    $("setup-item-name-size-box").hidden = style === "card" || !checked("setup-item-name");
    $("setup-items-spacing").hidden = !checked("setup-spacing-custom");
    if (checked("setup-item-modal")) itemFrame();
    const src = url();
    if ($("setup-preview").getAttribute("src") !== src) $("setup-preview").src = src;
    $("setup-code").textContent = code(src);
    $("setup-copied").textContent = "";
  };

  $("setup-form").addEventListener("input", update);
  $("setup-form").addEventListener("change", update);
  $("setup-form").addEventListener("submit", (e) => e.preventDefault());
  $("setup-copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText($("setup-code").textContent);
      $("setup-copied").textContent = "Copied";
    } catch {
      $("setup-copied").textContent = "Select the code and copy it";
    }
  });
  // The preview grows to the height its page reports.
  window.addEventListener("message", (e) => {
    const preview = $("setup-preview");
    if (e.source !== preview.contentWindow || e.data?.type !== "landscape:height") return;
    preview.style.height = `${Math.max(200, Math.min(Number(e.data.height) || 0, 4000))}px`;
  });
  drawCategories();
  update();
})();
