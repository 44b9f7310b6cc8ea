// nubodoc: « Vos valeurs », the reader's own names in every snippet.
//
// On a page that shows a placeholder (<mon_bucket>…), a form at the top of the
// article (id "vos-valeurs") takes the reader's values, checks each one as its
// kind says (nubodoc-values-core.js, window.nubodocValuesRules) and refuses a bad
// one with the rule's message. Accepted values are kept in localStorage only,
// never sent: a link may carry them in the fragment (#valeurs=…, read once then
// removed from the address bar), never in the query. Every code block, inline
// literal and download link of the page shows them, quoted for its language;
// « Effacer » puts the placeholders back.
(function () {
  "use strict";

  const core = window.nubodocValuesCore;
  const rules = window.nubodocValuesRules;
  const STORAGE_KEY = "nubodoc-valeurs";
  const FRAGMENT = "valeurs=";
  const BLOCK_LANGUAGES = { r: "r", python: "python", bash: "mc", sh: "mc", shell: "mc" };
  const originals = new Map();
  const downloads = new Map();

  function accepted(values) {
    const kept = {};
    for (const [placeholder, value] of Object.entries(values || {})) {
      const entry = rules.placeholders[placeholder];
      if (!entry || typeof value !== "string") continue;
      const answer = core.check(rules, entry.kind, value);
      if ("value" in answer) kept[placeholder] = answer.value;
    }
    return kept;
  }

  function load() {
    try {
      return accepted(JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "{}"));
    } catch (err) {
      return {};
    }
  }

  function save(values) {
    try {
      if (Object.keys(values).length) {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify(values));
      } else {
        window.localStorage.removeItem(STORAGE_KEY);
      }
    } catch (err) {
      // storage unavailable: the values last as long as the page
    }
  }

  // #valeurs=<JSON> once, then out of the address bar (and of any copied link).
  function fromFragment() {
    const hash = window.location.hash.slice(1);
    if (!hash.startsWith(FRAGMENT)) return null;
    window.history.replaceState(window.history.state, "",
      window.location.pathname + window.location.search);
    try {
      return accepted(JSON.parse(decodeURIComponent(hash.slice(FRAGMENT.length))));
    } catch (err) {
      return null;
    }
  }

  function languageOf(element) {
    const block = element.closest("div[class*='highlight-']");
    if (!block) return "";
    const found = Array.from(block.classList).find((c) => c.startsWith("highlight-"));
    return BLOCK_LANGUAGES[found.slice("highlight-".length)] || "";
  }

  function textNodes(element) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const found = [];
    while (walker.nextNode()) found.push(walker.currentNode);
    return found;
  }

  // Each placeholder of values replaced in element's text, highlighting kept:
  // a placeholder split across spans lands in the first one, the rest emptied.
  function fill(element, values) {
    if (!originals.has(element)) originals.set(element, element.innerHTML);
    element.innerHTML = originals.get(element);
    if (!Object.keys(values).length) return;
    const nodes = textNodes(element);
    const text = nodes.map((node) => node.data).join("");
    const edits = core.replacements(text, languageOf(element), values);
    let start = 0;
    const spans = nodes.map((node) => {
      const span = { node, start, end: start + node.data.length, data: node.data };
      start = span.end;
      return span;
    });
    for (const edit of edits.reverse()) {
      for (const span of spans) {
        if (span.end <= edit.start || span.start >= edit.end) continue;
        const from = Math.max(edit.start, span.start) - span.start;
        const to = Math.min(edit.end, span.end) - span.start;
        const inserted = span.start <= edit.start ? edit.text : "";
        span.data = span.data.slice(0, from) + inserted + span.data.slice(to);
      }
    }
    spans.forEach((span) => { if (span.node.data !== span.data) span.node.data = span.data; });
  }

  function holdsPlaceholder(element) {
    const text = element.dataset.nubodocText || "";
    return (text.match(core.PLACEHOLDER) || []).some((p) => p in rules.placeholders);
  }

  function targets() {
    return Array.from(document.querySelectorAll(
      "article div.highlight pre, article code.literal"));
  }

  // A download link gives the file as its code block shows it.
  function fillDownload(link, values) {
    if (!downloads.has(link)) downloads.set(link, { href: link.href, url: null });
    const kept = downloads.get(link);
    if (kept.url) URL.revokeObjectURL(kept.url);
    kept.url = null;
    link.href = kept.href;
    link.removeAttribute("download");
    const holder = link.closest("p")?.previousElementSibling;
    const pre = holder?.querySelector("div.highlight pre");
    if (!Object.keys(values).length || !pre) return;
    kept.url = URL.createObjectURL(new Blob([pre.textContent], { type: "text/plain" }));
    link.href = kept.url;
    link.setAttribute("download", kept.href.split("/").pop());
  }

  function apply(values) {
    targets().forEach((element) => fill(element, values));
    document.querySelectorAll("a.nubodoc-download").forEach((a) => fillDownload(a, values));
  }

  function field(placeholder, entry, value) {
    const id = "nubodoc-valeur-" + placeholder.slice(1, -1);
    const row = document.createElement("div");
    row.className = "nubodoc-values-field";
    row.innerHTML =
      `<label for="${id}"></label><code></code>` +
      `<input id="${id}" type="text" autocomplete="off" spellcheck="false" ` +
      `aria-describedby="${id}-aide ${id}-erreur ${id}-attention">` +
      `<p class="nubodoc-values-help" id="${id}-aide"></p>` +
      `<p class="nubodoc-values-error" id="${id}-erreur" aria-live="polite"></p>` +
      `<p class="nubodoc-values-caution" id="${id}-attention" aria-live="polite"></p>`;
    row.querySelector("label").textContent = entry.label;
    row.querySelector("code").textContent = placeholder;
    row.querySelector("p.nubodoc-values-help").textContent = entry.help;
    const input = row.querySelector("input");
    input.value = value || "";
    input.dataset.placeholder = placeholder;
    return row;
  }

  // The reader's user name: their bucket is named from it as the platform's profile says
  // (bucketNamePrefix + user name), and fills the bucket's field.
  function userField() {
    const id = "nubodoc-valeur-utilisateur";
    const row = document.createElement("div");
    row.className = "nubodoc-values-field";
    row.innerHTML =
      `<label for="${id}">Votre nom d’utilisateur</label>` +
      `<input id="${id}" type="text" autocomplete="off" spellcheck="false" ` +
      `aria-describedby="${id}-aide ${id}-erreur" data-user="true">` +
      `<p class="nubodoc-values-help" id="${id}-aide">Celui de Mon compte : ` +
      `votre bucket personnel s’en déduit.</p>` +
      `<p class="nubodoc-values-error" id="${id}-erreur" aria-live="polite"></p>`;
    return row;
  }

  function bucketOf(user) {
    return (rules.bucket_name_prefix || "") + user.trim();
  }

  function form(values, onChange) {
    const box = document.createElement("details");
    box.id = "vos-valeurs";
    box.className = "nubodoc-values";
    box.innerHTML =
      "<summary>Vos valeurs</summary>" +
      "<p>Saisissez vos noms une fois\u00a0: tous les extraits du site les utilisent, " +
      "et le bouton de copie les copie. Ils restent dans ce navigateur et ne sont " +
      "envoyés nulle part.</p><form novalidate></form>";
    const element = box.querySelector("form");
    element.append(userField());
    for (const [placeholder, entry] of Object.entries(rules.placeholders)) {
      element.append(field(placeholder, entry, values[placeholder]));
    }
    const clear = document.createElement("button");
    clear.type = "button";
    clear.textContent = "Effacer";
    clear.className = "nubodoc-values-clear";
    element.append(clear);
    element.addEventListener("submit", (event) => event.preventDefault());
    element.addEventListener("input", (event) => {
      let input = event.target;
      if (input.dataset.user) {
        const bucketInput = element.querySelector("input[data-placeholder='<mon_bucket>']");
        bucketInput.value = input.value.trim() ? bucketOf(input.value) : "";
        input = bucketInput;
      }
      const placeholder = input.dataset.placeholder;
      const error = input.parentElement.querySelector(".nubodoc-values-error");
      const kind = rules.placeholders[placeholder].kind;
      const answer = input.value.trim() ? core.check(rules, kind, input.value) : null;
      error.textContent = answer && "refused" in answer ? answer.refused : "";
      input.setAttribute("aria-invalid", answer && "refused" in answer ? "true" : "false");
      const caution = input.parentElement.querySelector(".nubodoc-values-caution");
      caution.textContent = answer && "value" in answer
        ? core.cautions(rules, kind, answer.value).map((found) => found.caution).join(" ")
        : "";
      if (answer && "refused" in answer) return;
      onChange(placeholder, answer ? answer.value : null);
    });
    clear.addEventListener("click", () => {
      element.querySelectorAll("input").forEach((input) => {
        input.value = "";
        input.setAttribute("aria-invalid", "false");
      });
      element.querySelectorAll(".nubodoc-values-error, .nubodoc-values-caution")
        .forEach((p) => (p.textContent = ""));
      onChange(null, null);
    });
    return box;
  }

  function start() {
    if (!core || !rules) return;
    targets().forEach((element) => (element.dataset.nubodocText = element.textContent));
    if (!targets().some(holdsPlaceholder)) return;
    const fragment = fromFragment();
    let values = fragment ? { ...load(), ...fragment } : load();
    if (fragment) save(values);
    const box = form(values, (placeholder, value) => {
      if (placeholder === null) values = {};
      else if (value === null) delete values[placeholder];
      else values[placeholder] = value;
      save(values);
      apply(values);
    });
    const title = document.querySelector("article h1");
    if (title) title.after(box);
    else document.querySelector("article")?.prepend(box);
    if (window.location.hash === "#vos-valeurs") box.open = true;
    window.addEventListener("hashchange", () => {
      if (window.location.hash === "#vos-valeurs") box.open = true;
    });
    apply(values);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
