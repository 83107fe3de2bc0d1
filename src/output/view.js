(function () {
  "use strict";
  // (no less-than sign nor ampersand here: the page is well-formed XML too)
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.fact"));
  var pages = document.getElementById("pages");
  var current = null;
  var violations = 0;
  document.addEventListener("securitypolicyviolation", function () { violations += 1; });
  function marksOf(i) { return document.querySelectorAll("mark[data-fact=\"" + i + "\"]"); }
  function select(i, from) {
    if (current !== null) {
      var old = document.getElementById("f-" + current);
      if (old) { old.classList.remove("on"); }
      marksOf(current).forEach(function (m) { m.classList.remove("on"); });
    }
    current = String(i);
    var row = document.getElementById("f-" + i);
    if (row) {
      row.classList.add("on");
      if (from !== "row") {
        // (a kind's first fact brings its heading too)
        var first = row.previousElementSibling === null;
        if (first) {
          row.closest("section").scrollIntoView({ block: "start" });
        } else {
          row.scrollIntoView({ block: "nearest" });
        }
      }
    }
    marksOf(i).forEach(function (m) { m.classList.add("on"); });
    var mark = document.getElementById("m-" + i);
    if (mark) {
      if (from !== "mark") { mark.scrollIntoView({ block: "center", inline: "nearest" }); }
    } else if (row) {
      var page = document.getElementById("page-" + row.dataset.page);
      if (page) { page.scrollIntoView({ block: "start" }); }
    }
  }
  rows.forEach(function (row) {
    row.addEventListener("click", function () { select(row.dataset.fact, "row"); });
  });
  // a PDF sheet wider than its pane is shown smaller, whole
  var sheets = Array.prototype.slice.call(document.querySelectorAll(".sheet"));
  function fit() {
    // (widths from the sheets' own attribute, in points: no layout read per sheet)
    var room = pages.clientWidth - 32;
    sheets.forEach(function (sheet) {
      var wide = Number(sheet.dataset.width) * 4 / 3;
      sheet.style.zoom = wide > room ? String(room / wide) : "";
    });
  }
  fit();
  window.addEventListener("resize", fit);
  pages.addEventListener("click", function (e) {
    var m = e.target.closest("mark.m");
    if (m) { select(m.dataset.fact, "mark"); }
  });
  function shown() { return rows.filter(function (r) { return r.offsetParent !== null; }); }
  document.addEventListener("keydown", function (e) {
    if (e.target.id === "filter") { return; }
    var step = 0;
    if (e.key === "ArrowDown" || e.key === "j") { step = 1; }
    if (e.key === "ArrowUp" || e.key === "k") { step = -1; }
    if (step === 0) { return; }
    e.preventDefault();
    var list = shown();
    if (list.length === 0) { return; }
    var at = list.findIndex(function (r) { return r.dataset.fact === current; });
    var next = at === -1 ? (step > 0 ? 0 : list.length - 1) : Math.max(0, Math.min(list.length - 1, at + step));
    select(list[next].dataset.fact, "key");
  });
  var filter = document.getElementById("filter");
  filter.addEventListener("input", function () {
    var q = filter.value.trim().toLowerCase();
    rows.forEach(function (r) {
      var hide = q === "" ? false : r.textContent.toLowerCase().indexOf(q) === -1;
      r.classList.toggle("hidden", hide);
      document.querySelectorAll("tr.warning[data-fact=\"" + r.dataset.fact + "\"]").forEach(function (w) {
        w.classList.toggle("hidden", hide);
      });
    });
  });
  document.querySelectorAll("#kinds input").forEach(function (box) {
    box.addEventListener("change", function () {
      var section = document.querySelector("section.kind[data-kind=\"" + box.dataset.kind + "\"]");
      if (section) { section.classList.toggle("hidden", !box.checked); }
      document.body.classList.toggle("no-" + box.dataset.kind, !box.checked);
    });
  });

  // The browser test's check (`view.html#selftest`): every fact has its mark, a
  // click on a fact brings its mark into view, a click on a mark selects its fact,
  // the document added no script or image, the policy refused nothing.
  function within(box, pane) {
    if (box.bottom > pane.top) {
      if (pane.bottom > box.top) {
        if (box.right > pane.left) { return pane.right > box.left; }
      }
    }
    return false;
  }
  function selftest() {
    var missing = [];
    var unseen = [];
    var unselected = [];
    rows.forEach(function (row) {
      var i = row.dataset.fact;
      var mark = document.getElementById("m-" + i);
      if (!mark) { missing.push(i); return; }
      row.click();
      var box = mark.getBoundingClientRect();
      if (!within(box, pages.getBoundingClientRect())) { unseen.push(i); }
      if (!mark.classList.contains("on")) { unseen.push(i); }
    });
    rows.forEach(function (row) {
      var i = row.dataset.fact;
      var mark = document.getElementById("m-" + i);
      if (!mark) { return; }
      // (the innermost mark of its first piece is the one a click lands on)
      var inner = mark.querySelector("mark.m") || mark;
      inner.click();
      var chosen = document.getElementById("f-" + inner.dataset.fact);
      if (!chosen.classList.contains("on")) { unselected.push(i); }
    });
    // the arrow keys step through the facts, in the order shown
    var stepped = true;
    if (rows.length > 1) {
      select(rows[0].dataset.fact, "key");
      document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
      if (current !== rows[1].dataset.fact) { stepped = false; }
      document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowUp", bubbles: true }));
      if (current !== rows[0].dataset.fact) { stepped = false; }
    }
    var scripts = document.getElementsByTagName("script").length;
    var images = document.querySelectorAll("img, iframe, object, embed, a[href], [onerror], [onload]").length;
    var ok = missing.length === 0 ? unseen.length === 0 ? unselected.length === 0 ? stepped ? scripts === 1 ? images === 0 ? violations === 0 : false : false : false : false : false : false;
    var verdict = (ok ? "ok" : "FAIL") + " facts=" + rows.length + " missing=[" + missing + "] unseen=[" + unseen +
      "] unselected=[" + unselected + "] keys=" + (stepped ? "ok" : "FAIL") + " scripts=" + scripts + " active=" + images + " violations=" + violations;
    document.body.setAttribute("data-selftest", verdict);
    if (rows.length) { select(rows[0].dataset.fact, "key"); }
  }
  if (location.hash === "#selftest") { window.setTimeout(selftest, 50); }
})();
