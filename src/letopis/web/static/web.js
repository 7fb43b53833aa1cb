/* letopis serve: small page behaviour (own code, no library).
   Document data is read from element attributes only; nothing is written as markup. */
(function () {
  "use strict";

  function entityLink(mark) {
    var local = mark.getAttribute("data-e");
    var items = document.querySelectorAll(".corpus-ents li[data-local]");
    for (var i = 0; i < items.length; i += 1) {
      if (items[i].getAttribute("data-local") === local) {
        return items[i].querySelector("a[href]");
      }
    }
    return null;
  }

  /* A click on a highlighted mention opens its corpus entity. */
  document.addEventListener("click", function (ev) {
    var mark = ev.target.closest(".text mark[data-e]");
    if (!mark || (window.getSelection && String(window.getSelection()))) { return; }
    var link = entityLink(mark);
    if (link) { window.location.assign(link.getAttribute("href")); }
  });

  /* Marks that lead to an entity page look like links. */
  document.querySelectorAll(".text mark[data-e]").forEach(function (mark) {
    if (entityLink(mark)) { mark.classList.add("linked"); }
  });

  /* Hovering a network node lights up its edges. */
  document.querySelectorAll("svg.network a.node").forEach(function (node) {
    var circle = node.querySelector("circle");
    node.addEventListener("mouseenter", function () {
      var x = circle.getAttribute("cx"), y = circle.getAttribute("cy");
      node.closest("svg").querySelectorAll("line.edge").forEach(function (edge) {
        var hit = (edge.getAttribute("x1") === x && edge.getAttribute("y1") === y) ||
          (edge.getAttribute("x2") === x && edge.getAttribute("y2") === y);
        edge.classList.toggle("lit", hit);
      });
    });
  });
}());
