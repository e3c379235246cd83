// The banners settings add to every page, and the consent manager's button.
// - A banner with `data-dismiss` can be closed; it stays closed (per message: the key changes
//   with the text) while the browser keeps its local storage.
// - The event banner (`data-end`, YYYY-MM-DD) goes away after the event's last day by the
//   reader's clock: the site is static, and a page built before the end still holds it.
// - "Cookie settings" opens Osano's drawer, once Osano's script has loaded.
"use strict";
(() => {
  let store = null;
  try {
    store = window.localStorage;
  } catch {
    // Storage blocked: banners close for this page view only.
  }
  const pad = (n) => String(n).padStart(2, "0");
  const now = new Date();
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  for (const banner of document.querySelectorAll(".banner[data-dismiss]")) {
    const key = `landscape:dismissed:${banner.dataset.dismiss}`;
    const over = banner.dataset.end && banner.dataset.end < today;
    let dismissed = false;
    try {
      dismissed = !!store && store.getItem(key) === "1";
    } catch {
      // Unreadable storage: the banner shows.
    }
    if (over || dismissed) {
      banner.remove();
      continue;
    }
    const close = banner.querySelector(".banner-close");
    if (!close) continue;
    close.addEventListener("click", () => {
      banner.remove();
      try {
        if (store) store.setItem(key, "1");
      } catch {
        // Full or blocked storage: closed for this page view.
      }
    });
  }
  const cookies = document.getElementById("cookie-settings");
  if (cookies && window.Osano && window.Osano.cm) {
    cookies.hidden = false;
    cookies.addEventListener("click", () => window.Osano.cm.showDrawer("osano-cm-dom-info-dialog-open"));
  }
})();
