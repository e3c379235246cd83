// Added by `landscape serve --watch` to the pages it sends (never to the built files):
// reloads the page after a rebuild (same URL, so the explorer's state in it is kept), and
// says so when a rebuild failed.
"use strict";
(() => {
  const script = document.currentScript;
  const url = new URL("events", script.src);
  url.searchParams.set("since", script.dataset.generation || "0");
  const events = new EventSource(url);
  // Tests and the reload bench wait for this before changing an input.
  events.addEventListener("open", () => (document.documentElement.dataset.liveReload = "on"));
  events.addEventListener("reload", () => {
    events.close();
    location.reload();
  });
  events.addEventListener("failed", (e) => {
    let note = document.getElementById("live-reload-failed");
    if (!note) {
      note = document.createElement("p");
      note.id = "live-reload-failed";
      note.setAttribute("role", "alert");
      Object.assign(note.style, {
        position: "fixed", left: "1rem", right: "1rem", bottom: "1rem", zIndex: "1000", margin: "0",
        padding: ".75rem 1rem", background: "#8b0000", color: "#fff", font: "14px/1.4 system-ui, sans-serif",
        borderRadius: "6px",
      });
      document.body.append(note);
    }
    note.textContent = e.data;
  });
})();
