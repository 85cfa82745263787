// legation reading room: small progressive enhancements.  Every page works without this file.
"use strict";

(function () {
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "sr";
      document.body.appendChild(area);
      area.select();
      try {
        document.execCommand("copy") ? resolve() : reject(new Error("copy refused"));
      } catch (err) {
        reject(err);
      } finally {
        document.body.removeChild(area);
      }
    });
  }

  function setUpCopyButtons() {
    var buttons = document.querySelectorAll("button.copy[data-copy]");
    buttons.forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) { return; }
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(source.textContent).then(function () {
          button.textContent = "Copied";
          button.classList.add("done");
        }, function () {
          var range = document.createRange();
          range.selectNodeContents(source);
          var sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
          button.textContent = "Selected — press Ctrl+C";
        });
        window.setTimeout(function () {
          button.textContent = label;
          button.classList.remove("done");
        }, 2000);
      });
    });
  }

  function setUpSortSubmit() {
    var select = document.querySelector("form.query select[name=sort]");
    if (select && select.form) {
      select.addEventListener("change", function () { select.form.submit(); });
    }
  }

  // The timeline: press on one bar and release on another to search that date range.  The range is
  // put in the page's own range form and submitted, so the server edits the query as without script.
  function setUpTimeline() {
    var figure = document.querySelector("figure.timeline");
    if (!figure) { return; }
    var form = figure.querySelector("form.range");
    var bars = Array.prototype.slice.call(figure.querySelectorAll(".bars [data-value]"));
    if (!form || !bars.length) { return; }
    figure.classList.add("js");
    var first = -1;
    var last = -1;
    var dragged = false;
    function mark() {
      var lo = Math.min(first, last);
      var hi = Math.max(first, last);
      bars.forEach(function (bar, i) { bar.classList.toggle("selecting", first >= 0 && i >= lo && i <= hi); });
    }
    function barAt(event) {
      var el = document.elementFromPoint(event.clientX, event.clientY);
      var bar = el && el.closest ? el.closest(".bars [data-value]") : null;
      return bar ? bars.indexOf(bar) : -1;
    }
    bars.forEach(function (bar, i) {
      bar.addEventListener("pointerdown", function (event) {
        if (event.button !== 0) { return; }
        first = i; last = i; dragged = false;
        mark();
        event.preventDefault();
      });
      bar.addEventListener("click", function (event) {
        if (dragged) { event.preventDefault(); }
      });
    });
    figure.addEventListener("pointermove", function (event) {
      if (first < 0) { return; }
      var i = barAt(event);
      if (i >= 0 && i !== last) { last = i; dragged = last !== first; mark(); }
    });
    document.addEventListener("pointerup", function () {
      if (first < 0) { return; }
      var lo = Math.min(first, last);
      var hi = Math.max(first, last);
      first = -1;
      if (!dragged) { mark(); return; }  // a plain click: the bar's own link zooms
      form.elements.start.value = bars[lo].getAttribute("data-value");
      form.elements.end.value = bars[hi].getAttribute("data-value");
      form.submit();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpCopyButtons();
    setUpSortSubmit();
    setUpTimeline();
  });
}());
