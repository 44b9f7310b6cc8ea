// nubodoc: code blocks and tables too wide for the screen scroll sideways;
// make each such region reachable with the keyboard (it can then be scrolled
// with the arrow keys). Checked again when a tab shows other blocks, and when
// the window changes width.
(function () {
  "use strict";

  const SCROLLABLE = "div.highlight pre, .table-wrapper";

  function markScrollable() {
    document.querySelectorAll(SCROLLABLE).forEach((element) => {
      if (element.scrollWidth > element.clientWidth) {
        if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "0");
      } else if (element.getAttribute("tabindex") === "0") {
        element.removeAttribute("tabindex");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", markScrollable);
  document.addEventListener("change", () => window.requestAnimationFrame(markScrollable));
  window.addEventListener("resize", markScrollable);
})();
