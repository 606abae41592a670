// chiso: progressive enhancements only (pages work without script). Served by the app.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // A header's button sorts the table (mouse or keyboard); aria-sort tells the direction; numbers in
  // Vietnamese format (1.234,5) sort as numbers.
  const number = (text) => {
    const t = text.trim().replace(/\./g, "").replace(",", ".").replace(/[%+*]/g, "");
    return t !== "" && !isNaN(Number(t)) ? Number(t) : null;
  };
  document.querySelectorAll("table.sortable").forEach((table) => {
    const headers = table.querySelectorAll("thead th");
    headers.forEach((th, column) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", () => {
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        const down = th.dataset.dir !== "down";
        th.dataset.dir = down ? "down" : "up";
        headers.forEach((other) => other.setAttribute("aria-sort", "none"));
        th.setAttribute("aria-sort", down ? "descending" : "ascending");
        rows.sort((a, b) => {
          const x = a.cells[column]?.innerText ?? "", y = b.cells[column]?.innerText ?? "";
          const nx = number(x), ny = number(y);
          const order = nx !== null && ny !== null ? nx - ny : x.localeCompare(y, "vi");
          return down ? -order : order;
        });
        rows.forEach((row) => body.appendChild(row));
      });
    });
  });
  // Print / save as PDF: every collapsed section is printed open, then closed again.
  document.querySelectorAll("button.print").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
  const closed = [];
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll("details:not([open])").forEach((d) => { closed.push(d); d.open = true; });
  });
  window.addEventListener("afterprint", () => { closed.splice(0).forEach((d) => { d.open = false; }); });
  // File import: show upload progress, then the server's answer (with its rejected-rows report).
  const form = document.getElementById("import-form");
  if (form) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const bar = document.getElementById("upload-progress");
      const state = document.getElementById("upload-state");
      bar.hidden = false;
      const request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
      });
      request.upload.addEventListener("load", () => {
        bar.removeAttribute("value");
        state.textContent = "đang kiểm tra và ghi… / checking and writing…";
      });
      request.addEventListener("load", () => {
        // A long import goes on as a job: the server sent the person to the job page.
        if (request.responseURL && new URL(request.responseURL).pathname !== new URL(form.action).pathname) {
          window.location.assign(request.responseURL);
          return;
        }
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.send(new FormData(form));
    });
  }
});
