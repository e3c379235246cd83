// For pages embedding landscape views with `item-modal=true`, beside
// `<iframe id="embed-item" src="<site>/embed/embed-item.html">` (the snippet the embed
// configurator gives, as landscape2's did): shows the item a view asks for in that frame,
// over the page, and hides the frame when it asks to close. Published unhashed as
// `embed/embed-item.js`, the path pasted snippets name.
(() => {
  window.addEventListener("message", (event) => {
    const frame = document.getElementById("embed-item");
    const data = event.data;
    if (!frame || !frame.contentWindow || !data || typeof data !== "object") return;
    // Only the landscape site the details frame comes from may open or close it.
    let origin;
    try {
      origin = new URL(frame.src, location.href).origin;
    } catch {
      return;
    }
    if (event.origin !== origin) return;
    if (data.type === "showItemDetails") {
      frame.contentWindow.postMessage(data, origin);
      frame.style.setProperty("display", "block", "important");
      document.body.style.setProperty("overflow-y", "hidden");
    } else if (data.type === "hideItemDetails") {
      frame.contentWindow.postMessage(data, origin);
      frame.style.setProperty("display", "none", "important");
      document.body.style.setProperty("overflow-y", "auto");
    }
  });
})();
