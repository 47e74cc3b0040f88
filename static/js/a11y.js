/*
 * Keyboard access to wide tables (every page, web/base.html). A table wider than the screen scrolls
 * inside its .table-wrap; such a wrapper is made focusable (and named after the table's caption or the
 * nearest heading) so that keyboard users can scroll it with the arrow keys (WCAG 2.1.1). Wrappers that
 * fit get no extra tab stop. Checked again when the window is resized, a <details> opens, or htmx swaps
 * in new content.
 */
(function () {
  "use strict";

  function nameOf(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var el = wrap;
    while (el && el !== document.body) {
      var prev = el.previousElementSibling;
      while (prev) {
        if (/^H[1-6]$/.test(prev.tagName) || prev.tagName === "SUMMARY") return prev.textContent.trim();
        prev = prev.previousElementSibling;
      }
      el = el.parentElement;
    }
    return "";
  }

  function update() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1 || wrap.scrollHeight > wrap.clientHeight + 1;
      var hidden = wrap.closest("details:not([open])") !== null;
      if (scrolls || hidden) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        var name = nameOf(wrap);
        if (name && !wrap.hasAttribute("aria-label")) wrap.setAttribute("aria-label", name);
      } else if (wrap.hasAttribute("tabindex")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
      }
    });
  }

  var pending = null;
  function later() {
    clearTimeout(pending);
    pending = setTimeout(update, 100);
  }

  update();
  window.addEventListener("load", update);
  window.addEventListener("resize", later);
  document.addEventListener("toggle", later, true);
  document.body.addEventListener("htmx:afterSettle", later);
})();
