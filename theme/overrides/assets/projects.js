// Progressive enhancement of the projects index (filters and sorting), a
// language switcher that keeps the reader's place, and keyboard focus that
// never travels under Material's search overlay.
// Without JavaScript the full table is shown. Filter state lives in the URL
// (?sector=…&status=…&event=…) so a view can be shared.
(function () {
  "use strict";
  function enhance() {
    var table = document.getElementById("projects-table");
    var box = document.getElementById("project-filters");
    if (!table || !box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var params = new URLSearchParams(window.location.search);
    var selects = box.querySelectorAll("select[data-filter]");
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.className = "kz-note";
    selects.forEach(function (select) {
      var key = select.dataset.filter;
      var all = document.createElement("option");
      all.value = "";
      all.textContent = box.dataset.labelAll;
      select.insertBefore(all, select.firstChild);
      select.value = params.get(key) || "";
      if (select.value !== (params.get(key) || "")) select.value = "";
      var label = document.createElement("label");
      label.textContent = box.dataset["label" + key.charAt(0).toUpperCase() + key.slice(1)];
      select.removeAttribute("aria-label");
      select.id = "filter-" + key;
      label.htmlFor = select.id;
      select.parentNode.insertBefore(label, select);
      label.appendChild(select);
      select.addEventListener("change", apply);
    });
    box.appendChild(status);
    box.hidden = false;

    function apply() {
      var shown = 0;
      var query = new URLSearchParams();
      var wanted = {};
      selects.forEach(function (s) {
        if (s.value) { wanted[s.dataset.filter] = s.value; query.set(s.dataset.filter, s.value); }
      });
      rows.forEach(function (row) {
        var ok = (!wanted.sector || row.dataset.sector === wanted.sector) &&
          (!wanted.status || row.dataset.status === wanted.status) &&
          (!wanted.event || (" " + row.dataset.events + " ").indexOf(" " + wanted.event + " ") >= 0);
        row.hidden = !ok;
        if (ok) shown++;
      });
      status.textContent = box.dataset.labelCount.replace("{shown}", shown).replace("{total}", rows.length);
      var search = query.toString();
      history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
      describeForPrint(shown, search);
      keepPlaceOnSwitch();
    }

    // Paper says which selection it shows ("Projects: Sector Energy, Status Planned — 4 of 26")
    // and the address that opens it again; printing itself needs no script.
    var heading = document.getElementById("projects-selection");
    var printedFrom = document.querySelector(".kz-print-url");
    var canonical = document.querySelector("link[rel=canonical]");
    if (printedFrom) printedFrom.dataset.text = printedFrom.textContent;
    function describeForPrint(shown, search) {
      var parts = [];
      selects.forEach(function (s) {
        if (s.value) parts.push(s.parentNode.firstChild.textContent + " " + s.options[s.selectedIndex].text);
      });
      if (heading) {
        heading.textContent = heading.dataset.label.replace("{selection}", parts.length ? parts.join(", ") : box.dataset.labelAll)
          .replace("{shown}", shown).replace("{total}", rows.length);
      }
      if (printedFrom && canonical) {
        printedFrom.textContent = printedFrom.dataset.text.replace(canonical.href, canonical.href + (search ? "?" + search : ""));
      }
    }

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (!th.dataset.sort) return;
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { if (c.dataset.sort) c.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.dataset.sort === "number";
        // a name cell also holds the project's facts for print: sort by its link's text
        function text(cell) { return (cell.querySelector("a") || cell).textContent.trim(); }
        var sorted = rows.slice().sort(function (a, b) {
          var x = numeric ? parseFloat(a.cells[index].dataset.value || "-1") : text(a.cells[index]);
          var y = numeric ? parseFloat(b.cells[index].dataset.value || "-1") : text(b.cells[index]);
          var order = numeric ? x - y : x.localeCompare(y, document.documentElement.lang);
          return ascending ? order : -order;
        });
        sorted.forEach(function (row) { table.tBodies[0].appendChild(row); });
      });
    });
    // the table scrolls sideways in its own box on narrow screens: let the keyboard reach it
    var scroller = table.closest(".kz-table-scroll");
    if (scroller) scroller.tabIndex = 0;
    apply();
  }

  // The language switcher keeps the reader's place: the same filters (?…) and
  // the same entry (#id); ids and filter values are the same in both languages.
  function keepPlaceOnSwitch() {
    var link = document.querySelector("a.kz-switch__link");
    if (!link) return;
    var target = new URL(link.href);
    target.search = window.location.search;
    target.hash = window.location.hash;
    link.href = target.href;
  }

  // Material opens its search (and dims the page) when the search box gets
  // focus, and keeps it open when Tab moves on: focus would then travel under
  // the overlay. Close it once focus leaves the search (WCAG 2.4.11).
  function closeSearchOnFocusOut() {
    var search = document.querySelector(".md-search");
    var toggle = document.getElementById("__search");
    if (!search || !toggle) return;
    search.addEventListener("focusout", function (event) {
      if (!toggle.checked || (event.relatedTarget && search.contains(event.relatedTarget))) return;
      if (!event.relatedTarget) return;  // focus left the window, not the search
      toggle.checked = false;
      toggle.dispatchEvent(new CustomEvent("change"));
    });
  }

  function start() {
    enhance();
    keepPlaceOnSwitch();
    closeSearchOnFocusOut();
    window.addEventListener("hashchange", keepPlaceOnSwitch);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
