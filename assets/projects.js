// The projects table, sortable by any column: its headers become buttons (a second click
// reverses the order). Cells carry their sort value in `data-sort`; an empty one (no date)
// sorts last either way. Without JavaScript the table is complete, sorted by name.
"use strict";
(() => {
  const table = document.getElementById("projects-table");
  if (!table) return;
  const body = table.tBodies[0];
  const headers = [...table.tHead.rows[0].cells];
  const compare = (type) => (a, b) =>
    type === "number" ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0;
  headers.forEach((th, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort-button";
    button.append(...th.childNodes);
    th.append(button);
    button.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      for (const other of headers) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const order = compare(th.dataset.sortType);
      const key = (row) => row.cells[column].dataset.sort || "";
      const name = (row) => row.cells[0].dataset.sort || "";
      const rows = [...body.rows].sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        if (!x || !y) return !x && !y ? compare("text")(name(a), name(b)) : x ? -1 : 1;
        const c = ascending ? order(x, y) : order(y, x);
        return c || compare("text")(name(a), name(b));
      });
      body.append(...rows);
    });
  });
  headers[0].setAttribute("aria-sort", "ascending");
})();
