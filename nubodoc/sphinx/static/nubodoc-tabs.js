// nubodoc: the reader's language in the URL, and tabs that do not jump.
//
// Extends sphinx-design's design-tabs.js (loaded after this file), which keeps
// the chosen tab in localStorage and reads `?<group>=<key>` when the page loads.
// This file adds what it lacks:
// - an unknown `?lang=` value is dropped before sphinx-design reads it, so it
//   never overwrites the reader's stored choice;
// - the language shown is written to the address bar (history.replaceState),
//   so a copied link opens on the reader's language;
// - after a switch of language or of tool (groups `outil-<language>`), the
//   clicked tab stays where it was on screen although the tab-sets above it
//   changed height.
(function () {
  "use strict";

  const script = document.currentScript;
  const group = script?.getAttribute("data-nubodoc-group") || "lang";
  const known = (script?.getAttribute("data-nubodoc-keys") || "").split(" ");
  const storageKey = "sphinx-design-tab-id-" + group;

  function readStored() {
    try {
      return window.localStorage.getItem(storageKey);
    } catch (err) {
      return null;
    }
  }

  function store(key) {
    try {
      window.localStorage.setItem(storageKey, key);
    } catch (err) {
      // storage unavailable: the URL still carries the language
    }
  }

  function writeUrl(key) {
    const url = new URL(window.location.href);
    if (url.searchParams.get(group) === key) return;
    if (key) {
      url.searchParams.set(group, key);
    } else {
      url.searchParams.delete(group);
    }
    window.history.replaceState(window.history.state, "", url.href);
  }

  // Runs now, before design-tabs.js reads the query string on DOMContentLoaded.
  const asked = new URLSearchParams(window.location.search).get(group);
  if (asked !== null && !known.includes(asked)) {
    writeUrl(null);
  } else if (asked) {
    store(asked);
  }

  function labelOf(input) {
    const label = input.nextElementSibling;
    return label instanceof HTMLElement && label.classList.contains("sd-tab-label")
      ? label
      : null;
  }

  let pinned = null;

  // Capture phase: runs before sphinx-design's handler syncs the other tab-sets.
  document.addEventListener(
    "change",
    (event) => {
      const input = event.target;
      if (!(input instanceof HTMLInputElement)) return;
      const label = labelOf(input);
      if (!label || !label.getAttribute("data-sync-group")) return;
      pinned = { label, top: label.getBoundingClientRect().top };
    },
    true
  );

  // Bubble phase: sphinx-design has synced every tab-set; put the label back.
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !pinned) return;
    const { label, top } = pinned;
    pinned = null;
    if (labelOf(input) !== label || !input.checked) return;
    const moved = label.getBoundingClientRect().top - top;
    if (Math.abs(moved) >= 1) window.scrollBy({ top: moved, behavior: "instant" });
    if (label.getAttribute("data-sync-group") === group) {
      writeUrl(label.getAttribute("data-sync-id"));
    }
  });

  // After design-tabs.js has restored the stored choice: show it in the URL.
  window.addEventListener("load", () => {
    const current = readStored();
    const shown = document.querySelector(
      `.sd-tab-label[data-sync-group="${group}"][data-sync-id="${current}"]`
    );
    if (current && known.includes(current) && shown) writeUrl(current);
  });
})();
