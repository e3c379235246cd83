// The item dialog shows the item's own static page (its <article>), fetched and parsed as
// inert HTML: one rendering for the page and the dialog, and nothing from it can run.
"use strict";
window.Landscape = window.Landscape || {};

Landscape.Dialog = class {
  constructor(dialog, onClose) {
    this.dialog = dialog;
    this.body = dialog.querySelector(".dialog-body");
    this.link = dialog.querySelector(".dialog-permalink");
    this.pages = new Map();
    this.current = null;
    this.opener = null;
    dialog.querySelector(".dialog-close").addEventListener("click", () => dialog.close());
    // A click on the backdrop lands on the <dialog> itself.
    dialog.addEventListener("click", (e) => e.target === dialog && dialog.close());
    dialog.addEventListener("close", () => {
      const it = this.current;
      this.current = null;
      if (this.opener && this.opener.isConnected) this.opener.focus();
      this.opener = null;
      if (it) onClose(it);
    });
  }

  open(it, opener) {
    this.opener = opener || document.activeElement;
    this.current = it;
    this.link.href = it.url;
    const title = Landscape.el("h2", "dialog-loading", it.name);
    title.id = "item-dialog-title";
    this.body.replaceChildren(title);
    if (!this.dialog.open) this.dialog.showModal();
    this.body.scrollTop = 0;
    this.fetch(it).then(
      (article) => {
        if (this.current !== it) return;
        const h1 = article.querySelector("h1");
        if (h1) h1.id = "item-dialog-title";
        this.body.replaceChildren(article);
      },
      (err) => {
        if (this.current !== it) return;
        console.warn(err);
        title.className = "dialog-error";
        title.textContent = `${it.name}: details could not be loaded.`;
      },
    );
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }

  async fetch(it) {
    let page = this.pages.get(it.url);
    if (!page) {
      page = fetch(it.url, { credentials: "same-origin" }).then((res) => {
        if (!res.ok) throw new Error(`${it.url}: HTTP ${res.status}`);
        return res.text();
      });
      this.pages.set(it.url, page);
      page.catch(() => this.pages.delete(it.url));
    }
    const doc = new DOMParser().parseFromString(await page, "text/html");
    const article = doc.querySelector("article.item-page");
    if (!article) throw new Error(`${it.url}: no item article`);
    return document.importNode(article, true);
  }
};
