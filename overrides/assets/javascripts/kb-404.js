/*
 * GitHub Pages answers every missing address with the site's one /404.html (Indonesian).
 * For a missing address under the English site (/en/...), show the English 404 page instead.
 * The addresses come from data attributes on this script's tag (overrides/404.html).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var other = script.getAttribute("data-other-root");
  var page = script.getAttribute("data-other-page");
  if (other && page && location.pathname.indexOf(other) === 0 && location.pathname !== page) {
    location.replace(page);
  }
})();
