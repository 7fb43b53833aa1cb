"""The report's inline stylesheet and script (own code, no third-party front end).

Neither may reference anything outside the file: no URLs, no web fonts, no ``url()``.
The script reads document data only from element attributes and writes it only with
``textContent``, never as markup.
"""

from __future__ import annotations

# Hue and saturation per NEREL label; the stylesheet derives fills and rules from them.
LABEL_COLORS: dict[str, tuple[int, int]] = {
    "PERSON": (212, 75), "ORGANIZATION": (140, 55), "LOCATION": (33, 80), "COUNTRY": (24, 85),
    "CITY": (42, 85), "STATE_OR_PROVINCE": (14, 75), "DISTRICT": (52, 75), "FACILITY": (62, 60),
    "DATE": (275, 60), "TIME": (290, 55), "AGE": (305, 45), "EVENT": (0, 70),
    "WORK_OF_ART": (182, 60), "LAW": (196, 60), "PRODUCT": (165, 50), "AWARD": (48, 90),
    "PROFESSION": (328, 60), "IDEOLOGY": (255, 45), "RELIGION": (238, 45),
    "NATIONALITY": (345, 55), "FAMILY": (100, 40), "LANGUAGE": (225, 40), "CRIME": (356, 45),
    "PENALTY": (8, 40), "DISEASE": (85, 45), "MONEY": (120, 35), "NUMBER": (210, 8),
    "ORDINAL": (210, 12), "PERCENT": (200, 15),
}

