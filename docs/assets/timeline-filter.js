/* Timeline filters: by kind and by actor. The timeline is complete without this
   script; it only shows the filter form and hides entries that do not match.
   Nothing is fetched, stored or sent. */
(function () {
  "use strict";

  function setup() {
    var forms = document.querySelectorAll("form.kb-filter");
    Array.prototype.forEach.call(forms, function (form) {
      if (form.dataset.ready) return;
      form.dataset.ready = "1";
      var lists = document.querySelectorAll("ul.kb-timeline");
      var output = form.querySelector("output");

      function matches(item) {
        var kind = form.elements.kind.value;
        var actor = form.elements.actor.value;
        var actors = (item.dataset.actors || "").split(" ");
        return (!kind || item.dataset.kind === kind) && (!actor || actors.indexOf(actor) !== -1);
      }

      function apply() {
        var shown = 0;
        Array.prototype.forEach.call(lists, function (list) {
          var visible = 0;
          Array.prototype.forEach.call(list.children, function (item) {
            var ok = matches(item);
            item.hidden = !ok;
            if (ok) visible += 1;
          });
          list.hidden = visible === 0;
          var heading = list.previousElementSibling;
          if (heading && /^H[1-6]$/.test(heading.tagName)) heading.hidden = visible === 0;
          shown += visible;
        });
        if (output) {
          // "1 entry shown" / "3 entries shown": both forms come from the page, in its language.
          var form_ = shown === 1 ? form.dataset.one : form.dataset.other;
          var number = shown.toLocaleString(document.documentElement.lang || undefined);
          output.textContent = (form_ || "{n}").replace("{n}", number);
        }
      }

      form.addEventListener("change", apply);
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.hidden = false;
      apply();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
