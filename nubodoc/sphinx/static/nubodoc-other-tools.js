// nubodoc: a language with several tools shows its default tool's tab first,
// and the others behind one « Autres outils » button (aria-expanded). The row
// opens by itself where the reader's chosen tool (remembered across pages by
// sphinx-design, group outil-<language>) is another tool than the default.
(function () {
  "use strict";

  function labels(tabSet) {
    return Array.from(tabSet.children).filter((c) => c.classList.contains("sd-tab-label"));
  }

  function show(tabSet, button, open) {
    // The radio input goes with its label: a shown input without a shown label
    // would have no name (axe-core: label).
    labels(tabSet).slice(1).forEach((label) => {
      label.hidden = !open;
      label.previousElementSibling.hidden = !open;
    });
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.hidden = open;
  }

  function fold(tabSet) {
    const row = labels(tabSet);
    if (row.length < 2) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "nubodoc-other-tools";
    button.textContent = "Autres outils (" + (row.length - 1) + ")";
    // After the default tool's content, not between a label and its content:
    // sphinx-design shows a tab's content with "input:checked + label + content".
    row[0].nextElementSibling.after(button);
    button.addEventListener("click", () => {
      show(tabSet, button, true);
      row[1].focus?.();
    });
    const chosen = () => tabSet.querySelector(":scope > input:checked");
    const refresh = () => {
      if (chosen() && chosen() !== row[0].previousElementSibling) show(tabSet, button, true);
    };
    show(tabSet, button, false);
    refresh();
    return refresh;
  }

  // After design-tabs.js has restored the stored tool (on DOMContentLoaded); a
  // tool chosen in one row is synced into the others without a change event.
  window.addEventListener("load", () => {
    const refreshes = Array.from(document.querySelectorAll("div.sd-tab-set.nubodoc-tools"))
      .map(fold).filter(Boolean);
    const refreshAll = () => window.setTimeout(() => refreshes.forEach((r) => r()), 0);
    document.addEventListener("click", refreshAll);
    document.addEventListener("change", refreshAll);
  });
})();
