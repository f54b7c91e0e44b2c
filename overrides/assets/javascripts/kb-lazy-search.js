/*
 * Loaded before Material's bundle (overrides/main.html). Three jobs, no network of its own:
 *
 * 1. Search costs nothing until the reader opens it. Material 9.8 fetches the search index
 *    (XMLHttpRequest) and starts its search worker on every page load. Here the index request
 *    is held until the reader first opens search (focus in the search field, the search toggle,
 *    a ?q= or ?h= address), and the worker is created only when Material posts the index to it;
 *    a query typed before that waits and follows the index.
 * 2. Each language has its own index: the request goes to the page language's index
 *    (data-index on this script's tag), not the site root's.
 * 3. The language switch asks for sitemap.xml under each alternate page's address, which
 *    does not exist (404 console errors). Those requests are answered at once with a
 *    network error that Material already handles (it then falls back to the plain link).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var indexUrl = script && script.getAttribute("data-index");
  var INDEX = /\/search\/search_index\.json$/;
  var SITEMAP = /\/sitemap\.xml$/;
  var WORKER = /\/workers\/search\.[0-9a-f]+\.min\.js$/;

  var open;
  var opened = new Promise(function (resolve) { open = resolve; });
  if (/[?&](q|h)=/.test(location.search)) open();
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.getAttribute && target.getAttribute("data-md-component") === "search-query") open();
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) open();
  });

  var xhrOpen = XMLHttpRequest.prototype.open;
  var xhrSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    var address = new URL(String(url), location.href);
    this.kbKind = INDEX.test(address.pathname) ? "index" : SITEMAP.test(address.pathname) ? "sitemap" : "";
    var args = Array.prototype.slice.call(arguments);
    if (this.kbKind === "index" && indexUrl) args[1] = new URL(indexUrl, location.href).href;
    return xhrOpen.apply(this, args);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this;
    var args = arguments;
    if (xhr.kbKind === "sitemap") {
      setTimeout(function () { xhr.dispatchEvent(new ProgressEvent("error")); }, 0);
      return undefined;
    }
    if (xhr.kbKind === "index") {
      opened.then(function () { xhrSend.apply(xhr, args); });
      return undefined;
    }
    return xhrSend.apply(xhr, args);
  };

  var RealWorker = window.Worker;
  if (!RealWorker) return;
  function LazyWorker(url, options) {
    if (!WORKER.test(new URL(String(url), location.href).pathname)) return new RealWorker(url, options);
    var target = new EventTarget();
    var worker = null;
    var waiting = [];
    // Material may post a query before the index has arrived; the worker must get the index
    // (setup, type 0) first, so messages wait here until it comes.
    target.postMessage = function (message, transfer) {
      if (!worker && !(message && message.type === 0)) {
        waiting.push([message, transfer]);
        return;
      }
      if (!worker) {
        worker = new RealWorker(url, options);
        worker.addEventListener("message", function (event) {
          target.dispatchEvent(new MessageEvent("message", { data: event.data }));
        });
        worker.addEventListener("error", function (event) {
          target.dispatchEvent(new ErrorEvent("error", { message: event.message }));
        });
        worker.postMessage(message, transfer);
        waiting.forEach(function (item) { worker.postMessage(item[0], item[1]); });
        waiting = [];
        return;
      }
      worker.postMessage(message, transfer);
    };
    target.terminate = function () { if (worker) worker.terminate(); };
    return target;
  }
  window.Worker = LazyWorker;
})();
