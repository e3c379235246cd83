// embed/embed-item.html: the details of an item, shown over a host page when one of its
// embedded views (item-modal=true) is clicked. The host page's embed-item.js passes on the
// view's `showItemDetails` message; the item is looked up in the same datasets the view
// read. Closing posts `hideItemDetails` back. Data is set as text and attributes only.
"use strict";
(function () {
  const root = document.getElementById("landscape-embeddable-item-view");
  if (!root) return;
  const KEY = /^[\p{L}\p{N}\p{M}+-]*$/u;
  const CLASSIFY = ["category", "maturity", "tag"];
  const cache = new Map();
  const str = (v) => (typeof v === "string" ? v : "");
  const httpUrl = (u) => (/^https?:\/\//i.test(str(u)) ? u : null);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  const dataset = (classify, key) => {
    const name = `${classify}_${key}`;
    if (!cache.has(name)) {
      const url = new URL(`../data/embed_${name}.json`, location.href);
      cache.set(
        name,
        fetch(url)
          .then((r) => (r.ok ? r.json() : null))
          .then((d) => (d && Array.isArray(d.items) ? d.items : []))
          .catch(() => []),
      );
    }
    return cache.get(name);
  };

  const close = () => {
    root.replaceChildren();
    window.parent.postMessage({ type: "hideItemDetails" }, "*");
  };

  const show = (item, msg) => {
    const backdrop = el("div", "ei-backdrop");
    backdrop.addEventListener("click", (e) => {
      if (e.target === backdrop) close();
    });
    const dialog = el("div", "ei-dialog");
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-labelledby", "ei-name");
    const closeButton = el("button", "ei-close", "×");
    closeButton.type = "button";
    closeButton.setAttribute("aria-label", "Close");
    closeButton.addEventListener("click", close);
    const header = el("div", "ei-header");
    const logoBox = el("div", "ei-logo");
    const logo = str(item.logo);
    if (/^logos\/[^/\\?#]+$/.test(logo)) {
      const img = el("img");
      img.alt = `${str(item.name)} logo`;
      img.src = new URL(`../${logo}`, location.href).href;
      logoBox.append(img);
    }
    const titles = el("div", "ei-titles");
    const name = el("h1", "ei-name", str(item.name));
    name.id = "ei-name";
    titles.append(name);
    if (!msg.hideOrganizationSection && str(item.organization_name)) {
      titles.append(el("div", "ei-org", item.organization_name));
    }
    const badges = el("div", "ei-badges");
    if (str(item.maturity)) {
      if (str(msg.foundation)) badges.append(el("span", "ei-badge ei-foundation", msg.foundation));
      badges.append(el("span", "ei-badge ei-maturity", item.maturity));
    } else if (str(item.member_subcategory)) {
      badges.append(el("span", "ei-badge ei-member", `${item.member_subcategory} member`));
    }
    titles.append(badges);
    header.append(logoBox, titles, closeButton);
    const path = el("div", "ei-path", [str(item.category), str(item.subcategory)].filter(Boolean).join(" / "));
    const description = el(
      "p",
      "ei-description",
      str(item.description) || "This item does not have a description available yet",
    );
    const links = el("ul", "ei-links");
    for (const [label, url] of [
      ["Website", item.website],
      ["Repository", item.primary_repository_url],
    ]) {
      const href = httpUrl(url);
      if (!href) continue;
      const li = el("li");
      const a = el("a", null, href);
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      li.append(el("span", "ei-link-label", `${label}: `), a);
      links.append(li);
    }
    dialog.append(header, path, description, links);
    backdrop.append(dialog);
    root.replaceChildren(backdrop);
    closeButton.focus();
  };

  window.addEventListener("message", async (event) => {
    const msg = event.data;
    if (event.source !== window.parent || !msg || typeof msg !== "object") return;
    if (msg.type === "hideItemDetails") {
      root.replaceChildren();
      return;
    }
    if (msg.type !== "showItemDetails" || !CLASSIFY.includes(msg.classifyBy)) return;
    const categories = Array.isArray(msg.categories) ? msg.categories.filter((c) => typeof c === "string") : [];
    const keys = categories.length > 0 ? categories : [str(msg.key)];
    if (!keys.every((k) => KEY.test(k))) return;
    const classify = categories.length > 0 ? "category" : msg.classifyBy;
    root.replaceChildren(el("div", "ei-backdrop"));
    const lists = await Promise.all(keys.map((k) => dataset(classify, k)));
    const item = lists.flat().find((i) => i && i.id === msg.itemId);
    if (item) show(item, msg);
    else close();
  });

  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && root.firstChild) close();
  });
})();
