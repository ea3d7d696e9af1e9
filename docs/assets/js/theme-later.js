/* Material's bundle, started after the first search results instead of before them.
 *
 * The bundle is one long task (it switches the page from no-js to js, which restyles and lays out
 * the whole page, then wires every component): run where Material puts it, it stands between the
 * index files a search has loaded and the results they give, on the phrase finder (?q=…) and in a
 * header search typed as the page opens. So overrides/main.html writes Material's bundle tag inert
 * (type="text/plain", data-kb-theme) and this script starts it: at once when no search is under
 * way (the page's load event still waits for it, as before), otherwise once every search under way
 * has shown its first results (KbPhrase.answered) and they have been painted, and never later than
 * MAX ms. Material starts on DOMContentLoaded; when the bundle runs after that event, the event is
 * sent again for it (Material listens once).
 */
(function () {
  "use strict";

  var MAX = 1500;
  var held = document.querySelector("script[data-kb-theme]");
  if (!held) return;
  var src = held.getAttribute("data-src");
  var parsed = document.readyState !== "loading";
  document.addEventListener("DOMContentLoaded", function () { parsed = true; }, { once: true });

  // Download now, run later.
  var early = document.createElement("link");
  early.rel = "preload";
  early.as = "script";
  early.href = src;
  document.head.appendChild(early);

  var started = false;
  function start() {
    if (started) return;
    started = true;
    var tag = document.createElement("script");
    tag.src = src;
    tag.onload = function () {
      if (parsed) document.dispatchEvent(new Event("DOMContentLoaded"));
    };
    held.parentNode.insertBefore(tag, held.nextSibling);
  }

  // after the results are painted: the next frame, then a task of its own
  function afterPaint() { requestAnimationFrame(function () { setTimeout(start, 0); }); }

  var searching = window.KbPhrase && window.KbPhrase.searching && window.KbPhrase.searching();
  if (!searching) {
    start();
    return;
  }
  setTimeout(start, MAX);
  window.KbPhrase.answered().then(afterPaint, afterPaint);
})();
