// Embeds. On /embed/, `?category=…&subcategory=…` leads to that page (names compared without
// case). On an embedded page inside an iframe, the page's height is posted to the parent
// whenever it changes, so the parent can size the iframe to fit.
"use strict";
(function () {
  const list = document.getElementById("embeds");
  if (list) {
    const p = new URLSearchParams(location.search);
    const category = p.get("category");
    if (!category) return;
    // Several categories: the stacked page shows them one under another.
    if (p.getAll("category").length > 1) return location.replace(`stack.html?categories=${encodeURIComponent(p.getAll("category").join(","))}`);
    const norm = (s) => (s || "").trim().toLowerCase();
    const sub = norm(p.get("subcategory"));
    const hit = JSON.parse(list.textContent).find(
      (e) => norm(e.category) === norm(category) && (sub ? norm(e.subcategory) === sub : !e.subcategory),
    );
    if (hit) location.replace(hit.url);
    else document.getElementById("embed-unknown").hidden = false;
    return;
  }
  const stack = document.getElementById("embed-stack-pages");
  if (stack) stackCategories(JSON.parse(stack.textContent));
  if (window.parent === window) return;
  let last = 0;
  const report = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "landscape:height", height }, "*");
  };
  new ResizeObserver(report).observe(document.documentElement);
  window.addEventListener("load", report);

  // embed/stack.html?categories=A,B: each named category's own embed page, fetched and
  // parsed as inert HTML, its band appended in the order named. Names are compared
  // without case, as category names or their anchors.
  async function stackCategories(pages) {
    const main = document.getElementById("embed-stack");
    const norm = (s) => (s || "").trim().toLowerCase();
    const wanted = new URLSearchParams(location.search)
      .getAll("categories")
      .flatMap((v) => v.split(","))
      .map(norm)
      .filter((v) => v !== "");
    const found = wanted
      .map((w) => pages.find((e) => norm(e.category) === w || norm(e.url).endsWith(`/embed/${w}/`)))
      .filter((e, k, all) => e && all.indexOf(e) === k);
    if (!found.length) {
      document.getElementById("embed-stack-unknown").hidden = false;
      return;
    }
    const bands = await Promise.all(
      found.map(async (e) => {
        const res = await fetch(e.url, { credentials: "same-origin" });
        if (!res.ok) return null;
        const doc = new DOMParser().parseFromString(await res.text(), "text/html");
        return doc.querySelector("section.category");
      }),
    );
    for (const band of bands) if (band) main.append(document.adoptNode(band));
  }
})();
