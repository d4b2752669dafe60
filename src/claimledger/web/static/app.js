// claimledger: the only script. It marks the claim selected in a document (every
// highlight of its evidence and its entry in the list); links and :target do the rest,
// so the pages work without it. It reads only ids from the page and writes classes.
(function () {
  "use strict";
  function select(id) {
    var marks = document.querySelectorAll("a.ev.active, li.claim.active");
    for (var i = 0; i < marks.length; i++) marks[i].classList.remove("active");
    if (!id) return;
    var ev = document.querySelectorAll("a.ev");
    for (var j = 0; j < ev.length; j++) {
      var ids = (ev[j].getAttribute("data-claims") || "").split(" ");
      if (ids.indexOf(id) >= 0) ev[j].classList.add("active");
    }
    var item = document.getElementById("c-" + id);
    if (item) item.classList.add("active");
  }
  function fromHash() {
    var h = decodeURIComponent(location.hash || "");
    if (h.indexOf("#c-") === 0) select(h.slice(3));
    else if (h.indexOf("#ev-") === 0) select(h.slice(4));
  }
  window.addEventListener("hashchange", fromHash);
  document.addEventListener("DOMContentLoaded", fromHash);
})();
