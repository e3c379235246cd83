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
    const norm = (s) => (s || "").trim().toLowerCase();
    const sub = norm(p.get("subcategory"));
    const hit = JSON.parse(list.textContent).find(
      (e) => norm(e.category) === norm(category) && (sub ? norm(e.subcategory) === sub : !e.subcategory),
    );
    if (hit) location.replace(hit.url);
    else document.getElementById("embed-unknown").hidden = false;
    return;
  }
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
})();