CSS = """
:root { --ink: #1d2330; --muted: #5d6677; --line: #dfe3ea; --bg: #f6f7f9; --card: #fff;
  --accent: #3557c6; --q: #7048c4; --c: #b98900; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
header.top { background: #1f2a44; color: #fff; padding: 14px 28px; display: flex;
  align-items: baseline; gap: 18px; flex-wrap: wrap; }
header.top h1 { margin: 0; font-size: 20px; letter-spacing: .04em; }
header.top p { margin: 0; color: #c8d0e0; }
header.top nav a { color: #fff; margin-right: 12px; }
main { padding: 18px 28px 40px; }
.doc { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  padding: 18px 22px; margin-bottom: 28px; }
.doc > h2 { margin: 0 0 2px; font-size: 19px; }
.meta { color: var(--muted); margin: 0 0 12px; font-size: 13px; }
.meta code { font-size: 12px; }
h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted);
  margin: 18px 0 8px; }
.empty { color: var(--muted); font-style: italic; margin: 4px 0; }
.legend { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 4px 0 8px; }
.chip { font: inherit; font-size: 12px; border: 1px solid hsl(var(--h) var(--s) 42%);
  background: hsl(var(--h) var(--s) 90%); color: var(--ink); border-radius: 12px;
  padding: 1px 9px; cursor: pointer; }
.chip b { font-weight: 600; margin-left: 4px; }
.chip.off { background: #fff; color: var(--muted); border-style: dashed; }
.layers { margin-left: 10px; color: var(--muted); font-size: 12px; }
.layers label { margin-right: 10px; cursor: pointer; }
.sw { display: inline-block; width: 11px; height: 11px; border-radius: 3px; vertical-align: -1px;
  background: hsl(var(--h) var(--s) 80%); border: 1px solid hsl(var(--h) var(--s) 42%); }
.sw.qt { background: none; border: 0; border-bottom: 2px dashed var(--q); border-radius: 0; }
.sw.cl { background: #fff3c4; border-color: var(--c); }
.grid { display: grid; grid-template-columns: minmax(0, 1fr) 380px; gap: 22px;
  align-items: start; }
.text { --h: 0; --s: 0%; white-space: pre-wrap; overflow-wrap: break-word;
  font: 16px/1.95 Georgia, "Times New Roman", "Noto Serif", serif; background: #fcfcfd;
  border: 1px solid var(--line); border-radius: 8px;
  padding: 16px 20px; margin: 0; }
.side { position: sticky; top: 10px; max-height: calc(100vh - 20px); overflow: auto;
  padding-right: 4px; }
.side h3:first-child { margin-top: 0; }
mark.m { color: inherit; background: hsl(var(--h) var(--s) 90%); padding: 1px 0 4px;
  border-bottom: 2px solid hsl(var(--h) var(--s) 45%); border-radius: 2px;
  -webkit-box-decoration-break: clone; box-decoration-break: clone; }
mark.m mark.m { background: hsl(var(--h) var(--s) 81%); padding: 0 1px 1px; }
mark.m.off { background: none; border-bottom-color: transparent; }
mark.m.hl { outline: 2px solid #ff9d00; background: #ffe08a; }
.qt { text-decoration: underline dashed var(--q) 1.5px; text-underline-offset: 6px;
  text-decoration-skip-ink: none; }
.cl { background: #fff7d6; box-shadow: 0 -1px 0 #f0d77a inset; }
.cue { font-weight: 700; color: #4a2a91; }
.no-qt .qt { text-decoration: none; }
.no-cl .cl { background: none; box-shadow: none; }
.no-cue .cue { font-weight: inherit; color: inherit; }
.text [id]:target, .text .tgt { outline: 3px solid #ff9d00; outline-offset: 1px;
  background-color: #ffe08a; scroll-margin: 35vh 0; }
.flash { animation: flash 1.6s ease-out 1; }
@keyframes flash { from { background-color: #ffd54a; } }
.groups section { margin-bottom: 10px; }
.groups h4 { margin: 0 0 4px; font-size: 13px; }
.groups h4 small { color: var(--muted); font-weight: 400; }
ul.list { list-style: none; margin: 0; padding: 0; }
.ent { display: flex; flex-wrap: wrap; gap: 2px 8px; align-items: baseline; padding: 3px 8px;
  border-radius: 6px; cursor: pointer; }
.ent:hover, .item:hover, .tl-row:hover { background: #eef2fb; }
.ent.active, .item.active, .tl-row.active { background: #ffefc2; }
.ent .nm { font-weight: 600; }
.ent.loose .nm { font-weight: 400; }
.cnt { color: #fff; background: #7b8499; border-radius: 9px; font-size: 11px; padding: 0 6px; }
.al { color: var(--muted); font-size: 12px; flex-basis: 100%; padding-left: 2px; }
.qid { font-size: 11px; color: var(--muted); }
.item { border: 1px solid var(--line); border-radius: 8px; padding: 7px 10px; margin-bottom: 7px;
  cursor: pointer; }
.item .hd { font-size: 12px; color: var(--muted); display: flex; gap: 6px; flex-wrap: wrap;
  align-items: baseline; }
.item .who { color: var(--ink); font-weight: 600; }
.item .body { margin-top: 3px; font-family: Georgia, "Noto Serif", serif; }
.kind { font-size: 11px; border-radius: 4px; padding: 0 5px; color: #fff; background: var(--q); }
.kind.k-title { background: #2e8b83; }
.kind.k-term { background: #8a8f99; }
.kind.claim { background: var(--c); }
.facts .subj { margin-bottom: 12px; }
.facts h4 { margin: 0 0 4px; font-size: 14px; cursor: pointer; }
.facts h4 small { color: var(--muted); font-weight: 400; }
.fact .rn { color: #4a2a91; font-weight: 600; }
.fact .arr { color: var(--muted); }
.fact .sc { margin-left: auto; font-size: 11px; color: var(--muted); }
.events .when { color: #4b2f8f; font-size: 12px; }
.ev-body { font-family: inherit; font-size: 13px; }
.link { color: var(--accent); cursor: pointer; border-bottom: 1px dotted var(--accent); }
.link.active { background: #ffefc2; }
.ev.on { background: #dcebff; box-shadow: 0 0 0 2px #9cc3ff;
  -webkit-box-decoration-break: clone; box-decoration-break: clone; }
.tl { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px 10px;
  background: #fcfcfd; }
.tl-rows { max-height: 340px; overflow: auto; }
.tl-row, .tl-axis { display: grid; grid-template-columns: 250px minmax(0, 1fr); gap: 12px;
  align-items: center; }
.tl-row { cursor: pointer; border-radius: 4px; min-height: 24px; }
.tl-lab { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-size: 12px; }
.tl-lab code { font-size: 12px; color: #4b2f8f; margin-right: 6px; }
.tl-lab .n { color: var(--muted); }
.tl-lab .evn { color: hsl(0 55% 38%); font-weight: 600; }
.tl-track, .tl-scale { position: relative; height: 22px; }
.tl-scale { height: 18px; border-bottom: 1px solid #b9c0cd; }
.tick { position: absolute; top: 0; bottom: 0; border-left: 1px solid #e7e9ef; }
.tl-scale .tick { border-left-color: #b9c0cd; }
.tick span { position: absolute; left: 3px; top: 0; font-size: 11px; color: var(--muted);
  white-space: nowrap; }
.bar { position: absolute; top: 5px; height: 12px; min-width: 8px; border-radius: 6px;
  background: hsl(275 55% 58%); border: 1px solid hsl(275 55% 38%); }
.bar { background-origin: border-box; }
.bar.approx { background: hsl(275 55% 80%); border-style: dashed; }
.bar.uncertain { opacity: .75; border-style: dotted; }
.bar.unspec { background: repeating-linear-gradient(135deg, hsl(275 55% 70%) 0 4px,
  #fff 4px 7px); }
.bar.open-start { border: 0; border-radius: 0 6px 6px 0;
  background: linear-gradient(90deg, transparent, hsl(275 55% 62%) 70%); }
.bar.open-end { border: 0; border-radius: 6px 0 0 6px;
  background: linear-gradient(90deg, hsl(275 55% 62%) 30%, transparent); }
.bar.open-start.open-end { background: hsl(275 55% 85%); }
.bar .q { position: absolute; right: -11px; top: -5px; font-size: 11px; font-weight: 700;
  color: #6b3fb8; }
.tl-key { margin-top: 8px; font-size: 12px; color: var(--muted); display: flex; gap: 16px;
  flex-wrap: wrap; align-items: center; }
.tl-key .bar { position: relative; display: inline-block; top: 2px; width: 26px;
  margin-right: 5px; }
.tip { position: fixed; z-index: 10; pointer-events: none; background: #1f2a44; color: #fff;
  font-size: 12px; padding: 5px 8px; border-radius: 6px; white-space: pre-line;
  box-shadow: 0 3px 12px rgba(0,0,0,.25); max-width: 420px; }
.tip[hidden] { display: none; }
@media (max-width: 1000px) { .grid { grid-template-columns: 1fr; } .side { position: static;
  max-height: none; } .tl-row, .tl-axis { grid-template-columns: 150px minmax(0, 1fr); } }
"""

