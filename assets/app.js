// Progressive enhancement for the landscape pages; the pages work without it.
// `/` focuses the first search box on the page, when there is one.
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.target.closest("input, textarea, select")) return;
  const search = document.querySelector("input[type=search]");
  if (search) { event.preventDefault(); search.focus(); }
});
