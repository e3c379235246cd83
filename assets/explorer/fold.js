// On phones the landscape's category bands fold: each band's title becomes a button that
// shows or hides its subcategories (aria-expanded), by touch, mouse or keyboard. Wider
// screens keep the plain titles.
"use strict";
(function () {
  const phone = window.matchMedia("(max-width: 760px)");
  const fold = (on) => {
    for (const band of document.querySelectorAll("#landscape section.category")) {
      const title = band.querySelector(".category-title");
      const subs = band.querySelector(".subcategories");
      if (!title || !subs) continue;
      let button = title.querySelector("button.category-fold");
      if (on && !button) {
        subs.id = subs.id || `${band.id}-subcategories`;
        button = document.createElement("button");
        button.type = "button";
        button.className = "category-fold";
        button.setAttribute("aria-expanded", "true");
        button.setAttribute("aria-controls", subs.id);
        button.append(...title.childNodes);
        title.append(button);
        button.addEventListener("click", () => {
          const open = button.getAttribute("aria-expanded") !== "true";
          button.setAttribute("aria-expanded", String(open));
          band.classList.toggle("folded", !open);
        });
      } else if (!on && button) {
        title.replaceChildren(...button.childNodes);
        band.classList.remove("folded");
      }
    }
  };
  fold(phone.matches);
  phone.addEventListener("change", (e) => fold(e.matches));
})();