JS = """
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  var stripped = [];

  function restore() {
    stripped.forEach(function (el) {
      el.setAttribute("title", el.getAttribute("data-title"));
      el.removeAttribute("data-title");
    });
    stripped = [];
  }

  function chainTitles(el, box) {
    var lines = [];
    while (el && el !== box) {
      var t = el.getAttribute("title");
      if (t) {
        lines.push(t);
        el.setAttribute("data-title", t);
        el.removeAttribute("title");
        stripped.push(el);
      }
      el = el.parentElement;
    }
    return lines;
  }

  document.addEventListener("mouseover", function (ev) {
    var box = ev.target.closest(".text");
    restore();
    if (!box) { tip.hidden = true; return; }
    var lines = chainTitles(ev.target, box);
    if (!lines.length) { tip.hidden = true; return; }
    tip.textContent = lines.join("\\n");
    tip.hidden = false;
  });

  document.addEventListener("mousemove", function (ev) {
    if (tip.hidden) { return; }
    var x = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    var y = ev.clientY + 18;
    if (y + tip.offsetHeight > window.innerHeight) { y = ev.clientY - tip.offsetHeight - 10; }
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  });

  function clearFocus(sec) {
    sec.querySelectorAll(".hl").forEach(function (n) { n.classList.remove("hl"); });
    sec.querySelectorAll(".active").forEach(function (n) { n.classList.remove("active"); });
    sec.querySelectorAll(".ev.on").forEach(function (n) { n.classList.remove("on"); });
  }

  function show(node) {
    node.scrollIntoView({ behavior: "smooth", block: "center" });
    node.classList.remove("flash");
    void node.offsetWidth;
    node.classList.add("flash");
  }

  function focusMentions(item) {
    var sec = item.closest(".doc");
    var wanted = new Set(item.getAttribute("data-ms").split(" "));
    var nodes = Array.prototype.filter.call(sec.querySelectorAll(".text [data-m]"),
      function (n) { return wanted.has(n.getAttribute("data-m")); });
    var again = item.classList.contains("active");
    var step = again ? (Number(item.getAttribute("data-step") || 0) + 1) : 0;
    clearFocus(sec);
    item.classList.add("active");
    nodes.forEach(function (n) { n.classList.add("hl"); });
    if (nodes.length) {
      item.setAttribute("data-step", String(step % nodes.length));
      show(nodes[step % nodes.length]);
    }
  }

  var ATTRS = { q: "data-q", c: "data-c", r: "data-r" };

  function lightEvidence(sec, key, pair) {
    var nodes = Array.prototype.filter.call(sec.querySelectorAll(".text [data-r]"),
      function (n) { return n.getAttribute("data-r") === key; });
    nodes.forEach(function (n) { n.classList.add("on"); });
    var wanted = new Set((pair || "").split(" "));
    sec.querySelectorAll(".text [data-m]").forEach(function (n) {
      if (wanted.has(n.getAttribute("data-m"))) { n.classList.add("hl"); }
    });
    return nodes[0] || null;
  }

  function jump(item) {
    var sec = item.closest(".doc");
    var key = item.getAttribute("data-jump");
    var attr = ATTRS[key.charAt(0)] || "data-c";
    var node = sec.querySelector(".text [" + attr + "=\\"" + CSS.escape(key) + "\\"]");
    clearFocus(sec);
    item.classList.add("active");
    if (attr === "data-r") { node = lightEvidence(sec, key, item.getAttribute("data-pair")); }
    if (node) { show(node); }
  }

  /* An address ending in #r<n> (a fact's link from elsewhere) shows that evidence. */
  function fromHash() {
    var key = decodeURIComponent(window.location.hash.slice(1));
    if (!/^r[0-9]+$/.test(key)) { return; }
    var sec = document.querySelector(".doc");
    if (!sec) { return; }
    var item = sec.querySelector(".fact[data-jump=\\"" + CSS.escape(key) + "\\"]");
    if (item) { jump(item); return; }
    clearFocus(sec);
    var node = lightEvidence(sec, key, null);
    if (node) { show(node); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();

  function toggleLabel(chip) {
    var sec = chip.closest(".doc");
    var label = chip.getAttribute("data-label");
    var off = chip.classList.toggle("off");
    sec.querySelectorAll(".text mark.L-" + CSS.escape(label)).forEach(function (n) {
      n.classList.toggle("off", off);
    });
  }

  document.addEventListener("click", function (ev) {
    var el = ev.target;
    var chip = el.closest(".chip[data-label]");
    if (chip) { toggleLabel(chip); return; }
    var item = el.closest("[data-ms]");
    var jumper = el.closest("[data-jump]");
    if (item && (!jumper || jumper.contains(item))) { focusMentions(item); return; }
    if (jumper) { jump(jumper); }
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { document.querySelectorAll(".doc").forEach(clearFocus); }
    if (ev.key === "Enter" && ev.target.matches("[data-ms], [data-jump]")) { ev.target.click(); }
  });

  document.addEventListener("change", function (ev) {
    var box = ev.target;
    if (!box.matches("input[data-layer]")) { return; }
    box.closest(".doc").classList.toggle("no-" + box.getAttribute("data-layer"), !box.checked);
  });
}());
"""
