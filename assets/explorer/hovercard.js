// The hover card: a tile's name, organization, maturity, stars and description in a small
// card beside it, on pointer hover and on keyboard focus, from the index already loaded
// (no fetch). One card element serves every tile; it is a tooltip the focused tile's link
// names with aria-describedby.
"use strict";
window.Landscape = window.Landscape || {};

Landscape.HoverCard = class {
  // `root`: the element holding the grids; `model`: the explorer's model.
  constructor(model, root) {
    this.model = model;
    this.card = Landscape.el("div", "hovercard");
    this.card.id = "hovercard";
    this.card.setAttribute("role", "tooltip");
    this.card.hidden = true;
    document.body.append(this.card);
    this.anchor = null;
    this.timer = 0;
    const tile = (e) => e.target.closest && e.target.closest("li[data-i] > a");
    // A short delay, so sweeping the pointer across the grid does not flash cards.
    root.addEventListener("pointerover", (e) => {
      const a = tile(e);
      if (!a || a === this.anchor) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.show(a), 150);
    });
    root.addEventListener("pointerout", (e) => {
      const a = tile(e);
      if (a && !a.contains(e.relatedTarget) && a !== document.activeElement) {
        clearTimeout(this.timer);
        if (a === this.anchor) this.hide();
      }
    });
    root.addEventListener("focusin", (e) => {
      const a = tile(e);
      if (a && a.matches(":focus-visible")) this.show(a);
    });
    root.addEventListener("focusout", (e) => tile(e) === this.anchor && this.hide());
    document.addEventListener("keydown", (e) => e.key === "Escape" && this.anchor && this.hide());
    // Clicking a tile opens the dialog: the card would sit above it.
    root.addEventListener("click", () => this.hide());
  }

  show(a) {
    const it = this.model.byIndex[Number(a.parentElement.dataset.i)];
    if (!it) return;
    if (this.anchor) this.anchor.removeAttribute("aria-describedby");
    this.anchor = a;
    const el = Landscape.el;
    const head = el("div", "hovercard-head");
    if (it.logo) {
      const img = el("img");
      img.src = it.logo;
      img.alt = "";
      head.append(img);
    }
    const title = el("div", "hovercard-title");
    title.append(el("strong", "hovercard-name", it.name));
    if (it.org) title.append(el("span", "hovercard-org", it.org));
    head.append(title);
    const meta = el("div", "hovercard-meta");
    if (it.maturity) meta.append(el("span", `maturity maturity-${it.maturity}`, Landscape.capitalize(it.maturity)));
    if (it.stars != null) meta.append(el("span", "hovercard-stars", `★ ${it.stars.toLocaleString("en-US")}`));
    const parts = [head];
    if (meta.childElementCount) parts.push(meta);
    if (it.desc) parts.push(el("p", "hovercard-desc", it.desc));
    const fields = Landscape.fieldList(it.hoverFields, "hovercard-fields");
    if (fields) parts.push(fields);
    this.card.replaceChildren(...parts);
    this.card.hidden = false;
    a.setAttribute("aria-describedby", this.card.id);
    this.place(a);
  }

  // Below the tile, or above it when there is no room below; kept inside the window.
  place(a) {
    const r = a.getBoundingClientRect();
    const w = this.card.offsetWidth;
    const h = this.card.offsetHeight;
    const left = Math.max(8, Math.min(r.left + r.width / 2 - w / 2, innerWidth - w - 8));
    const below = r.bottom + 8 + h <= innerHeight || r.top - 8 - h < 0;
    this.card.style.left = `${left + scrollX}px`;
    this.card.style.top = `${(below ? r.bottom + 8 : r.top - 8 - h) + scrollY}px`;
  }

  hide() {
    clearTimeout(this.timer);
    if (this.anchor) this.anchor.removeAttribute("aria-describedby");
    this.anchor = null;
    this.card.hidden = true;
  }
};
