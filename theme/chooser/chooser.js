// Go to the reader's language when the browser states one we have;
// the links on the page work without this script.
(function () {
  "use strict";
  var have = Array.prototype.map.call(document.querySelectorAll("a[data-lang]"), function (a) { return a.dataset.lang; });
  var wanted = (navigator.languages || [navigator.language || ""]).map(function (l) { return l.slice(0, 2).toLowerCase(); });
  for (var i = 0; i < wanted.length; i++) {
    if (have.indexOf(wanted[i]) >= 0) { window.location.replace(wanted[i] + "/"); return; }
  }
})();
