// `?item=<id>` on any page shows that item, as on landscape2 sites, whose README badges and
// links name items by landscape2's id (`<category>--<subcategory>--<name>`, normalized);
// this site's own links use the item's permalink slug. The landscape page opens the item in
// its dialog (explorer/main.js asks Landscape.itemSlug); every other page goes to the item's
// own page, its permalink.
"use strict";
window.Landscape = window.Landscape || {};
(function () {
  const script = document.currentScript;
  const base = (script && script.dataset.base) || "";
  let pairs = null;

  // Resolves to the slug of the item `id` names (a slug or a landscape2 id), or null.
  Landscape.itemSlug = function (id) {
    // Normalized ids never hold a space: one is a `+` that a query string turned into a space
    // (`c++` written unescaped in a badge).
    id = id.replace(/ /g, "+");
    if (!pairs) {
      // Fetched only for such a link, and revalidated: its name is the same in every build.
      pairs = fetch(`${base}/data/item-ids.json`, { credentials: "same-origin", cache: "no-cache" }).then(
        (res) => {
          if (!res.ok) throw new Error(`cannot load the item ids: HTTP ${res.status}`);
          return res.json();
        },
      );
      pairs.catch(() => (pairs = null));
    }
    return pairs.then((list) => {
      const hit = list.find((p) => p[0] === id) || list.find((p) => p[1] === id);
      return hit ? hit[0] : null;
    });
  };

  Landscape.itemPage = (slug) => `${base}/items/${encodeURIComponent(slug)}/`;

  const id = new URLSearchParams(location.search).get("item");
  if (!id || document.getElementById("explorer")) return;
  Landscape.itemSlug(id).then(
    (slug) => {
      const page = slug && Landscape.itemPage(slug);
      if (page && page !== location.pathname) location.replace(page);
    },
    (err) => console.warn(err),
  );
})();
