// Google Tag Manager's loader, as a file rather than the usual inline snippet so pages run no
// inline script: the container id comes from this script tag's `data-container-id`, which
// the build writes only when settings give an id of Tag Manager's form (`GTM-…`).
"use strict";
(() => {
  const id = document.currentScript && document.currentScript.dataset.containerId;
  if (!id || !/^GTM-[A-Z0-9]+$/.test(id)) return;
  const layer = (window.dataLayer = window.dataLayer || []);
  layer.push({ "gtm.start": Date.now(), event: "gtm.js" });
  const script = document.createElement("script");
  script.defer = true;
  script.src = `https://www.googletagmanager.com/gtm.js?id=${encodeURIComponent(id)}`;
  document.head.append(script);
})();
