// letopis map: hide the labels that would cover an earlier label or another place's dot
// at the size the map is drawn now (the server proposes labels; fonts and widths are the
// browser's). Labels come largest place first, so the larger places keep theirs.
(function () {
  "use strict";
  function meets(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function declutter() {
    document.querySelectorAll("svg.map").forEach(function (svg) {
      var places = Array.prototype.slice.call(svg.querySelectorAll(".map-place"));
      var dots = places.map(function (p) {
        return p.querySelector("circle").getBoundingClientRect();
      });
      var kept = [];
      places.forEach(function (place, i) {
        var label = place.querySelector("text");
        if (!label) { return; }
        label.style.visibility = "";
        var box = label.getBoundingClientRect();
        var covered = kept.some(function (k) { return meets(box, k); }) ||
          dots.some(function (d, j) { return j !== i && meets(box, d); });
        if (covered) { label.style.visibility = "hidden"; } else { kept.push(box); }
      });
    });
  }
  window.addEventListener("load", declutter);
  window.addEventListener("resize", declutter);
})();
